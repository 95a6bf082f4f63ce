import { createHash } from 'node:crypto';
import { TwoFactorService } from '../src/two-factor/two-factor.service';
import type { TestMailbox } from './support/mailbox';
import { hotp } from '../../scripts/support/totp.mjs';
import { enableTotp, newUser, passwordStep, passwordStepWithEmailCode } from './support/fixtures';
import { bearer, type TestApp, startAppWithMailbox } from './support/test-app';

describe('Two-factor by email codes', () => {
  let t: TestApp;
  let mailbox: TestMailbox;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ t, mailbox, stop } = await startAppWithMailbox());
  });
  afterAll(() => stop());

  const authenticate = (challenge: string, code: string) => t.http().post('/api/2fa/authenticate').set(bearer(challenge)).send({ code });
  const sendCode = (token: string) => t.http().post('/api/2fa/send-code').set(bearer(token));
  /** Moves the user's codes back in time past the resend interval (instead of waiting 30 s). */
  const pastResendInterval = (userId: string) =>
    t.db.query(`UPDATE two_factor_email_codes SET created_at = created_at - interval '31 seconds' WHERE user_id = $1`, [userId]);
  const codesOf = (userId: string) => t.db.query(`SELECT * FROM two_factor_email_codes WHERE user_id = $1 ORDER BY created_at`, [userId]);

  const emailUser = () => newUser(t, { twoFactor: 'email' });

  it('PUT {enabled:true, method:"email"} turns it on without a code, emails a notice and audits two_factor.enabled', async () => {
    const user = await newUser(t);
    const before = mailbox.messages.length;
    const res = await t
      .http()
      .put('/api/user/two-factor')
      .set(bearer(user.accessToken))
      .send({ enabled: true, method: 'email' })
      .expect(200);
    expect(res.body).toEqual({ enabled: true, method: 'email' });
    await t
      .http()
      .get('/api/user/two-factor')
      .set(bearer(user.accessToken))
      .expect(200, { enabled: true, method: 'email', recoveryCodesLeft: 0, recoveryCodeUsedAt: null, lockedUntil: null, passkeys: 0 });
    const mail = await mailbox.waitFor(user.email, (m) => mailbox.messages.indexOf(m) >= before);
    expect(mail.subject).toBe('Two-factor authentication is on');
    expect(mail.text).toMatch(/codes sent by email/);
    expect(mail.raw).toMatch(/Content-Type: text\/html/i);
    const [audit] = await t.db.query(`SELECT * FROM audit_logs WHERE entity_id = $1 AND action = 'two_factor.enabled'`, [user.id]);
    expect(audit).toMatchObject({ actor_id: user.id, team_id: user.teamId, details: { method: 'email', previousMethod: null } });
    // The session that turned it on keeps working.
    await t.http().get('/api/teams').set(bearer(user.accessToken)).expect(200);
  });

  it('the password step emails a 6-digit code that signs in once', async () => {
    const user = await emailUser();
    const { challenge, code } = await passwordStepWithEmailCode(t, user);
    expect(code).toMatch(/^\d{6}$/);
    const mail = mailbox.for(user.email).at(-1)!;
    expect(mail.subject).toBe('Your Vantage sign-in code');
    expect(mail.text).toMatch(/expires in 10 minutes/);
    await authenticate(challenge, code).expect(200);
    expect((await authenticate(await passwordStep(t, user), code).expect(401)).body.code).toBe('INVALID_TWO_FACTOR_CODE');
  });

  it('stores codes as a keyed hash (HMAC-SHA-256), never the code itself', async () => {
    const user = await emailUser();
    const { code } = await passwordStepWithEmailCode(t, user);
    const [row] = await codesOf(user.id);
    expect(row).toMatchObject({ purpose: 'login', used_at: null });
    expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(JSON.stringify(row)).not.toContain(code);
    // Not a plain (unkeyed) hash either, which six digits could not protect.
    expect(row.code_hash).not.toBe(createHash('sha256').update(code).digest('hex'));
    const minutes = (row.expires_at.getTime() - row.created_at.getTime()) / 60_000;
    expect(minutes).toBeCloseTo(10, 1);
  });

  it('a code is refused after 10 minutes', async () => {
    const user = await emailUser();
    const { challenge, code } = await passwordStepWithEmailCode(t, user);
    await t.db.query(`UPDATE two_factor_email_codes SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    expect((await authenticate(challenge, code).expect(401)).body.code).toBe('INVALID_TWO_FACTOR_CODE');
  });

  it('a new code voids the older one', async () => {
    const user = await emailUser();
    const { challenge, code: first } = await passwordStepWithEmailCode(t, user);
    await pastResendInterval(user.id);
    const before = mailbox.messages.length;
    await sendCode(challenge).expect(204);
    const second = await mailbox.latestCode(user.email, before);
    expect(second).not.toBe(first);
    await authenticate(challenge, first).expect(401);
    await authenticate(challenge, second).expect(200);
  });

  it('resending is throttled: a second code within 30 s is 429 CODE_RESEND_THROTTLED with Retry-After', async () => {
    const user = await emailUser();
    const { challenge } = await passwordStepWithEmailCode(t, user);
    const sent = mailbox.messages.length;
    const res = await sendCode(challenge).expect(429);
    expect(res.body.code).toBe('CODE_RESEND_THROTTLED');
    const retryAfter = Number(res.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(25);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(mailbox.messages.length).toBe(sent);
  });

  it('parallel resends send one code, not several', async () => {
    const user = await emailUser();
    const { challenge } = await passwordStepWithEmailCode(t, user);
    await pastResendInterval(user.id);
    const results = await Promise.all(Array.from({ length: 5 }, () => sendCode(challenge)));
    expect(results.map((r) => r.status).sort()).toEqual([204, 429, 429, 429, 429]);
    expect((await codesOf(user.id)).filter((row: { used_at: Date | null }) => row.used_at === null)).toHaveLength(1);
  });

  it('signing in again within 30 s keeps the code already sent (no second mail), and it works for either challenge', async () => {
    const user = await emailUser();
    const { code } = await passwordStepWithEmailCode(t, user);
    const sent = mailbox.for(user.email).length;
    const again = await passwordStep(t, user);
    expect(mailbox.for(user.email)).toHaveLength(sent);
    await authenticate(again, code).expect(200);
  });

  it('a signed-in user can ask for a confirmation (step-up) code; it is not a sign-in code, and sign-in codes are not step-up codes', async () => {
    const user = await emailUser();
    const { challenge, code: loginCode } = await passwordStepWithEmailCode(t, user);
    const before = mailbox.messages.length;
    await sendCode(user.accessToken).expect(204);
    const stepUpCode = await mailbox.latestCode(user.email, before);
    expect(mailbox.messages.at(-1)!.subject).toBe('Your Vantage confirmation code');
    const [row] = await t.db.query(`SELECT purpose FROM two_factor_email_codes WHERE user_id = $1 ORDER BY created_at DESC LIMIT 1`, [
      user.id,
    ]);
    expect(row.purpose).toBe('step_up');

    const twoFactor = t.app.get(TwoFactorService);
    await expect(twoFactor.verify(user.id, loginCode, 'step_up')).rejects.toMatchObject({ code: 'INVALID_TWO_FACTOR_CODE' });
    await authenticate(challenge, stepUpCode).expect(401);
    await expect(twoFactor.verify(user.id, stepUpCode, 'step_up')).resolves.toBe('email');
    await expect(twoFactor.verify(user.id, stepUpCode, 'step_up')).rejects.toMatchObject({ code: 'CODE_ALREADY_USED' });
  });

  it('step-up (TwoFactorService.verify) takes an authenticator-app code or an emailed code, never a recovery code', async () => {
    const user = await newUser(t);
    const { secret, step, recoveryCodes } = await enableTotp(t, user);
    const twoFactor = t.app.get(TwoFactorService);
    await expect(twoFactor.verify(user.id, recoveryCodes[0], 'step_up')).rejects.toMatchObject({ code: 'INVALID_TWO_FACTOR_CODE' });
    await expect(twoFactor.verify(user.id, hotp(secret, step), 'step_up')).resolves.toBe('totp');
    const before = mailbox.messages.length;
    await sendCode(user.accessToken).expect(204);
    await expect(twoFactor.verify(user.id, await mailbox.latestCode(user.email, before), 'step_up')).resolves.toBe('email');
    // The recovery code that step-up refused still signs in.
    await authenticate(await passwordStep(t, user), recoveryCodes[0]).expect(200);
  });

  it('TwoFactorService.verify refuses anything for a user without 2FA (409), and counts malformed input as wrong codes, never a crash', async () => {
    const plain = await newUser(t);
    const twoFactor = t.app.get(TwoFactorService);
    await expect(twoFactor.verify(plain.id, '123456', 'step_up')).rejects.toMatchObject({ code: 'TWO_FACTOR_NOT_ENABLED' });
    const user = await emailUser();
    for (const code of ['', '12345', 'x'.repeat(500), 42 as unknown as string]) {
      await expect(twoFactor.verify(user.id, code, 'step_up')).rejects.toMatchObject({ code: 'INVALID_TWO_FACTOR_CODE' });
    }
    await expect(twoFactor.verify(user.id, null as unknown as string, 'step_up')).rejects.toMatchObject({ code: 'TWO_FACTOR_LOCKED' });
  });

  it('send-code: 409 EMAIL_CODE_NOT_AVAILABLE at the sign-in step of an authenticator-app user, 409 TWO_FACTOR_NOT_ENABLED without 2FA', async () => {
    const appUser = await newUser(t);
    await enableTotp(t, appUser);
    const sent = mailbox.messages.length;
    expect((await sendCode(await passwordStep(t, appUser)).expect(409)).body.code).toBe('EMAIL_CODE_NOT_AVAILABLE');
    const plain = await newUser(t);
    expect((await sendCode(plain.accessToken).expect(409)).body.code).toBe('TWO_FACTOR_NOT_ENABLED');
    expect(mailbox.messages.length).toBe(sent);
  });

  it('send-code is refused while the account is locked', async () => {
    const user = await emailUser();
    const { challenge } = await passwordStepWithEmailCode(t, user);
    await t.db.query(
      `UPDATE users SET two_factor_locked_until = now() + interval '10 minutes', two_factor_failed_attempts = 5 WHERE id = $1`,
      [user.id],
    );
    await pastResendInterval(user.id);
    const res = await sendCode(challenge).expect(429);
    expect(res.body.code).toBe('TWO_FACTOR_LOCKED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(9 * 60);
  });
});
