import type { TestMailbox } from './support/mailbox';
import { hotp } from '../../scripts/support/totp.mjs';
import { enableEmailTwoFactor, enableTotp, newUser, passwordStep, passwordStepWithEmailCode } from './support/fixtures';
import { bearer, createTestApp, refreshCookieOf, type TestApp, startAppWithMailbox } from './support/test-app';
import { uniqueClientAddress } from './support/client-address';

describe('Signing in with a second factor (POST /api/2fa/authenticate)', () => {
  let t: TestApp;
  let mailbox: TestMailbox;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ t, mailbox, stop } = await startAppWithMailbox());
  });
  afterAll(() => stop());

  const authenticate = (challenge: string, code: unknown) => t.http().post('/api/2fa/authenticate').set(bearer(challenge)).send({ code });
  const countAudit = async (userId: string, action: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM audit_logs WHERE entity_id = $1 AND action = $2`, [userId, action]))[0].n as number;

  /** A user with email 2FA, and a fresh login challenge with its code. */
  async function emailUserAtSecondStep() {
    const user = await newUser(t, { twoFactor: 'email' });
    return { user, ...(await passwordStepWithEmailCode(t, user)) };
  }

  describe('the login challenge', () => {
    it('reaches only the 2FA step: /auth/me answers, everything else is 401 TWO_FACTOR_REQUIRED, and it has no refresh credential', async () => {
      const user = await newUser(t, { twoFactor: 'email' });
      const login = await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
      expect(login.body).toMatchObject({
        twoFactorRequired: true,
        user: { id: user.id, isTwoFactorEnabled: true, twoFactorMethod: 'email' },
      });
      expect(([] as string[]).concat(login.headers['set-cookie'] ?? []).some((c) => c.startsWith('vantage_refresh='))).toBe(false);
      const challenge = login.body.accessToken;

      expect((await t.http().get('/api/auth/me').set(bearer(challenge)).expect(200)).body.id).toBe(user.id);
      for (const [method, path] of [
        ['get', '/api/teams'],
        ['get', '/api/user/two-factor'],
        ['delete', '/api/user/two-factor'],
        ['patch', '/api/user/profile'],
      ] as const) {
        const res = await t.http()[method](path).set(bearer(challenge)).send({});
        expect([path, res.status, res.body.code]).toEqual([path, 401, 'TWO_FACTOR_REQUIRED']);
      }
      // Refresh never upgrades it: there is no cookie to present, the bearer token is not a refresh
      // credential, and a cookie naming the challenge session matches nothing (it has no refresh secret).
      await t.http().post('/api/auth/refresh').set(bearer(challenge)).expect(401);
      const sid = JSON.parse(Buffer.from(challenge.split('.')[1], 'base64url').toString()).sid;
      await t
        .http()
        .post('/api/auth/refresh')
        .set('Cookie', `vantage_refresh=${sid}.${'A'.repeat(43)}`)
        .expect(401);
      await t.http().get('/api/teams').set(bearer(challenge)).expect(401);
    });

    it('a right code gives a full session with a refresh cookie, and audits auth.login with the factor used', async () => {
      const { user, challenge, code } = await emailUserAtSecondStep();
      const res = await authenticate(challenge, code).expect(200);
      expect(res.body.user).toMatchObject({ id: user.id, isTwoFactorEnabled: true });
      const claims = JSON.parse(Buffer.from(res.body.accessToken.split('.')[1], 'base64url').toString());
      expect(claims).toMatchObject({ sub: user.id, isTwoFactorEnable: true, isTwoFactorAuthenticated: true });
      await t.http().get('/api/teams').set(bearer(res.body.accessToken)).expect(200);
      const refreshed = await t.http().post('/api/auth/refresh').set('Cookie', refreshCookieOf(res)).expect(200);
      await t.http().get('/api/teams').set(bearer(refreshed.body.accessToken)).expect(200);
      const [audit] = await t.db.query(`SELECT * FROM audit_logs WHERE entity_id = $1 AND action = 'auth.login'`, [user.id]);
      expect(audit).toMatchObject({ actor_id: user.id, team_id: user.teamId, details: { secondFactor: 'email' } });
    });

    it('is single use: after success the challenge token is dead', async () => {
      const { challenge, code } = await emailUserAtSecondStep();
      await authenticate(challenge, code).expect(200);
      expect((await authenticate(challenge, code).expect(401)).body.code).toBe('SESSION_EXPIRED');
      expect((await t.http().get('/api/auth/me').set(bearer(challenge)).expect(401)).body.code).toBe('SESSION_EXPIRED');
    });

    it('expires after 10 minutes', async () => {
      const { challenge, code } = await emailUserAtSecondStep();
      const sid = JSON.parse(Buffer.from(challenge.split('.')[1], 'base64url').toString()).sid;
      const [{ minutes }] = await t.db.query(
        `SELECT round(extract(epoch FROM expires_at - created_at) / 60) AS minutes FROM auth_sessions WHERE id = $1`,
        [sid],
      );
      expect(Number(minutes)).toBe(10);
      await t.db.query(`UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [sid]);
      expect((await authenticate(challenge, code).expect(401)).body.code).toBe('SESSION_EXPIRED');
    });

    it("is bound to its user: another user's valid code does not complete it", async () => {
      const a = await emailUserAtSecondStep();
      const b = await emailUserAtSecondStep();
      expect((await authenticate(a.challenge, b.code).expect(401)).body.code).toBe('INVALID_TWO_FACTOR_CODE');
      // b's code is still good for b.
      await authenticate(b.challenge, b.code).expect(200);
    });

    it('a full session is not a login challenge (409 NOT_A_LOGIN_CHALLENGE)', async () => {
      const user = await newUser(t);
      const res = await authenticate(user.accessToken, '123456').expect(409);
      expect(res.body.code).toBe('NOT_A_LOGIN_CHALLENGE');
    });

    describe('malformed codes are 400 VALIDATION_FAILED, never 500, and do not count toward the lockout', () => {
      let user: { id: string };
      let challenge: string;
      beforeAll(async () => {
        ({ user, challenge } = await emailUserAtSecondStep());
      });

      it.each([
        ['an empty string', ''],
        ['5 digits', '12345'],
        ['7 digits', '1234567'],
        ['letters', 'abcdef'],
        ['a number', 123456],
        ['an array', ['123456']],
        ['an object', { code: '123456' }],
        ['null', null],
        ['a huge string', '1'.repeat(10_000)],
      ])('%s', async (_name, code) => {
        const res = await authenticate(challenge, code).expect(400);
        expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', errors: [{ field: 'code', message: expect.any(String) }] });
      });

      it('none of them counted toward the lockout', async () => {
        const [row] = await t.db.query(`SELECT two_factor_failed_attempts FROM users WHERE id = $1`, [user.id]);
        expect(row.two_factor_failed_attempts).toBe(0);
      });
    });

    it('refuses a missing body and unknown fields', async () => {
      const { challenge } = await emailUserAtSecondStep();
      await t.http().post('/api/2fa/authenticate').set(bearer(challenge)).expect(400);
      const res = await t
        .http()
        .post('/api/2fa/authenticate')
        .set(bearer(challenge))
        .send({ code: '123456', trustDevice: true })
        .expect(400);
      expect(res.body.errors).toEqual([{ field: 'trustDevice', message: 'is not an accepted field' }]);
    });
  });

  describe('recovery codes', () => {
    it('sign in once each, in any case and without dashes; are stored as HMAC; using one is audited and emailed', async () => {
      const user = await newUser(t);
      const { recoveryCodes } = await enableTotp(t, user);
      const rows: { code_hash: string }[] = await t.db.query(`SELECT code_hash FROM two_factor_recovery_codes WHERE user_id = $1`, [
        user.id,
      ]);
      expect(rows).toHaveLength(10);
      for (const row of rows) {
        expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
        for (const code of recoveryCodes) expect(row.code_hash).not.toContain(code.replace(/-/g, ''));
      }

      const typed = recoveryCodes[3].replace(/-/g, '').toUpperCase();
      const before = mailbox.messages.length;
      const res = await authenticate(await passwordStep(t, user), typed).expect(200);
      expect(res.body.user.id).toBe(user.id);
      expect((await authenticate(await passwordStep(t, user), recoveryCodes[3]).expect(401)).body.code).toBe('CODE_ALREADY_USED');
      await authenticate(await passwordStep(t, user), recoveryCodes[4]).expect(200);

      const [audit] = await t.db.query(
        `SELECT details FROM audit_logs WHERE entity_id = $1 AND action = 'two_factor.recovery_code_used' ORDER BY created_at LIMIT 1`,
        [user.id],
      );
      expect(audit.details).toEqual({ remaining: 9 });
      await mailbox.waitFor(user.email, (m) => mailbox.messages.indexOf(m) >= before && /8 unused recovery codes remain/.test(m.text));
      const notices = mailbox.for(user.email).filter((m) => /recovery code was used/i.test(m.subject));
      expect(notices.map((m) => /(\d+) unused recovery codes remain/.exec(m.text)?.[1])).toEqual(['9', '8']);
    });

    it('work for email-2FA users too while they have a set', async () => {
      const user = await newUser(t);
      const { recoveryCodes } = await enableTotp(t, user);
      await enableEmailTwoFactor(t, user);
      const { challenge } = await passwordStepWithEmailCode(t, user);
      await authenticate(challenge, recoveryCodes[0]).expect(200);
    });
  });

  describe('lockout (5 wrong codes in a row → 15 minutes)', () => {
    const wrongCode = (right: string) => String((Number(right) + 1) % 1_000_000).padStart(6, '0');

    it('locks after the fifth wrong code (429 with Retry-After), refuses even the right code while locked, and audits it', async () => {
      const { user, challenge, code } = await emailUserAtSecondStep();
      for (let i = 1; i <= 4; i++) {
        const wrong = await authenticate(challenge, wrongCode(code)).expect(401);
        // Each wrong code says how many more lock sign-in: 4, 3, 2, 1.
        expect([wrong.body.code, wrong.body.attemptsLeft]).toEqual(['INVALID_TWO_FACTOR_CODE', 5 - i]);
      }
      const fifth = await authenticate(challenge, wrongCode(code)).expect(429);
      expect(fifth.body.code).toBe('TWO_FACTOR_LOCKED');
      expect(Number(fifth.headers['retry-after'])).toBe(15 * 60);

      // (Signing in again within 30 s sends no new mail: the code just sent still stands.)
      const fresh = await passwordStep(t, user);
      const locked = await authenticate(fresh, code).expect(429);
      expect(locked.body.code).toBe('TWO_FACTOR_LOCKED');
      expect(Number(locked.headers['retry-after'])).toBeGreaterThan(14 * 60);
      expect(Number(locked.headers['retry-after'])).toBeLessThanOrEqual(15 * 60);
      expect(await countAudit(user.id, 'two_factor.failed')).toBe(5);
      expect(await countAudit(user.id, 'two_factor.locked')).toBe(1);

      // Fifteen minutes later (moved in the database, not waited for) the right code works again.
      await t.db.query(`UPDATE users SET two_factor_locked_until = now() - interval '1 second' WHERE id = $1`, [user.id]);
      await authenticate(fresh, code).expect(200);
      const [row] = await t.db.query(`SELECT two_factor_failed_attempts, two_factor_locked_until FROM users WHERE id = $1`, [user.id]);
      expect(row).toEqual({ two_factor_failed_attempts: 0, two_factor_locked_until: null });
    });

    it('the password step of a locked account says until when (no code is emailed meanwhile); unlocked, it says null', async () => {
      const { user, challenge, code } = await emailUserAtSecondStep();
      for (let i = 0; i < 5; i++) await authenticate(challenge, wrongCode(code));
      const before = mailbox.messages.length;
      const login = await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
      expect(login.body.twoFactorRequired).toBe(true);
      const secondsLeft = (Date.parse(login.body.twoFactorLockedUntil) - Date.now()) / 1000;
      expect(secondsLeft).toBeGreaterThan(14 * 60);
      expect(secondsLeft).toBeLessThanOrEqual(15 * 60 + 1);

      await t.db.query(`UPDATE users SET two_factor_locked_until = now() - interval '1 second' WHERE id = $1`, [user.id]);
      await t.db.query(`UPDATE two_factor_email_codes SET created_at = created_at - interval '1 minute' WHERE user_id = $1`, [user.id]);
      const unlocked = await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
      expect(unlocked.body.twoFactorLockedUntil).toBeNull();
      // The only code mailed since the lock is the one of the unlocked sign-in, and it signs in.
      const fresh = await mailbox.latestCode(user.email, before);
      expect(mailbox.messages.slice(before).filter((m) => m.to.includes(user.email.toLowerCase()))).toHaveLength(1);
      await authenticate(unlocked.body.accessToken, fresh).expect(200);
    });

    it('a right code resets the count: 4 wrong, right, 4 wrong is not a lock', async () => {
      const { user, challenge, code } = await emailUserAtSecondStep();
      for (let i = 0; i < 4; i++) await authenticate(challenge, wrongCode(code)).expect(401);
      await authenticate(challenge, code).expect(200);
      const next = await passwordStepWithEmailCode(t, user);
      for (let i = 0; i < 4; i++) await authenticate(next.challenge, wrongCode(next.code)).expect(401);
      await authenticate(next.challenge, next.code).expect(200);
    });

    it('a parallel burst of 50 wrong codes gets no more than five evaluated', async () => {
      const user = await newUser(t);
      const { secret, step } = await enableTotp(t, user);
      const right = hotp(secret, step);
      const challenges = await Promise.all(Array.from({ length: 10 }, () => passwordStep(t, user)));
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          authenticate(challenges[i % 10], String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0')),
        ),
      );
      const byStatus = (status: number) => results.filter((r) => r.status === status).length;
      expect(byStatus(401)).toBe(4);
      expect(byStatus(429)).toBe(46);
      // Refused unchecked: locked, or arriving while the last attempts were being checked.
      expect(results.every((r) => r.status !== 429 || ['TWO_FACTOR_LOCKED', 'CODE_CHECK_BUSY'].includes(r.body.code))).toBe(true);
      const [row] = await t.db.query(`SELECT two_factor_failed_attempts FROM users WHERE id = $1`, [user.id]);
      expect(row.two_factor_failed_attempts).toBe(5);
      expect(await countAudit(user.id, 'two_factor.failed')).toBe(5);
      // And the right code is refused now.
      expect((await authenticate(await passwordStep(t, user), right).expect(429)).body.code).toBe('TWO_FACTOR_LOCKED');
    });

    it('the lock is in the database: another API instance sees it', async () => {
      const second = await createTestApp({ SMTP_URL: mailbox.url });
      try {
        const { user, challenge, code } = await emailUserAtSecondStep();
        for (let i = 0; i < 5; i++) await authenticate(challenge, wrongCode(code));
        const other = await passwordStep(t, user);
        const res = await second.http().post('/api/2fa/authenticate').set(bearer(other)).send({ code }).expect(429);
        expect(res.body.code).toBe('TWO_FACTOR_LOCKED');
      } finally {
        await second.close();
      }
    });

    it('a login challenge dies after five codes even when the account count was reset meanwhile', async () => {
      const { user, challenge: first, code } = await emailUserAtSecondStep();
      for (let i = 0; i < 4; i++) await authenticate(first, wrongCode(code)).expect(401);
      // The same code, on a second sign-in (the code sent moments ago still stands), resets the account count.
      const second = await passwordStep(t, user);
      await authenticate(second, code).expect(200);

      await authenticate(first, '000000').expect(401);
      await t.db.query(`UPDATE two_factor_email_codes SET created_at = created_at - interval '1 minute' WHERE user_id = $1`, [user.id]);
      const before = mailbox.messages.length;
      await t.http().post('/api/2fa/send-code').set(bearer(first)).expect(204);
      const fresh = await mailbox.latestCode(user.email, before);
      const res = await authenticate(first, fresh).expect(401);
      expect(res.body.code).toBe('SESSION_EXPIRED');
      expect((await t.http().get('/api/auth/me').set(bearer(first)).expect(401)).body.code).toBe('SESSION_EXPIRED');
    });
  });

  it('the 2FA endpoints are rate-limited per client (THROTTLE_AUTH_LIMIT)', async () => {
    const limited = await createTestApp({ SMTP_URL: mailbox.url, THROTTLE_AUTH_LIMIT: '3', TRUST_PROXY: 'true' });
    try {
      const client = uniqueClientAddress();
      // Made on the relaxed instance: registering counts toward the same per-client limit.
      const user = await newUser(t);
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (
            await limited
              .http()
              .post('/api/2fa/authenticate')
              .set('X-Forwarded-For', client)
              .set(bearer(user.accessToken))
              .send({ code: '123456' })
          ).status,
        );
      expect(statuses).toEqual([409, 409, 409, 429]);
      const res = await limited.http().post('/api/2fa/send-code').set('X-Forwarded-For', client).set(bearer(user.accessToken));
      expect(res.status).not.toBe(429);
    } finally {
      await limited.close();
    }
  });
});
