import { CanActivate, ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ErrorCode } from '@vantage/contracts';
import type { AuthContext } from '../auth/auth-context';
import { AppException } from '../common/app-exception';

const BLOCKED_DURING_IMPERSONATION = Symbol('blockedDuringImpersonation');

/**
 * Marks a route an impersonating admin may not use (switching team, creating a team, password,
 * email, 2FA and impersonation settings, starting another impersonation). The answer is 403
 * FORBIDDEN_DURING_IMPERSONATION unless the route names a more precise code.
 */
export const BlockedDuringImpersonation = (code: ErrorCode = ErrorCode.FORBIDDEN_DURING_IMPERSONATION) =>
  SetMetadata(BLOCKED_DURING_IMPERSONATION, code);

/** Global guard (after JwtTwoFactorGuard): enforces @BlockedDuringImpersonation() in one place. */
@Injectable()
export class NoImpersonationGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const code = this.reflector.getAllAndOverride<ErrorCode | undefined>(BLOCKED_DURING_IMPERSONATION, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!code) return true;
    const auth = context.switchToHttp().getRequest<{ auth?: AuthContext }>().auth;
    if (auth?.impersonation) throw AppException.forbidden(code);
    return true;
  }
}
