import { randomBytes } from 'node:crypto';
import { AuthContextLoader } from '../../src/auth/auth-context.loader';
import { SessionService } from '../../src/auth/session.service';
import { TokenService } from '../../src/auth/token.service';
import type { TestApp } from './test-app';

export interface DirectImpersonation {
  impersonationId: string;
  /** An access token of the target, acting as the admin — like one from POST /2fa/impersonate. */
  accessToken: string;
}

/**
 * Puts an admin inside a user's account the way the impersonation flow ends up doing it (record,
 * impersonation session, token signed by the app's own TokenService), without the 2FA step-up.
 * For specs about what happens *during* impersonation; the start rules have their own spec.
 */
export async function impersonateDirectly(
  t: TestApp,
  admin: { id: string; teamId: string },
  target: { id: string; teamId: string },
): Promise<DirectImpersonation> {
  const [record]: { id: string; expires_at: Date }[] = await t.db.query(
    `INSERT INTO impersonations (code, impersonator_id, impersonated_user_id, impersonator_team_id, team_id, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + interval '30 minutes')
     RETURNING id, expires_at`,
    [randomBytes(18).toString('base64url'), admin.id, target.id, admin.teamId, target.teamId],
  );
  const { session } = await t.app.get(SessionService).create({
    userId: target.id,
    kind: 'impersonation',
    teamId: target.teamId,
    twoFactorAuthenticated: false,
    impersonationId: record.id,
    expiresAt: record.expires_at,
  });
  const loaded = await t.app.get(AuthContextLoader).load(session.id, target.id);
  if (loaded.status !== 'live') throw new Error(`The impersonation session did not load (${loaded.status})`);
  return { impersonationId: record.id, accessToken: t.app.get(TokenService).signAccessToken(loaded.context) };
}
