import { ErrorCode, type Role } from '@vantage/contracts';
import { AppException } from '../common/app-exception';

export const IMPERSONATION_DURATION_MINUTES = 30;

export interface ImpersonationCaller {
  id: string;
  role: Role;
  isTwoFactorEnabled: boolean;
  /** True when the caller's own request is already an impersonation. */
  isImpersonating: boolean;
}

export interface ImpersonationTarget {
  id: string;
  role: Role;
  impersonationAllowed: boolean;
}

/**
 * The rules of SPEC §4 in one place, in the order they are decided. Throws the refusal; returns
 * when the impersonation may start. The 2FA code is checked between the first rule and the rest
 * (see ImpersonationService.start), so a wrong code is refused before anything about the target
 * is revealed.
 */
export function assertCallerMayImpersonate(caller: ImpersonationCaller): void {
  if (caller.isImpersonating) throw AppException.forbidden(ErrorCode.IMPERSONATION_NESTED);
  if (caller.role !== 'admin' && caller.role !== 'super_admin') throw AppException.forbidden(ErrorCode.FORBIDDEN);
  if (!caller.isTwoFactorEnabled) throw AppException.forbidden(ErrorCode.IMPERSONATOR_TWO_FACTOR_DISABLED);
}

export function assertCanImpersonate(caller: ImpersonationCaller, target: ImpersonationTarget | null): asserts target is ImpersonationTarget {
  if (!target) throw AppException.notFound(ErrorCode.USER_NOT_FOUND);
  if (target.id === caller.id) throw AppException.forbidden(ErrorCode.IMPERSONATION_SELF);
  if (target.role === 'super_admin') throw AppException.forbidden(ErrorCode.IMPERSONATION_TARGET_SUPER_ADMIN);
  if (target.role === 'admin' && caller.role !== 'super_admin') throw AppException.forbidden(ErrorCode.IMPERSONATION_TARGET_ADMIN);
  if (!target.impersonationAllowed) throw AppException.forbidden(ErrorCode.IMPERSONATION_NOT_ALLOWED);
}

/**
 * Why the Teams List's Impersonate button is disabled for a row, or null when it is enabled.
 * The same rules as above, asked without a code, so the UI never re-derives them.
 */
export function impersonationBlockReason(caller: ImpersonationCaller, target: ImpersonationTarget): ErrorCode | null {
  try {
    assertCallerMayImpersonate(caller);
    assertCanImpersonate(caller, target);
    return null;
  } catch (error) {
    return (error as AppException).code;
  }
}
