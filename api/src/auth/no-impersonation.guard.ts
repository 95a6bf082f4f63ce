import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import {
  ErrorCode,
  messageForErrorCode,
  RESTRICTED_ACTIONS,
  type RestrictedAction,
  type Restriction,
  type Restrictions,
} from '@vantage/contracts';
import { AppException } from '../common/app-exception';
import type { AuthContext } from './auth-context';

const BLOCKED_DURING_IMPERSONATION = Symbol('blockedDuringImpersonation');
const ALLOWED_IN_READ_ONLY_SESSION = Symbol('allowedInReadOnlySession');

/** The methods a read-only support session may use: reading changes nothing. */
const READ_ONLY_METHODS = new Set(['GET', 'HEAD']);

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
 * Marks a write a read-only support session may still make (SPEC §10): returning to the admin's own
 * account and signing out. Everything else but GET/HEAD is refused to it, new routes included.
 */
export const AllowedInReadOnlySession = () => SetMetadata(ALLOWED_IN_READ_ONLY_SESSION, true);

/** Whether a route (method or class marked) stays open to a read-only support session whatever its method. */
function isAllowedInReadOnlySession(handler: object, controller: object): boolean {
  return (
    (Reflect.getMetadata(ALLOWED_IN_READ_ONLY_SESSION, handler) ?? Reflect.getMetadata(ALLOWED_IN_READ_ONLY_SESSION, controller)) === true
  );
}

function restriction(code: ErrorCode): Restriction {
  return { code, message: messageForErrorCode(code) ?? code };
}

/**
 * What the caller may not do right now, and why — the same rules the guard below enforces, so the
 * web app disables exactly the controls the API would refuse: during any impersonation every marked
 * action, and in a read-only one any change at all (`change_data`).
 */
export function restrictionsOf(auth: AuthContext): Restrictions {
  if (!auth.impersonation) return {};
  const restrictions: Restrictions = {};
  for (const action of RESTRICTED_ACTIONS) {
    if (action !== 'change_data') restrictions[action] = restriction(refusalCode(action));
  }
  if (auth.impersonation.mode === 'read') restrictions.change_data = restriction(ErrorCode.READ_ONLY_IMPERSONATION);
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

/**
 * Global guard (after JwtTwoFactorGuard, before any route guard, pipe or handler): the limits of a
 * support session, in one place. A read-only session (SPEC §10) may only read: any other method is
 * refused unless the route is @AllowedInReadOnlySession() — decided by the method, not per route, so
 * a route added later is covered without anyone remembering to mark it. Then @BlockedDuringImpersonation().
 */
@Injectable()
export class NoImpersonationGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const targets = [context.getHandler(), context.getClass()];
    const request = context.switchToHttp().getRequest<{ auth?: AuthContext; method: string }>();
    const impersonation = request.auth?.impersonation;
    if (!impersonation) return true;
    if (
      impersonation.mode === 'read' &&
      !READ_ONLY_METHODS.has(request.method) &&
      !this.reflector.getAllAndOverride<boolean>(ALLOWED_IN_READ_ONLY_SESSION, targets)
    ) {
      throw AppException.forbidden(ErrorCode.READ_ONLY_IMPERSONATION);
    }
    const action = this.reflector.getAllAndOverride<RestrictedAction | 'other' | undefined>(BLOCKED_DURING_IMPERSONATION, targets);
    if (action) throw AppException.forbidden(refusalCode(action));
    return true;
  }
}

/**
 * What a read-only support session is answered on a route, or undefined when the route is open to it;
 * the OpenAPI document lists it from here. Public routes do not read the session's token at all.
 */
export function readOnlyRefusalOf(route: {
  method: string;
  handler: object;
  controller: object;
  isPublic: boolean;
}): ErrorCode | undefined {
  if (route.isPublic || READ_ONLY_METHODS.has(route.method.toUpperCase())) return undefined;
  return isAllowedInReadOnlySession(route.handler, route.controller) ? undefined : ErrorCode.READ_ONLY_IMPERSONATION;
}
