import type { TestMailbox } from './support/mailbox';
import { hotp, stepAt, totpCode, withinOneStep } from '../../scripts/support/totp.mjs';
import { enableTotp, newUser, passwordStep } from './support/fixtures';
import { bearer, refreshCookieOf, type TestApp, startAppWithMailbox } from './support/test-app';

describe('Two-factor with an authenticator app (TOTP)', () => {
  let t: TestApp;
  let mailbox: TestMailbox;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ t, mailbox, stop } = await startAppWithMailbox());
  });
  afterAll(() => stop());

  const authenticate = (challenge: string, code: string) => t.http().post('/api/2fa/authenticate').set(bearer(challenge)).send({ code });
  const userRow = async (id: string) => (await t.db.query(`SELECT * FROM users WHERE id = $1`, [id]))[0];

  it('the test TOTP generator matches the RFC 6238 SHA-1 test vectors', () => {
    // Secret "12345678901234567890"; RFC 6238 appendix B (last 6 of the 8 digits).
    const secret = 'GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ';
    expect(hotp(secret, Math.floor(59 / 30))).toBe('287082');
    expect(hotp(secret, Math.floor(1111111109 / 30))).toBe('081804');
    expect(hotp(secret, Math.floor(2000000000 / 30))).toBe('279037');
  });

  it('starting setup returns the secret, an otpauth:// URL for issuer Vantage and a QR code, and keeps the secret pending and encrypted', async () => {
    const user = await newUser(t);
    const res = await t.http().post('/api/user/two-factor').set(bearer(user.accessToken)).expect(201);
    expect(res.body.secret).toMatch(/^[A-Z2-7]{32}$/);
    const url = new URL(res.body.otpauthUrl);
    expect(url.protocol).toBe('otpauth:');
    expect(url.host).toBe('totp');
    expect(decodeURIComponent(url.pathname)).toBe(`/Vantage:${user.email}`);
    expect(url.searchParams.get('secret')).toBe(res.body.secret);
    expect(url.searchParams.get('issuer')).toBe('Vantage');
    expect(res.body.qrCodeDataUrl).toMatch(/^data:image\/svg\+xml;base64,[A-Za-z0-9+/]+=*$/);
    expect(Buffer.from(res.body.qrCodeDataUrl.split(',')[1], 'base64').toString()).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>\s*$/);

    const row = await userRow(user.id);
    expect(row.is_two_factor_enabled).toBe(false);
    expect(row.totp_secret_encrypted).toBeNull();
    expect(row.totp_pending_secret_encrypted).toMatch(/^v1\./);
    expect(row.totp_pending_secret_encrypted).not.toContain(res.body.secret);
    await t
      .http()
      .get('/api/user/two-factor')
      .set(bearer(user.accessToken))
      .expect(200, { enabled: false, method: null, recoveryCodesLeft: 0, recoveryCodeUsedAt: null, lockedUntil: null, passkeys: 0 });
  });

  it('confirming needs a started setup (409) and a right code from the pending secret (401 otherwise, 2FA stays off)', async () => {
    const user = await newUser(t);
    const early = await t
      .http()
      .put('/api/user/two-factor')
      .set(bearer(user.accessToken))
      .send({ enabled: true, method: 'totp', code: '123456' })
      .expect(409);
    expect(early.body.code).toBe('TWO_FACTOR_SETUP_NOT_STARTED');

    const setup = await t.http().post('/api/user/two-factor').set(bearer(user.accessToken)).expect(201);
    const wrong = String((Number(totpCode(setup.body.secret)) + 1) % 1_000_000).padStart(6, '0');
    const res = await t
      .http()
      .put('/api/user/two-factor')
      .set(bearer(user.accessToken))
      .send({ enabled: true, method: 'totp', code: wrong })
      .expect(401);
    expect(res.body.code).toBe('INVALID_TWO_FACTOR_CODE');
    expect((await userRow(user.id)).is_two_factor_enabled).toBe(false);
  });

  it('confirming turns TOTP on with 10 readable recovery codes, emails the user and audits two_factor.enabled', async () => {
    const user = await newUser(t);
    const before = mailbox.messages.length;
    const { recoveryCodes } = await enableTotp(t, user);
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const code of recoveryCodes) expect(code).toMatch(/^[a-z2-9]{4}-[a-z2-9]{4}-[a-z2-9]{4}$/);

    await t
      .http()
      .get('/api/user/two-factor')
      .set(bearer(user.accessToken))
      .expect(200, { enabled: true, method: 'totp', recoveryCodesLeft: 10, recoveryCodeUsedAt: null, lockedUntil: null, passkeys: 0 });
    const row = await userRow(user.id);
    expect(row).toMatchObject({ is_two_factor_enabled: true, two_factor_method: 'totp', totp_pending_secret_encrypted: null });
    expect(row.totp_secret_encrypted).toMatch(/^v1\./);
    const mail = await mailbox.waitFor(
      user.email,
      (m) => mailbox.messages.indexOf(m) >= before && /two-factor authentication is on/i.test(m.subject),
    );
    expect(mail.text).toMatch(/authenticator app/);
    const [audit] = await t.db.query(`SELECT * FROM audit_logs WHERE entity_id = $1 AND action = 'two_factor.enabled'`, [user.id]);
    expect(audit).toMatchObject({ team_id: user.teamId, actor_id: user.id, details: { method: 'totp', previousMethod: null } });
  });

  it('the code that confirmed the setup cannot sign in; the next steps can, each once; a code two steps old is refused', async () => {
    const user = await newUser(t);
    const { secret, step } = await enableTotp(t, user);

    const confirmingCode = hotp(secret, step - 1);
    expect((await authenticate(await passwordStep(t, user), confirmingCode).expect(401)).body.code).toBe('CODE_ALREADY_USED');
    await authenticate(await passwordStep(t, user), hotp(secret, stepAt() - 2)).expect(401);

    await authenticate(await passwordStep(t, user), hotp(secret, step)).expect(200);
    // Replay: the same code again, in a new sign-in.
    await authenticate(await passwordStep(t, user), hotp(secret, step)).expect(401);
    // One step of clock drift ahead is accepted too.
    await authenticate(await passwordStep(t, user), hotp(secret, step + 1)).expect(200);
    expect(Number((await userRow(user.id)).totp_last_used_step)).toBe(step + 1);
  });

  it('accepts a code from the previous step (clock drift of one step)', async () => {
    const user = await newUser(t);
    const { secret } = await enableTotp(t, user);
    // As for a user whose last code was used minutes ago.
    await t.db.query(`UPDATE users SET totp_last_used_step = $2 WHERE id = $1`, [user.id, stepAt() - 10]);
    await withinOneStep(1);
    await authenticate(await passwordStep(t, user), hotp(secret, stepAt() - 1)).expect(200);
  });

  it('the same code sent by 10 parallel sign-ins succeeds exactly once', async () => {
    const user = await newUser(t);
    const { secret, step } = await enableTotp(t, user);
    const challenges = await Promise.all(Array.from({ length: 10 }, () => passwordStep(t, user)));
    const code = hotp(secret, step);
    const results = await Promise.all(challenges.map((challenge) => authenticate(challenge, code)));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 200)).toHaveLength(1);
    expect(statuses.every((s) => s === 200 || s === 401 || s === 429)).toBe(true);
    expect(Number((await userRow(user.id)).totp_last_used_step)).toBe(step);
  });

  it('starting setup again while TOTP is on never reveals the live secret; the live one works until a new one is confirmed', async () => {
    const user = await newUser(t);
    const first = await enableTotp(t, user);
    const liveCipher = (await userRow(user.id)).totp_secret_encrypted;

    const again = await t.http().post('/api/user/two-factor').set(bearer(user.accessToken)).expect(201);
    expect(again.body.secret).not.toBe(first.secret);
    expect(JSON.stringify(again.body)).not.toContain(first.secret);
    const row = await userRow(user.id);
    expect(row.totp_secret_encrypted).toBe(liveCipher);
    expect(row.is_two_factor_enabled).toBe(true);

    // The live secret still signs in while the new one is pending.
    const session = await authenticate(await passwordStep(t, user), hotp(first.secret, first.step)).expect(200);

    const before = mailbox.messages.length;
    const confirmed = await t
      .http()
      .put('/api/user/two-factor')
      .set(bearer(session.body.accessToken))
      .send({ enabled: true, method: 'totp', code: hotp(again.body.secret, stepAt()) })
      .expect(200);
    expect(confirmed.body.recoveryCodes).toHaveLength(10);
    await mailbox.waitFor(user.email, (m) => mailbox.messages.indexOf(m) >= before && /new authenticator app/i.test(m.subject));

    // Now the old app's codes are refused and the new app's next code works; old recovery codes are void.
    await authenticate(await passwordStep(t, user), hotp(first.secret, first.step + 1)).expect(401);
    await authenticate(await passwordStep(t, user), first.recoveryCodes[0]).expect(401);
    await authenticate(await passwordStep(t, user), hotp(again.body.secret, stepAt() + 1)).expect(200);
  });

  it('enabling ends the other sessions, and the current one continues as having passed 2FA', async () => {
    const user = await newUser(t);
    const other = await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
    await enableTotp(t, user);

    const otherMe = await t.http().get('/api/teams').set(bearer(other.body.accessToken)).expect(401);
    expect(otherMe.body.code).toBe('SESSION_EXPIRED');
    await t.http().post('/api/auth/refresh').set('Cookie', refreshCookieOf(other)).expect(401);

    await t.http().get('/api/teams').set(bearer(user.accessToken)).expect(200);
    const refreshed = await t.http().post('/api/auth/refresh').set('Cookie', user.refreshCookie).expect(200);
    const claims = JSON.parse(Buffer.from(refreshed.body.accessToken.split('.')[1], 'base64url').toString());
    expect(claims).toMatchObject({ isTwoFactorEnable: true, isTwoFactorAuthenticated: true });
  });

  it('once 2FA is on, a full session that never passed it reaches only the 2FA step (401 TWO_FACTOR_REQUIRED) and cannot refresh', async () => {
    const user = await newUser(t);
    // 2FA switched on outside this session (as the seed or an operator would do).
    await t.db.query(`UPDATE users SET is_two_factor_enabled = true, two_factor_method = 'email' WHERE id = $1`, [user.id]);
    expect((await t.http().get('/api/teams').set(bearer(user.accessToken)).expect(401)).body.code).toBe('TWO_FACTOR_REQUIRED');
    expect((await t.http().post('/api/auth/refresh').set('Cookie', user.refreshCookie).expect(401)).body.code).toBe('TWO_FACTOR_REQUIRED');
  });

  it('switching from the app to email codes drops the TOTP secret, emails a "method changed" notice and audits it', async () => {
    const user = await newUser(t);
    await enableTotp(t, user);
    const before = mailbox.messages.length;
    await t
      .http()
      .put('/api/user/two-factor')
      .set(bearer(user.accessToken))
      .send({ enabled: true, method: 'email' })
      .expect(200, { enabled: true, method: 'email' });
    const row = await userRow(user.id);
    expect(row).toMatchObject({ two_factor_method: 'email', totp_secret_encrypted: null, totp_last_used_step: null });
    const mail = await mailbox.waitFor(user.email, (m) => mailbox.messages.indexOf(m) >= before && /method changed/i.test(m.subject));
    expect(mail.text).toMatch(/now uses codes sent by email for two-factor authentication, instead of an authenticator app/);
    const actions = await t.db.query(`SELECT details FROM audit_logs WHERE entity_id = $1 AND action = 'two_factor.method_changed'`, [
      user.id,
    ]);
    expect(actions).toEqual([{ details: { method: 'email', previousMethod: 'totp' } }]);
  });
});
