import { randomBytes } from 'node:crypto';
import { AuthService } from '../../src/auth/auth.service';
import type { TestMailbox } from './mailbox';
import { bearer, type RegisteredUser, setRole, type TestApp } from './test-app';
import { hotp, stepAt, withinOneStep } from './totp';

export interface TotpUser {
  secret: string;
  recoveryCodes: string[];
  /**
   * The step that was current when the setup was confirmed (the confirming code was for the step
   * before it). `hotp(secret, step)` and `hotp(secret, step + 1)` are the next usable codes.
   */
  step: number;
}

/** Starts and confirms authenticator-app setup for a signed-in user. */
export async function enableTotp(t: TestApp, user: { accessToken: string }): Promise<TotpUser> {
  const setup = await t.http().post('/api/user/two-factor').set(bearer(user.accessToken)).expect(201);
  const secret: string = setup.body.secret;
  // The confirming code is one step old; it must not age out of the window on its way.
  await withinOneStep(1);
  const step = stepAt();
  const confirmed = await t
    .http()
    .put('/api/user/two-factor')
    .set(bearer(user.accessToken))
    .send({ enabled: true, method: 'totp', code: hotp(secret, step - 1) })
    .expect(200);
  return { secret, recoveryCodes: confirmed.body.recoveryCodes, step };
}

export async function enableEmailTwoFactor(t: TestApp, user: { accessToken: string }): Promise<void> {
  await t.http().put('/api/user/two-factor').set(bearer(user.accessToken)).send({ enabled: true, method: 'email' }).expect(200);
}

/** The password step: answers the login-challenge token. */
export async function passwordStep(t: TestApp, user: { email: string; password: string }): Promise<string> {
  const res = await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
  if (res.body.twoFactorRequired !== true) throw new Error('Expected the login to ask for a second factor');
  return res.body.accessToken;
}

/** The password step of an email-2FA user, and the code it emailed. */
export async function passwordStepWithEmailCode(t: TestApp, mailbox: TestMailbox, user: { email: string; password: string }) {
  const before = mailbox.messages.length;
  const challenge = await passwordStep(t, user);
  return { challenge, code: await mailbox.latestCode(user.email, before) };
}

/**
 * An impersonation session of `admin` as `target`, written straight to the database and issued by
 * AuthService — the state the impersonation module creates, without depending on its endpoint.
 */
export async function impersonationToken(t: TestApp, admin: RegisteredUser, target: RegisteredUser): Promise<{ token: string; impersonationId: string }> {
  await setRole(t, admin.id, 'admin');
  const [impersonation] = await t.db.query(
    `INSERT INTO impersonations (code, impersonator_id, impersonated_user_id, impersonator_team_id, team_id, expires_at)
     VALUES ($1, $2, $3, $4, $5, now() + interval '30 minutes') RETURNING id, expires_at`,
    [randomBytes(18).toString('base64url').slice(0, 24), admin.id, target.id, admin.teamId, target.teamId],
  );
  const [session] = await t.db.query(
    `INSERT INTO auth_sessions (user_id, kind, team_id, impersonation_id, expires_at)
     VALUES ($1, 'impersonation', $2, $3, $4) RETURNING id`,
    [target.id, target.teamId, impersonation.id, impersonation.expires_at],
  );
  const issued = await t.app.get(AuthService).issue(session.id, target.id, null);
  return { token: issued.response.accessToken, impersonationId: impersonation.id };
}
