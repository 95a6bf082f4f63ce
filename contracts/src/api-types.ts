/** Shapes of the Vantage HTTP API (SPEC §5). The API builds these; the web app reads them. */
import type { Restrictions } from './restrictions.js';
import type { SupportAccessPolicy } from './teams-and-sessions.js';

export type Role = 'user' | 'admin' | 'super_admin';
export type TeamRole = 'owner' | 'member';
export type TwoFactorMethod = 'email' | 'totp';
export type LeadStatus = 'new' | 'contacted' | 'qualified' | 'won' | 'lost';
export const LEAD_STATUSES: readonly LeadStatus[] = ['new', 'contacted', 'qualified', 'won', 'lost'];
/**
 * How an impersonation ended: `cancelled` the admin returned; `expired` its time ran out; `ended_by_admin`
 * a super admin ended it; `ended_by_user` the person impersonated ended it (§10); `revoked` its rules stopped
 * holding (the access grant revoked, the team's policy or the person's opt-out changed, the admin's role).
 */
export type ImpersonationEndReason = 'cancelled' | 'expired' | 'ended_by_admin' | 'ended_by_user' | 'revoked';
/** `read`: every request but GET/HEAD is refused, except returning and signing out (§10). */
export type ImpersonationMode = 'read' | 'write';
export const IMPERSONATION_MODES: readonly ImpersonationMode[] = ['read', 'write'];

export interface ApiError {
  statusCode: number;
  code: string;
  message: string;
  /** Present on VALIDATION_FAILED: which field failed and why. */
  errors?: { field: string; message: string }[];
  /** Present on INVALID_TWO_FACTOR_CODE and INVALID_PASSKEY: how many more failures lock two-factor sign-in for a while. */
  attemptsLeft?: number;
  /** Present on TEAM_REQUIRES_TWO_FACTOR and TWO_FACTOR_REQUIRED_BY_TEAM: the team whose owners require two-factor authentication. */
  details?: TeamRequiringTwoFactor;
}

/** A team that requires two-factor authentication of its members, as the caller is told about it (§11). */
export interface TeamRequiringTwoFactor {
  teamId: string;
  teamName: string;
}

export interface TeamSummary {
  id: string;
  name: string;
  role: TeamRole;
}

export interface PersonRef {
  id: string;
  name: string;
  email: string;
}

export interface CurrentUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  currentTeam: TeamSummary | null;
  impersonationAllowed: boolean;
  isTwoFactorEnabled: boolean;
  twoFactorMethod: TwoFactorMethod | null;
  impersonatedBy: PersonRef | null;
  impersonationExpiresAt: string | null;
  /** During an impersonation, its mode; else null. */
  impersonationMode: ImpersonationMode | null;
  /**
   * Someone from support is in this user's account right now (shown to the user themselves, with
   * *End now*); null otherwise, and always null during an impersonation.
   */
  supportSession: SupportSession | null;
  /** What this caller may not do right now, and why (e.g. switching team during an impersonation). */
  restrictions: Restrictions;
  /**
   * The current team requires two-factor authentication, which this user has not turned on: its data
   * answers 403 TEAM_REQUIRES_TWO_FACTOR until they do (or switch team). Null otherwise, and always
   * null during an impersonation (the admin passed 2FA).
   */
  twoFactorRequiredBy: TeamRequiringTwoFactor | null;
}

export interface AuthResponse {
  accessToken: string;
  user: CurrentUser;
  twoFactorRequired?: boolean;
  /**
   * With `twoFactorRequired` (the password step): until when too many wrong codes keep the account's
   * two-factor verification locked, or null when a code may be entered now.
   */
  twoFactorLockedUntil?: string | null;
}

/**
 * `POST /auth/return`: back in the admin's own account after their support session was ended by
 * someone or something else (the user, a super admin, a revocation, the team's policy, its time),
 * with how it ended so the web app can say so.
 */
export interface ReturnFromImpersonationResponse extends AuthResponse {
  endReason: ImpersonationEndReason;
}

export interface ImpersonateResponse extends AuthResponse {
  impersonation: { id: string; expiresAt: string; mode: ImpersonationMode };
}

/** A support session running in my account, as I see it (`GET /auth/me`'s `supportSession`). */
export interface SupportSession {
  id: string;
  impersonator: { name: string };
  startedAt: string;
  expiresAt: string;
  mode: ImpersonationMode;
}

