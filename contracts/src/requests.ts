/**
 * Request bodies of the HTTP API. The API's DTO classes implement these (adding validation and
 * OpenAPI metadata); the web app sends them. Limits are in limits.ts.
 */
import type { ImpersonationMode, LeadStatus, Role, TeamRole, TwoFactorMethod } from './api-types.js';
import type { PasskeyAssertion, PasskeyRegistrationResponse } from './passkeys.js';
import type { SupportAccessPolicy } from './teams-and-sessions.js';

export interface RegisterRequest {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  teamName: string;
}

export interface LoginRequest {
  email: string;
  password: string;
}

/** Exactly one of `code` (a 2FA code or a recovery code) and `passkey` (an assertion, §11). */
export interface AuthenticateRequest {
  code?: string;
  passkey?: PasskeyAssertion;
}

/** `code` confirms an authenticator app's setup (method "totp" only). */
export interface EnableTwoFactorRequest {
  enabled: true;
  method: TwoFactorMethod;
  code?: string;
}

export interface DisableTwoFactorRequest {
  password: string;
}

export interface UpdateProfileRequest {
  firstName?: string;
  lastName?: string;
  impersonationAllowed?: boolean;
}

export interface ChangePasswordRequest {
  currentPassword: string;
  newPassword: string;
}

export interface CreateTeamRequest {
  name: string;
}

/** Exactly one of `code` (the admin's fresh 2FA code) and `passkey` (an assertion of the admin's passkey). */
export interface StartImpersonationRequest {
  userId: string;
  code?: string;
  passkey?: PasskeyAssertion;
  teamId?: string;
  reason?: string;
  /** Default: `write` under the `allowed` policy, the grant's mode under `approval`. */
  mode?: ImpersonationMode;
}

export interface ChangeRoleRequest {
  role: Role;
}

export interface CreateBusinessRequest {
  name: string;
  description?: string | null;
}

export interface CreateLeadRequest {
  name: string;
  email?: string | null;
  businessId?: string | null;
  status?: LeadStatus;
}

export interface UpdateLeadStatusRequest {
  status: LeadStatus;
}

export interface CreateCommentRequest {
  text: string;
}

/** Owners only. */
export interface UpdateTeamRequest {
  name?: string;
  /** Team-wide two-factor (§11): only an owner whose own 2FA is on may switch it on. */
  requireTwoFactor?: boolean;
  supportAccess?: SupportAccessPolicy;
}

/** An admin asks a user (and the team's owners) for support access (§10). */
export interface CreateAccessRequest {
  userId: string;
  teamId: string;
  reason: string;
  mode: ImpersonationMode;
  /** ACCESS_REQUEST_MIN_MINUTES to ACCESS_REQUEST_MAX_MINUTES. */
  durationMinutes: number;
}

/** Approving may shorten the window, never lengthen it. */
export interface ApproveAccessRequest {
  durationMinutes?: number;
}

export interface InviteMemberRequest {
  email: string;
  role: TeamRole;
}

/** Signed in: `{}`. Without an account: the new account's names and password. */
export interface AcceptInvitationRequest {
  firstName?: string;
  lastName?: string;
  password?: string;
}

export interface ChangeMemberRoleRequest {
  role: TeamRole;
}

export interface PasswordResetRequest {
  email: string;
}

export interface ConfirmPasswordResetRequest {
  token: string;
  password: string;
}

export interface NewRecoveryCodesRequest {
  password: string;
}

/** A fresh 2FA code of the super admin, and why (the user is told). */
export interface AssistedTwoFactorResetRequest {
  code: string;
  reason: string;
}

/** `response`: what `startRegistration` answered for the options of `POST /user/passkeys/options`. */
export interface RegisterPasskeyRequest {
  name: string;
  response: PasskeyRegistrationResponse;
}

/** Removing a passkey asks for the account password, as turning 2FA off does. */
export interface RemovePasskeyRequest {
  password: string;
}
