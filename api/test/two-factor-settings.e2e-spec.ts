import type { TestMailbox } from './support/mailbox';
import { impersonateDirectly, lockTwoFactor, newSession, newUser, passwordStep, passwordStepWithEmailCode } from './support/fixtures';
import { bearer, type TestApp, startAppWithMailbox } from './support/test-app';

describe('Two-factor settings (/api/user/two-factor)', () => {
  let t: TestApp;
  let mailbox: TestMailbox;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ t, mailbox, stop } = await startAppWithMailbox());
  });
  afterAll(() => stop());

  const disable = (token: string, body: object) => t.http().delete('/api/user/two-factor').set(bearer(token)).send(body);

  describe('turning it off', () => {
    it('needs the account password: a wrong one is 401 WRONG_PASSWORD and 2FA stays on', async () => {
      const user = await newUser(t, { twoFactor: 'email' });
      const res = await disable(user.accessToken, { password: 'not the password' }).expect(401);
      expect(res.body.code).toBe('WRONG_PASSWORD');
      await t
        .http()
        .get('/api/user/two-factor')
        .set(bearer(user.accessToken))
        .expect(200, { enabled: true, method: 'email', recoveryCodesLeft: 0, recoveryCodeUsedAt: null, lockedUntil: null, passkeys: 0 });
      // Signing in still asks for the second factor (passwordStep fails otherwise).
      await passwordStep(t, user);
    });

    it('with the password: off, secrets and codes gone, other sessions ended, the user emailed, audited', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const other = await newSession(t, user);

      const before = mailbox.messages.length;
      const res = await disable(user.accessToken, { password: user.password }).expect(200);
      expect(res.body).toEqual({ enabled: false, method: null });

      const [row] = await t.db.query(`SELECT * FROM users WHERE id = $1`, [user.id]);
      expect(row).toMatchObject({
        is_two_factor_enabled: false,
        two_factor_method: null,
        totp_secret_encrypted: null,
        totp_pending_secret_encrypted: null,
      });
      expect(await t.db.query(`SELECT id FROM two_factor_recovery_codes WHERE user_id = $1`, [user.id])).toEqual([]);
      expect((await t.http().get('/api/teams').set(bearer(other.accessToken)).expect(401)).body.code).toBe('SESSION_EXPIRED');
      await t.http().get('/api/teams').set(bearer(user.accessToken)).expect(200);

      const mail = await mailbox.waitFor(user.email, (m) => mailbox.messages.indexOf(m) >= before);
      expect(mail.subject).toBe('Two-factor authentication was turned off');
      const login = await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
      expect(login.body.twoFactorRequired).toBe(false);
      const [audit] = await t.db.query(`SELECT * FROM audit_logs WHERE entity_id = $1 AND action = 'two_factor.disabled'`, [user.id]);
      expect(audit).toMatchObject({ actor_id: user.id, team_id: user.teamId, details: { method: null, previousMethod: 'totp' } });
    });

    it('needs a session that passed 2FA: the login-challenge token gets 401 TWO_FACTOR_REQUIRED', async () => {
      const user = await newUser(t, { twoFactor: 'email' });
      const { challenge } = await passwordStepWithEmailCode(t, user);
      const res = await disable(challenge, { password: user.password }).expect(401);
      expect(res.body.code).toBe('TWO_FACTOR_REQUIRED');
      await t
        .http()
        .get('/api/user/two-factor')
        .set(bearer(user.accessToken))
        .expect(200, { enabled: true, method: 'email', recoveryCodesLeft: 0, recoveryCodeUsedAt: null, lockedUntil: null, passkeys: 0 });
    });

    it('when it is already off: 409 TWO_FACTOR_NOT_ENABLED; a missing password: 400', async () => {
      const user = await newUser(t);
      expect((await disable(user.accessToken, { password: user.password }).expect(409)).body.code).toBe('TWO_FACTOR_NOT_ENABLED');
      expect((await disable(user.accessToken, {}).expect(400)).body.errors).toEqual([{ field: 'password', message: 'must be a string' }]);
    });
  });

  describe('new recovery codes (POST /user/two-factor/recovery-codes)', () => {
    const replace = (token: string, body: object) => t.http().post('/api/user/two-factor/recovery-codes').set(bearer(token)).send(body);
    const authenticate = (challenge: string, code: string) => t.http().post('/api/2fa/authenticate').set(bearer(challenge)).send({ code });
    const codeRows = async (userId: string) =>
      t.db.query<unknown[]>(`SELECT * FROM two_factor_recovery_codes WHERE user_id = $1 ORDER BY code_hash`, [userId]);

    it('with the password: ten new codes; every earlier code stops working, a new one signs in; emailed and audited', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const before = mailbox.messages.length;
      const res = await replace(user.accessToken, { password: user.password }).expect(200);
      const codes: string[] = res.body.recoveryCodes;
      expect(Object.keys(res.body)).toEqual(['recoveryCodes']);
      expect(codes).toHaveLength(10);
      expect(new Set(codes).size).toBe(10);
      expect(codes.filter((code) => user.recoveryCodes.includes(code))).toEqual([]);
      expect(await codeRows(user.id)).toHaveLength(10);

      for (const old of [user.recoveryCodes[0], user.recoveryCodes[9]]) {
        const refused = await authenticate(await passwordStep(t, user), old).expect(401);
        expect(refused.body.code).toBe('INVALID_TWO_FACTOR_CODE');
      }
      await authenticate(await passwordStep(t, user), codes[3]).expect(200);

      const notice = await mailbox.waitFor(user.email, (m) => mailbox.messages.indexOf(m) >= before && /recovery codes/i.test(m.subject));
      expect(notice.subject).toBe('New recovery codes for your Vantage account');
      const [audit] = await t.db.query(`SELECT * FROM audit_logs WHERE entity_id = $1 AND action = 'two_factor.recovery_codes_replaced'`, [
        user.id,
      ]);
      expect(audit).toMatchObject({ actor_id: user.id, team_id: user.teamId });
    });

    it('GET /user/two-factor says until when wrong codes lock the codes, so a step-up dialog can tell before a code is typed', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const status = async () => (await t.http().get('/api/user/two-factor').set(bearer(user.accessToken)).expect(200)).body;
      expect((await status()).lockedUntil).toBeNull();
      const lockedAt = Date.now();
      await lockTwoFactor(t, user);
      const lockedUntil = Date.parse((await status()).lockedUntil);
      // The lock's length is the policy's (15 minutes); allow for the time the test took.
      expect(lockedUntil - lockedAt).toBeGreaterThan(14 * 60_000);
      expect(lockedUntil - lockedAt).toBeLessThan(16 * 60_000);
    });

    it('GET /user/two-factor counts the codes left and says when one was last used; a new set starts afresh', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const status = async () => (await t.http().get('/api/user/two-factor').set(bearer(user.accessToken)).expect(200)).body;
      expect(await status()).toEqual({
        enabled: true,
        method: 'totp',
        recoveryCodesLeft: 10,
        recoveryCodeUsedAt: null,
        lockedUntil: null,
        passkeys: 0,
      });

      const signedInAt = Date.now();
      await authenticate(await passwordStep(t, user), user.recoveryCodes[0]).expect(200);
      const afterUse = await status();
      expect(afterUse.recoveryCodesLeft).toBe(9);
      expect(Math.abs(Date.parse(afterUse.recoveryCodeUsedAt) - signedInAt)).toBeLessThan(60_000);

      await replace(user.accessToken, { password: user.password }).expect(200);
      expect(await status()).toMatchObject({ recoveryCodesLeft: 10, recoveryCodeUsedAt: null, lockedUntil: null, passkeys: 0 });
    });

    it('with email codes as the method too: the new codes sign in in place of an emailed code', async () => {
      const user = await newUser(t, { twoFactor: 'email' });
      const { recoveryCodes } = (await replace(user.accessToken, { password: user.password }).expect(200)).body as {
        recoveryCodes: string[];
      };
      await authenticate(await passwordStep(t, user), recoveryCodes[0]).expect(200);
    });

    it('a wrong password: 401 WRONG_PASSWORD, counted toward the sign-in lockout, audited; the codes stay', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const rows = await codeRows(user.id);
      const res = await replace(user.accessToken, { password: 'not the password' }).expect(401);
      expect(res.body.code).toBe('WRONG_PASSWORD');
      const [attempts] = await t.db.query(`SELECT count AS failed_count FROM rate_limit_counters WHERE key = 'password:' || lower($1)`, [
        user.email,
      ]);
      expect(attempts).toEqual({ failed_count: 1 });
      expect(await codeRows(user.id)).toEqual(rows);
      const [audit] = await t.db.query(
        `SELECT details FROM audit_logs WHERE entity_id = $1 AND action = 'two_factor.recovery_codes_refused'`,
        [user.id],
      );
      expect(audit).toEqual({ details: { reason: 'wrong_password' } });
      await authenticate(await passwordStep(t, user), user.recoveryCodes[0]).expect(200);
    });

    it('2FA off: 409 TWO_FACTOR_NOT_ENABLED; no password: 400; a login challenge: 401 TWO_FACTOR_REQUIRED', async () => {
      const plain = await newUser(t);
      expect((await replace(plain.accessToken, { password: plain.password }).expect(409)).body.code).toBe('TWO_FACTOR_NOT_ENABLED');
      expect(await codeRows(plain.id)).toEqual([]);
      const user = await newUser(t, { twoFactor: 'totp' });
      expect((await replace(user.accessToken, {}).expect(400)).body.errors).toEqual([{ field: 'password', message: 'must be a string' }]);
      const challenge = await passwordStep(t, user);
      expect((await replace(challenge, { password: user.password }).expect(401)).body.code).toBe('TWO_FACTOR_REQUIRED');
    });

    it('blocked during impersonation (403 FORBIDDEN_DURING_IMPERSONATION), and the codes stay', async () => {
      const admin = await newUser(t, { role: 'admin' });
      const target = await newUser(t, { twoFactor: 'totp' });
      const rows = await codeRows(target.id);
      const { accessToken } = await impersonateDirectly(t, admin, target);
      const res = await replace(accessToken, { password: target.password }).expect(403);
      expect(res.body.code).toBe('FORBIDDEN_DURING_IMPERSONATION');
      expect(await codeRows(target.id)).toEqual(rows);
    });
  });

  describe('bad input to PUT', () => {
    let token: string;
    beforeAll(async () => {
      token = (await newUser(t)).accessToken;
    });
    it.each([
      ['enabled false (off is DELETE)', { enabled: false, method: 'email' }, ['enabled']],
      ['enabled as a string', { enabled: 'true', method: 'email' }, ['enabled']],
      ['an unknown method', { enabled: true, method: 'sms' }, ['method']],
      ['totp without a code', { enabled: true, method: 'totp' }, ['code']],
      ['totp with a 5-digit code', { enabled: true, method: 'totp', code: '12345' }, ['code']],
      ['totp with a numeric code', { enabled: true, method: 'totp', code: 123456 }, ['code']],
      ['email with a code', { enabled: true, method: 'email', code: '123456' }, ['code']],
      ['an unknown field', { enabled: true, method: 'email', secret: 'JBSWY3DPEHPK3PXP' }, ['secret']],
    ])('%s → 400 naming the field', async (_name, body, fields) => {
      const res = await t.http().put('/api/user/two-factor').set(bearer(token)).send(body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))]).toEqual(fields);
    });
    it('nothing was turned on by any of them', async () => {
      await t
        .http()
        .get('/api/user/two-factor')
        .set(bearer(token))
        .expect(200, { enabled: false, method: null, recoveryCodesLeft: 0, recoveryCodeUsedAt: null, lockedUntil: null, passkeys: 0 });
    });
  });

  it('all four routes are refused during impersonation (403 FORBIDDEN_DURING_IMPERSONATION), and nothing changes', async () => {
    const admin = await newUser(t, { role: 'admin' });
    const target = await newUser(t);
    const { accessToken: token } = await impersonateDirectly(t, admin, target);
    await t.http().get('/api/auth/me').set(bearer(token)).expect(200);
    const calls = [
      t.http().get('/api/user/two-factor').set(bearer(token)),
      t.http().post('/api/user/two-factor').set(bearer(token)),
      t.http().put('/api/user/two-factor').set(bearer(token)).send({ enabled: true, method: 'email' }),
      t.http().delete('/api/user/two-factor').set(bearer(token)).send({ password: target.password }),
    ];
    for (const res of await Promise.all(calls)) {
      expect([res.status, res.body.code]).toEqual([403, 'FORBIDDEN_DURING_IMPERSONATION']);
    }
    const [row] = await t.db.query(`SELECT is_two_factor_enabled, totp_pending_secret_encrypted FROM users WHERE id = $1`, [target.id]);
    expect(row).toEqual({ is_two_factor_enabled: false, totp_pending_secret_encrypted: null });
  });

  it('"email me a code" is refused during impersonation too (it would mail the impersonated user)', async () => {
    const admin = await newUser(t, { role: 'admin' });
    const target = await newUser(t, { twoFactor: 'email' });
    const { accessToken: token } = await impersonateDirectly(t, admin, target);
    const res = await t.http().post('/api/2fa/send-code').set(bearer(token)).expect(403);
    expect(res.body.code).toBe('FORBIDDEN_DURING_IMPERSONATION');
  });
});
