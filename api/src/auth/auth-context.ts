import { fullName, supportTeamName, type ImpersonationMode, type Role, type TeamRole, type TwoFactorMethod } from '@vantage/contracts';
import type { AuthSessionKind } from './auth-session.entity';

/** The signed-in user, as loaded from the database on every request. */
export interface AuthUser {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
  impersonationAllowed: boolean;
  isTwoFactorEnabled: boolean;
  twoFactorMethod: TwoFactorMethod | null;
}

/** The admin behind an impersonation session. */
export interface Impersonator {
  id: string;
  email: string;
  firstName: string;
  lastName: string;
  role: Role;
}

export interface ActiveImpersonationContext {
  id: string;
  code: string;
  impersonator: Impersonator;
  impersonatorTeamId: string | null;
  startedAt: Date;
  expiresAt: Date;
  /** `read`: every request but GET/HEAD is refused (the read-only rule in no-impersonation.guard.ts). */
  mode: ImpersonationMode;
}

/**
 * Everything a request knows about who is calling, filled once by JwtTwoFactorGuard from the
 * token and one database query. Services receive it through @CurrentUser().
 */
export interface AuthContext {
  user: AuthUser;
  sessionId: string;
  sessionKind: AuthSessionKind;
  sessionExpiresAt: Date;
  /** When the session was last used, to within a minute (see JwtTwoFactorGuard). */
  sessionLastSeenAt: Date;
  /** The team the request works in (from the session, kept in step with the token). */
  teamId: string | null;
  /**
   * That team, the user's role in it and whether it requires 2FA of its members (team-wide two-factor),
   * or null when the user is not (or no longer) a member.
   */
  team: { id: string; name: string; role: TeamRole; requireTwoFactor: boolean } | null;
  twoFactorAuthenticated: boolean;
  impersonation: ActiveImpersonationContext | null;
}

/** Who is really acting, for authorship and audit. */
export interface ActingPerson {
  id: string;
  name: string;
  isImpersonated: boolean;
  impersonationId: string | null;
}

/** How names are written is a contract the web app shares; re-exported for the API's callers. */
export { fullName };

/**
 * The single rule of attribution: during impersonation the admin acts, shown as
 * "Support team (<admin's name>)"; otherwise the user acts under their own name.
 */
export function actingPerson(auth: AuthContext): ActingPerson {
  if (auth.impersonation) {
    const admin = auth.impersonation.impersonator;
    return {
      id: admin.id,
      name: supportTeamName(fullName(admin)),
      isImpersonated: true,
      impersonationId: auth.impersonation.id,
    };
  }
  return personActing(auth.user);
}

/** Someone acting in person, with no session at hand (signing in, registering, a reset link, a second factor). */
export function personActing(person: { id: string; firstName: string; lastName: string }): ActingPerson {
  return { id: person.id, name: fullName(person), isImpersonated: false, impersonationId: null };
}
