import type { CurrentUser, SupportSession } from '@vantage/contracts';
import { fullName, type AuthContext } from './auth-context';
import { restrictionsOf } from './no-impersonation.guard';
import { currentTeamRequiringTwoFactor } from './team-two-factor';

/**
 * The `GET /auth/me` shape for a request's caller; everything comes from the request's session query
 * but `supportSession`, which the caller reads (SupportSessionReader, null during an impersonation).
 */
export function describeCurrentUser(auth: AuthContext, supportSession: SupportSession | null): CurrentUser {
  const admin = auth.impersonation?.impersonator;
  return {
    id: auth.user.id,
    email: auth.user.email,
    firstName: auth.user.firstName,
    lastName: auth.user.lastName,
    role: auth.user.role,
    currentTeam: auth.team && { id: auth.team.id, name: auth.team.name, role: auth.team.role },
    impersonationAllowed: auth.user.impersonationAllowed,
    isTwoFactorEnabled: auth.user.isTwoFactorEnabled,
    twoFactorMethod: auth.user.twoFactorMethod,
    impersonatedBy: admin ? { id: admin.id, name: fullName(admin), email: admin.email } : null,
    impersonationExpiresAt: auth.impersonation ? auth.impersonation.expiresAt.toISOString() : null,
    impersonationMode: auth.impersonation?.mode ?? null,
    supportSession,
    restrictions: restrictionsOf(auth),
    twoFactorRequiredBy: currentTeamRequiringTwoFactor(auth),
  };
}
