import { ErrorCode, type ImpersonationMode, type Role, type SupportAccessPolicy } from '@vantage/contracts';
import { AppException } from '../common/app-exception';
import type { AuthContext } from './auth-context';
import { isAdminRole } from './roles';

export interface ImpersonationCaller {
  id: string;
  role: Role;
  isTwoFactorEnabled: boolean;
  /** True when the caller's own request is already an impersonation. */
  isImpersonating: boolean;
}

/** What the rules below need to know of the person asking, from their request's auth context. */
export function impersonationCallerOf(auth: AuthContext): ImpersonationCaller {
  return {
    id: auth.user.id,
    role: auth.user.role,
    isTwoFactorEnabled: auth.user.isTwoFactorEnabled,
    isImpersonating: auth.impersonation !== null,
  };
}

export interface ImpersonationTarget {
  id: string;
  role: Role;
  impersonationAllowed: boolean;
}

/** The team entered, as its owners set it (SPEC §10), and what this admin was granted there. */
export interface TeamSupportAccess {
  policy: SupportAccessPolicy;
  /** This admin's approved, unexpired, unrevoked access to this user in this team; read only under `approval`. */
  grant: { mode: ImpersonationMode } | null;
}

/** What a running impersonation needs to stay valid, as the session check reads it on every request. */
export interface RunningImpersonation {
  endedAt: Date | null;
  expiresAt: Date;
  /** The admin's role now (not when the impersonation started). */
  impersonatorRole: Role | null;
  /** The user's choice now. */
  impersonationAllowed: boolean;
}

/**
 * Who may act as whom (SPEC §4, §10): the rules to start an impersonation and to keep it, in one place,
 * in the order they are decided. The auth core applies them on every request (`isStillValid`),
 * ImpersonationService when one starts, and the Teams List to explain a disabled button.
 *
 * The caller rules come first; the 2FA code is checked between them and the target rules (see
 * ImpersonationService.start), so a wrong code is refused before anything about the target is revealed;
 * the team's rules (assertTeamAllowsImpersonation) come last.
 */
export function assertCallerMayImpersonate(caller: ImpersonationCaller): void {
  if (caller.isImpersonating) throw AppException.forbidden(ErrorCode.IMPERSONATION_NESTED);
  if (!isAdminRole(caller.role)) throw AppException.forbidden(ErrorCode.FORBIDDEN);
  if (!caller.isTwoFactorEnabled) throw AppException.forbidden(ErrorCode.IMPERSONATOR_TWO_FACTOR_DISABLED);
}

export function assertCanImpersonate(
  caller: ImpersonationCaller,
  target: ImpersonationTarget | null,
): asserts target is ImpersonationTarget {
  if (!target) throw AppException.notFound(ErrorCode.USER_NOT_FOUND);
  if (target.id === caller.id) throw AppException.forbidden(ErrorCode.IMPERSONATION_SELF);
  if (target.role === 'super_admin') throw AppException.forbidden(ErrorCode.IMPERSONATION_TARGET_SUPER_ADMIN);
  if (target.role === 'admin' && caller.role !== 'super_admin') throw AppException.forbidden(ErrorCode.IMPERSONATION_TARGET_ADMIN);
  if (!target.impersonationAllowed) throw AppException.forbidden(ErrorCode.IMPERSONATION_NOT_ALLOWED);
}

/**
 * The team's rules, after the target's (SPEC §10): nobody from support enters a `never` team; an
 * `approval` team needs this admin's grant for this user, and a `read` grant allows only `read`.
 * Answers the session's mode: the one asked for, else the grant's, else `write` (under `allowed`
 * no grant is needed, and one held is not consulted).
 */
export function assertTeamAllowsImpersonation(team: TeamSupportAccess, asked?: ImpersonationMode): ImpersonationMode {
  if (team.policy === 'never') throw AppException.forbidden(ErrorCode.IMPERSONATION_TEAM_POLICY);
  if (team.policy === 'allowed') return asked ?? 'write';
  if (!team.grant) throw AppException.forbidden(ErrorCode.IMPERSONATION_APPROVAL_REQUIRED);
  if (team.grant.mode === 'read' && asked === 'write') throw AppException.forbidden(ErrorCode.IMPERSONATION_MODE_NOT_GRANTED);
  return asked ?? team.grant.mode;
}

/**
 * A running impersonation stays valid while it has not ended or run out, the admin still holds an
 * admin role, and the user still allows support access. (A role change that makes the pair
 * unlawful — the user promoted above the admin — ends it where the role changes.)
 */
export function isStillValid(running: RunningImpersonation, now: number = Date.now()): boolean {
  return (
    running.endedAt === null && running.expiresAt.getTime() > now && isAdminRole(running.impersonatorRole) && running.impersonationAllowed
  );
}

/**
 * Why the Teams List's Impersonate button is disabled for a row, or null when it is enabled.
 * The same rules as above, asked without a code (nor a mode), so the UI never re-derives them.
 */
export function impersonationBlockReason(
  caller: ImpersonationCaller,
  target: ImpersonationTarget,
  team: TeamSupportAccess,
): ErrorCode | null {
  try {
    assertCallerMayImpersonate(caller);
    assertCanImpersonate(caller, target);
    assertTeamAllowsImpersonation(team);
    return null;
  } catch (error) {
    return (error as AppException).code;
  }
}
