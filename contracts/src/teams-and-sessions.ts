/** Shapes of team membership, invitations and the account's own sign-ins (SPEC §8–9). */
import type { TeamRole } from './api-types.js';

/** Who from support may enter a team (§10). */
export type SupportAccessPolicy = 'allowed' | 'approval' | 'never';
export const SUPPORT_ACCESS_POLICIES: readonly SupportAccessPolicy[] = ['allowed', 'approval', 'never'];

/** `PATCH /teams/:id` answers the team's settings. */
export interface TeamSettings {
  id: string;
  name: string;
  requireTwoFactor: boolean;
  supportAccess: SupportAccessPolicy;
}

export interface TeamMember {
  user: { id: string; name: string; email: string };
  role: TeamRole;
  joinedAt: string;
  isTwoFactorEnabled: boolean;
}

export interface TeamMemberList {
  items: TeamMember[];
}

/** `POST /teams/:id/invitations` answers the invitation (the link itself is only in the email). */
export interface Invitation {
  id: string;
  email: string;
  role: TeamRole;
  expiresAt: string;
}

export interface PendingInvitation extends Invitation {
  invitedBy: { name: string };
}

export interface PendingInvitationList {
  items: PendingInvitation[];
}

/** `GET /invitations/:token`: what the landing page shows before accepting. */
export interface InvitationPreview {
  teamName: string;
  email: string;
  role: TeamRole;
  invitedBy: { name: string };
  expiresAt: string;
  /** An account with this email exists: accepting needs signing in as it. */
  accountExists: boolean;
}

/** One of my sign-ins (`GET /auth/sessions`). */
export interface SignInSession {
  id: string;
  createdAt: string;
  lastSeenAt: string;
  userAgent: string | null;
  ip: string | null;
  /** The session this request comes from. */
  current: boolean;
}

export interface SignInSessionList {
  items: SignInSession[];
}

export interface RecoveryCodes {
  recoveryCodes: string[];
}
