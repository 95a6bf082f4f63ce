import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode, messageForErrorCode, RESTRICTED_ACTIONS, type RestrictedAction, type Restrictions } from '@vantage/contracts';
import { AppException } from '../common/app-exception';
import type { AuthContext } from './auth-context';

const BLOCKED_DURING_IMPERSONATION = Symbol('blockedDuringImpersonation');

/** What the API answers when an impersonating admin tries `action`. */
function refusalCode(action: RestrictedAction | 'other'): ErrorCode {
  return action === 'impersonate' ? ErrorCode.IMPERSONATION_NESTED : ErrorCode.FORBIDDEN_DURING_IMPERSONATION;
}

/**
 * Marks a route an impersonating admin may not use (switching team, creating a team, password,
 * 2FA and support-access settings, starting another impersonation, …). Name the action when the
 * web app shows a control for it: `GET /auth/me` then lists it in `restrictions`, from this same rule.
 */
export const BlockedDuringImpersonation = (action: RestrictedAction | 'other' = 'other') =>
  SetMetadata(BLOCKED_DURING_IMPERSONATION, action);

/**
 * What the caller may not do right now, and why — the same rule the guard below enforces, so the
 * web app disables exactly the controls the API would refuse.
 */
export function restrictionsOf(auth: AuthContext): Restrictions {
  if (!auth.impersonation) return {};
  const restrictions: Restrictions = {};
  for (const action of RESTRICTED_ACTIONS) {
    const code = refusalCode(action);
    restrictions[action] = { code, message: messageForErrorCode(code) ?? code };
  }
  return restrictions;
}

/**
 * What an impersonating admin is answered on a route (method or class marked), or undefined when
 * the route is open to them; the OpenAPI document lists it from here.
 */
export function impersonationRefusalOf(handler: object, controller: object): ErrorCode | undefined {
  const action = (Reflect.getMetadata(BLOCKED_DURING_IMPERSONATION, handler) ??
    Reflect.getMetadata(BLOCKED_DURING_IMPERSONATION, controller)) as RestrictedAction | 'other' | undefined;
  return action ? refusalCode(action) : undefined;
}

/** Global guard (after JwtTwoFactorGuard): enforces @BlockedDuringImpersonation() in one place. */
@Injectable()
export class NoImpersonationGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const action = this.reflector.getAllAndOverride<RestrictedAction | 'other' | undefined>(BLOCKED_DURING_IMPERSONATION, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!action) return true;
    const auth = context.switchToHttp().getRequest<{ auth?: AuthContext }>().auth;
    if (auth?.impersonation) throw AppException.forbidden(refusalCode(action));
    return true;
  }
}