export interface TwoFactorStatus {
  enabled: boolean;
  method: TwoFactorMethod | null;
  recoveryCodes?: string[];
  /** `GET /user/two-factor` only: unused recovery codes of the current set (0 when there is none). */
  recoveryCodesLeft?: number;
  /** `GET /user/two-factor` only: when a code of the current set was last used to sign in, else null. */
  recoveryCodeUsedAt?: string | null;
  /**
   * `GET /user/two-factor` only: until when too many wrong codes lock this person's codes, else null —
   * so a dialog that asks for a fresh code can say so before one is typed.
   */
  lockedUntil?: string | null;
  /** `GET /user/two-factor` only: how many passkeys the account has (§11). */
  passkeys?: number;
}

export interface TotpSetup {
  secret: string;
  otpauthUrl: string;
  qrCodeDataUrl?: string;
}

export interface Page<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

/**
 * A page of a list whose `total` is exact up to LIST_TOTAL_CAP (limits.ts); above that `total` is
 * the cap and `totalIsCapped` is true. A capped list may have pages past the cap: the next page
 * exists while pages come back full.
 */
export interface CappedPage<T> extends Page<T> {
  totalIsCapped: boolean;
}

/**
 * A capped page of a list that can also be read by cursor (`?after=`): `nextCursor` names the place
 * after this page's last item, or is null when nothing follows. A cursor reads the next page by
 * index, whatever its depth, where `page` would skip every earlier row. It is opaque: pass it back
 * unchanged. With `after`, `page` only numbers the answer (no rows are skipped by it).
 */
export interface KeysetPage<T> extends CappedPage<T> {
  nextCursor: string | null;
}

export interface AdminTeamRow {
  id: string;
  name: string;
  owner: { id: string; name: string; email: string; role: Role; impersonationAllowed: boolean } | null;
  memberCount: number;
  createdAt: string;
  /**
   * Why the caller may not impersonate this team's owner (an ErrorCode such as
   * IMPERSONATION_NOT_ALLOWED), or null when the Impersonate button is enabled.
   */
  impersonationBlockedReason: string | null;
  /** The team's support access policy (§10). */
  supportAccess: SupportAccessPolicy;
  /** The caller's approved, unexpired access to this owner in this team, if any. */
  accessGrant: { requestId: string; mode: ImpersonationMode; expiresAt: string } | null;
  /** The caller's request for this owner in this team that is still waiting for an answer, if any. */
  pendingAccessRequestId: string | null;
}

/** The Teams List page (its total capped as every list's is). */
export type AdminTeamsPage = CappedPage<AdminTeamRow>;

export interface Business {
  id: string;
  name: string;
  description: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Lead {
  id: string;
  name: string;
  email: string | null;
  status: LeadStatus;
  businessId: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface Comment {
  id: string;
  text: string;
  author: { id: string; name: string };
  authorName: string;
  isImpersonated: boolean;
  createdAt: string;
}

export interface AuditLogEntry {
  id: string;
  /** An AuditAction; typed as string because entries outlive the code that wrote them. */
  action: string;
  actor: { id: string; name: string } | null;
  actorName: string;
  isImpersonated: boolean;
  entityType: string | null;
  entityId: string | null;
  createdAt: string;
  details: Record<string, unknown> | null;
}

export interface ImpersonationHistoryEntry {
  id: string;
  impersonator: { name: string; email: string };
  startedAt: string;
  endedAt: string | null;
  expiresAt: string;
  endReason: ImpersonationEndReason | null;
  reason: string | null;
  mode: ImpersonationMode;
  /** Requests made in the session (see `GET /user/impersonations/:id/actions`). */
  actionCount: number;
}

export interface ActiveImpersonation {
  id: string;
  impersonator: PersonRef;
  impersonated: PersonRef;
  team: { id: string; name: string } | null;
  reason: string | null;
  startedAt: string;
  expiresAt: string;
  endedAt: string | null;
  endReason: ImpersonationEndReason | null;
  mode: ImpersonationMode;
  actionCount: number;
}

export interface DevMail {
  id: string;
  to: string;
  subject: string;
  text: string;
  sentAt: string;
}

/** `PATCH /admin/users/:id` answers the user with their new role. */
export interface AdminUserSummary {
  id: string;
  email: string;
  name: string;
  role: Role;
}
