import { hotp, stepAt, withinOneStep } from '../../../scripts/support/totp.mjs';
import {
  acceptInvitation,
  enableEmailTwoFactor,
  enableTotp,
  impersonate,
  impersonateDirectly,
  invite,
  newSession,
  newUser,
  passwordStep,
  passwordStepWithEmailCode,
  stepUpCode,
  type TotpUser,
} from '../support/fixtures';
import type * as NodeCrypto from 'node:crypto';
import { syncBuiltinESMExports } from 'node:module';
import type { TestMailbox } from '../support/mailbox';
import { apiRoutes, claimsOf, fillPath, signToken, wrongCode } from '../support/security';
import { bearer, createTestApp, refreshCookieOf, type TestApp, startAppWithMailbox } from '../support/test-app';
import { uniqueClientAddress } from '../support/client-address';

// Node's own crypto module object: a spy is put on it, then copied to the named exports the app imports
// (`import { randomInt } from 'node:crypto'`) by syncBuiltinESMExports, so the spy sees the app's calls.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const nodeCrypto: typeof NodeCrypto = require('node:crypto');

/**
 * OWASP ASVS-derived requirements, part 2: the second factor (ASVS V2.7/V2.8, the OWASP MFA cheat
 * sheet, RFC 6238 §5.2). Each `describe` is one requirement of the security issue, by its number.
 */
describe('ASVS (two-factor authentication)', () => {
  let t: TestApp;
  let mailbox: TestMailbox;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ t, mailbox, stop } = await startAppWithMailbox());
  });
  afterAll(() => stop());

  const authenticate = (token: string, code: unknown) => t.http().post('/api/2fa/authenticate').set(bearer(token)).send({ code });
  const userRow = async (id: string) => (await t.db.query(`SELECT * FROM users WHERE id = $1`, [id]))[0];
  const countAudit = async (userId: string, action: string) =>
    (await t.db.query(`SELECT count(*)::int AS n FROM audit_logs WHERE entity_id = $1 AND action = $2`, [userId, action]))[0].n as number;

  describe('ASVS 6 — the token from the password step reaches nothing but the 2FA step (admin and impersonation routes included)', () => {
    /** Routes that need no token at all; a login challenge has nothing to gain there. */
    const PUBLIC = [
      'GET /api/health',
      'POST /api/auth/register',
      'POST /api/auth/login',
      'POST /api/auth/refresh',
      'POST /api/auth/logout',
      'GET /api/dev/mailbox',
      // An invitation link's page and asking for / using a password reset link: for people who are
      // not signed in (the link's token, or the email, is all they have).
      'GET /api/invitations/{token}',
      'POST /api/auth/password-reset',
      'POST /api/auth/password-reset/confirm',
      // Back to the admin's account from an ended support session: the refresh cookie authenticates it.
      'POST /api/auth/return',
    ];
    // POST /api/invitations/{token}/accept is not public but optional-auth: anonymous people may
    // create their account there, but a token, when sent, is checked as everywhere else — so the
    // sweep below expects TWO_FACTOR_REQUIRED from it, and the next test proves it on a real link.
    /** The second sign-in step: the only routes a login challenge may reach. */
    const TWO_FACTOR_STEP = ['GET /api/auth/me', 'POST /api/2fa/authenticate', 'POST /api/2fa/passkey-options', 'POST /api/2fa/send-code'];

    it('every other route of the OpenAPI document answers 401 TWO_FACTOR_REQUIRED to the challenge of a super admin', async () => {
      const admin = await newUser(t, { role: 'super_admin', twoFactor: 'totp' });
      const challenge = await passwordStep(t, admin);
      const routes = (await apiRoutes(t)).filter((r) => !PUBLIC.includes(r.name));
      expect(routes.length).toBeGreaterThan(25);

      const reached: string[] = [];
      for (const route of routes) {
        const req = t
          .http()
          [route.method](fillPath(route.path, { id: admin.teamId }))
          .set(bearer(challenge));
        const res = await (route.body ? req.send({}) : req);
        if (res.status === 401 && res.body.code === 'TWO_FACTOR_REQUIRED') continue;
        expect(res.status).toBeLessThan(500);
        reached.push(route.name);
      }
      expect(reached.sort()).toEqual([...TWO_FACTOR_STEP].sort());
      // And it is still only a challenge: the admin's role gave it nothing.
      await t.http().get('/api/admin/teams').set(bearer(challenge)).expect(401);
    });

    it('accepting an invitation (optional auth) with a login challenge is 401 TWO_FACTOR_REQUIRED, never anonymous: nothing joins', async () => {
      const owner = await newUser(t);
      const invited = await newUser(t, { twoFactor: 'totp' });
      const { token } = await invite(t, owner, invited.email);
      const challenge = await passwordStep(t, invited);

      const res = await acceptInvitation(t, token, { accessToken: challenge }).expect(401);
      expect(res.body.code).toBe('TWO_FACTOR_REQUIRED');
      // Not taken for an anonymous acceptance either (which would ask for the new account's fields).
      const withFields = await acceptInvitation(
        t,
        token,
        { accessToken: challenge },
        { firstName: 'A', lastName: 'B', password: 'a good password' },
      );
      expect([withFields.status, withFields.body.code]).toEqual([401, 'TWO_FACTOR_REQUIRED']);
      // A token that is no token at all is refused too, not treated as "no token".
      expect((await acceptInvitation(t, token, { accessToken: 'not-a-jwt' }).expect(401)).body.code).toBe('UNAUTHORIZED');

      const members = await t.db.query(`SELECT 1 FROM team_members WHERE team_id = $1 AND user_id = $2`, [owner.teamId, invited.id]);
      expect(members).toEqual([]);
      // The link is still open: after the second factor, the same person accepts it.
      expect((await t.http().get(`/api/invitations/${token}`).expect(200)).body.accountExists).toBe(true);
      const session = await newSession(t, invited);
      const accepted = await acceptInvitation(t, token, session).expect(200);
      expect(accepted.body.user.currentTeam.id).toBe(owner.teamId);
    });
  });

  describe('ASVS 7 — every way to a session enforces 2FA (login, refresh, cancel-impersonation)', () => {
    it('login: with 2FA on, the answer is a challenge with no refresh cookie', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const res = await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
      expect(res.body.twoFactorRequired).toBe(true);
      expect(([] as string[]).concat(res.headers['set-cookie'] ?? []).some((c) => c.startsWith('vantage_refresh='))).toBe(false);
      expect(claimsOf(res.body.accessToken)).toMatchObject({ isTwoFactorEnable: true, isTwoFactorAuthenticated: false });
    });

    it('refresh: a session that never passed 2FA cannot mint tokens once 2FA is on', async () => {
      const user = await newUser(t);
      await t.db.query(`UPDATE users SET is_two_factor_enabled = true, two_factor_method = 'email' WHERE id = $1`, [user.id]);
      expect((await t.http().post('/api/auth/refresh').set('Cookie', user.refreshCookie).expect(401)).body.code).toBe(
        'TWO_FACTOR_REQUIRED',
      );
    });

    it('cancel-impersonation: only an impersonation session may return, and the admin comes back with the factor proved at the start', async () => {
      const admin = await newUser(t, { role: 'admin', twoFactor: 'totp' });
      const challenge = await passwordStep(t, admin);
      expect((await t.http().post('/api/2fa/cancel-impersonation').set(bearer(challenge)).expect(401)).body.code).toBe(
        'TWO_FACTOR_REQUIRED',
      );
      expect((await t.http().post('/api/2fa/cancel-impersonation').set(bearer(admin.accessToken)).expect(404)).body.code).toBe(
        'IMPERSONATION_NOT_FOUND',
      );

      const started = await impersonate(t, admin, await newUser(t));
      expect(started.status).toBe(200);
      const back = await t.http().post('/api/2fa/cancel-impersonation').set(bearer(started.body.accessToken)).expect(200);
      expect(claimsOf(back.body.accessToken)).toMatchObject({ sub: admin.id, isTwoFactorEnable: true, isTwoFactorAuthenticated: true });
      await t.http().get('/api/admin/teams').set(bearer(back.body.accessToken)).expect(200);
    });

    it('switching team re-issues tokens only to a session that passed 2FA', async () => {
      const user = await newUser(t);
      await t.db.query(`UPDATE users SET is_two_factor_enabled = true, two_factor_method = 'email' WHERE id = $1`, [user.id]);
      expect((await t.http().post(`/api/teams/${user.teamId}/switch`).set(bearer(user.accessToken)).expect(401)).body.code).toBe(
        'TWO_FACTOR_REQUIRED',
      );
    });
  });

  describe('ASVS 8 — the 2FA state is read from the database: enabling 2FA makes earlier full tokens insufficient', () => {
    it('enabling 2FA in one session ends the full tokens of the others', async () => {
      const user = await newUser(t);
      const other = await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
      await enableEmailTwoFactor(t, user);
      expect((await t.http().get('/api/teams').set(bearer(other.body.accessToken)).expect(401)).body.code).toBe('SESSION_EXPIRED');
    });

    it('a token minted before 2FA was switched on (by anyone) reaches only the 2FA step, whatever its claims say', async () => {
      const user = await newUser(t);
      expect(claimsOf(user.accessToken).isTwoFactorEnable).toBe(false);
      await t.db.query(`UPDATE users SET is_two_factor_enabled = true, two_factor_method = 'email' WHERE id = $1`, [user.id]);
      expect((await t.http().get('/api/teams').set(bearer(user.accessToken)).expect(401)).body.code).toBe('TWO_FACTOR_REQUIRED');
    });

    it('claims are never trusted: a challenge re-signed as "2FA passed" is still a challenge', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const challenge = await passwordStep(t, user);
      const forged = signToken(
        { alg: 'HS256', typ: 'JWT' },
        { ...claimsOf(challenge), isTwoFactorAuthenticated: true },
        t.config.jwtSecret,
      );
      expect((await t.http().get('/api/teams').set(bearer(forged)).expect(401)).body.code).toBe('TWO_FACTOR_REQUIRED');
    });
  });

  describe('ASVS 9 — the login challenge is single use, expires in 10 minutes and is bound to its user', () => {
    it('single use', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const challenge = await passwordStep(t, user);
      await authenticate(challenge, await user.freshCode()).expect(200);
      expect((await authenticate(challenge, await user.freshCode()).expect(401)).body.code).toBe('SESSION_EXPIRED');
    });

    it('10 minutes', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const challenge = await passwordStep(t, user);
      const sid = claimsOf(challenge).sid;
      const [row] = await t.db.query(
        `SELECT extract(epoch FROM expires_at - created_at)::int AS seconds FROM auth_sessions WHERE id = $1`,
        [sid],
      );
      expect(row.seconds).toBe(600);
      await t.db.query(`UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [sid]);
      expect((await authenticate(challenge, await user.freshCode()).expect(401)).body.code).toBe('SESSION_EXPIRED');
    });

    it("bound to its user: another user's valid code does not complete it", async () => {
      const a = await newUser(t, { twoFactor: 'totp' });
      const b = await newUser(t, { twoFactor: 'totp' });
      const challenge = await passwordStep(t, a);
      expect((await authenticate(challenge, await b.freshCode()).expect(401)).body.code).toBe('INVALID_TWO_FACTOR_CODE');
    });
  });

  describe('ASVS 10 — malformed codes are 400 (wrong ones 401), never 500', () => {
    const malformed: [string, unknown][] = [
      ['empty', ''],
      ['5 digits', '12345'],
      ['7 digits', '1234567'],
      ['letters', 'abcdef'],
      ['digits with a NUL', '123\u000056'],
      ['full-width digits', '１２３４５６'],
      ['a number', 123456],
      ['a negative number', -1],
      ['a float', 1e6],
      ['true', true],
      ['null', null],
      ['an array', ['123456']],
      ['an object', { $gt: '' }],
      ['SQL', "' OR '1'='1"],
      ['10,000 digits', '1'.repeat(10_000)],
    ];
    let user: TotpUser;
    let challenge: string;
    beforeAll(async () => {
      user = await newUser(t, { role: 'admin', twoFactor: 'totp' });
      challenge = await passwordStep(t, user);
    });

    it.each(malformed)('%s', async (_name, code) => {
      const target = await newUser(t);
      for (const res of await Promise.all([
        authenticate(challenge, code),
        t.http().post('/api/2fa/impersonate').set(bearer(user.accessToken)).send({ userId: target.id, code }),
        t.http().put('/api/user/two-factor').set(bearer(user.accessToken)).send({ enabled: true, method: 'totp', code }),
      ])) {
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
    });

    it('none of them counted as a try; a well-formed wrong code is a 401 that does', async () => {
      expect((await userRow(user.id)).two_factor_failed_attempts).toBe(0);
      expect((await authenticate(challenge, wrongCode(hotp(user.secret, stepAt()))).expect(401)).body.code).toBe('INVALID_TWO_FACTOR_CODE');
      expect((await userRow(user.id)).two_factor_failed_attempts).toBe(1);
    });
  });

  describe('ASVS 11 — a TOTP code works once (and the code that confirmed the setup cannot sign in)', () => {
    it('the confirming code is refused at sign-in; a new code works once', async () => {
      const user = await newUser(t);
      const { secret, step } = await enableTotp(t, user);
      // Refused as used (not as wrong: only wrong codes count toward the lockout).
      expect((await authenticate(await passwordStep(t, user), hotp(secret, step - 1)).expect(401)).body.code).toBe('CODE_ALREADY_USED');
      await authenticate(await passwordStep(t, user), hotp(secret, step)).expect(200);
      expect((await authenticate(await passwordStep(t, user), hotp(secret, step)).expect(401)).body.code).toBe('CODE_ALREADY_USED');
    });
  });

  describe('ASVS 12 — no code reuse across contexts (a sign-in code is not an impersonation step-up code)', () => {
    it('TOTP: the code that just signed the admin in cannot start an impersonation', async () => {
      const admin = await newUser(t, { role: 'admin', twoFactor: 'totp' });
      const code = await admin.freshCode();
      const signedIn = await authenticate(await passwordStep(t, admin), code).expect(200);
      const target = await newUser(t);
      const res = await t
        .http()
        .post('/api/2fa/impersonate')
        .set(bearer(signedIn.body.accessToken))
        .send({ userId: target.id, code })
        .expect(401);
      expect(res.body.code).toBe('CODE_ALREADY_USED');
    });

    it('email: a sign-in code does not confirm an impersonation, and a step-up code does not sign in', async () => {
      const admin = await newUser(t, { role: 'admin', twoFactor: 'email' });
      const target = await newUser(t);
      const { challenge, code: loginCode } = await passwordStepWithEmailCode(t, admin);
      const stepUp = await stepUpCode(t, admin);

      expect(
        (
          await t
            .http()
            .post('/api/2fa/impersonate')
            .set(bearer(admin.accessToken))
            .send({ userId: target.id, code: loginCode })
            .expect(401)
        ).body.code,
      ).toBe('INVALID_TWO_FACTOR_CODE');
      expect((await authenticate(challenge, stepUp).expect(401)).body.code).toBe('INVALID_TWO_FACTOR_CODE');
      // Each still works where it belongs.
      await authenticate(challenge, loginCode).expect(200);
      await t.http().post('/api/2fa/impersonate').set(bearer(admin.accessToken)).send({ userId: target.id, code: stepUp }).expect(200);
    });
  });

  describe('ASVS 13 — the same valid code in 10 parallel requests gives exactly one success', () => {
    it('TOTP at sign-in', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const challenges = await Promise.all(Array.from({ length: 10 }, () => passwordStep(t, user)));
      const code = await user.freshCode();
      const statuses = (await Promise.all(challenges.map((c) => authenticate(c, code)))).map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
    });

    it('an emailed code at sign-in', async () => {
      const user = await newUser(t, { twoFactor: 'email' });
      const { code } = await passwordStepWithEmailCode(t, user);
      // Signing in again within 30 s keeps the same code: ten challenges, one code.
      const challenges = await Promise.all(Array.from({ length: 10 }, () => passwordStep(t, user)));
      const statuses = (await Promise.all(challenges.map((c) => authenticate(c, code)))).map((r) => r.status);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
    });
  });

  describe('ASVS 14 — the TOTP window is at most ±1 step (RFC 6238 §5.2)', () => {
    it('2 steps old or ahead: refused; 1 step old or ahead: accepted', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      await withinOneStep(3);
      await t.db.query(`UPDATE users SET totp_last_used_step = $2 WHERE id = $1`, [user.id, stepAt() - 10]);
      const now = stepAt();
      await authenticate(await passwordStep(t, user), hotp(user.secret, now - 2)).expect(401);
      await authenticate(await passwordStep(t, user), hotp(user.secret, now + 2)).expect(401);
      await authenticate(await passwordStep(t, user), hotp(user.secret, now - 1)).expect(200);
      await authenticate(await passwordStep(t, user), hotp(user.secret, now + 1)).expect(200);
    });
  });

  describe('ASVS 15 — email codes: crypto-random, hashed at rest, valid 10 minutes, single use, a resend voids the old one', () => {
    it('the code comes from crypto.randomInt over all 10⁶ values (never Math.random)', async () => {
      const user = await newUser(t, { twoFactor: 'email' });
      const randomInt = vi.spyOn(nodeCrypto, 'randomInt');
      syncBuiltinESMExports(); // the app's `randomInt` is now the spy
      const mathRandom = vi.spyOn(Math, 'random');
      try {
        const { code } = await passwordStepWithEmailCode(t, user);
        const drawn = randomInt.mock.calls.findIndex((args) => args[0] === 0 && args[1] === 1_000_000);
        expect(drawn).toBeGreaterThanOrEqual(0);
        expect(String(randomInt.mock.results[drawn].value).padStart(6, '0')).toBe(code);
        expect(mathRandom).not.toHaveBeenCalled();
      } finally {
        randomInt.mockRestore();
        mathRandom.mockRestore();
        syncBuiltinESMExports(); // and the real randomInt again, for the files that follow in this process
      }
    });

    it('stored as a keyed hash, 10 minutes, single use, voided by a resend', async () => {
      const user = await newUser(t, { twoFactor: 'email' });
      const { challenge, code: first } = await passwordStepWithEmailCode(t, user);
      const [row] = await t.db.query(`SELECT * FROM two_factor_email_codes WHERE user_id = $1`, [user.id]);
      expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
      expect(JSON.stringify(row)).not.toContain(first);
      expect((row.expires_at.getTime() - row.created_at.getTime()) / 60_000).toBeCloseTo(10, 1);

      await t.db.query(`UPDATE two_factor_email_codes SET created_at = created_at - interval '31 seconds' WHERE user_id = $1`, [user.id]);
      const before = mailbox.messages.length;
      await t.http().post('/api/2fa/send-code').set(bearer(challenge)).expect(204);
      const second = await mailbox.latestCode(user.email, before);
      await authenticate(challenge, first).expect(401);
      await authenticate(challenge, second).expect(200);
      await authenticate(await passwordStep(t, user), second).expect(401);
    });

    it('a code past its 10 minutes is refused', async () => {
      const user = await newUser(t, { twoFactor: 'email' });
      const { challenge, code } = await passwordStepWithEmailCode(t, user);
      await t.db.query(`UPDATE two_factor_email_codes SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
      await authenticate(challenge, code).expect(401);
    });
  });

  describe('ASVS 16 — sending codes is rate-limited', () => {
    it('a second code within 30 s is 429 CODE_RESEND_THROTTLED with Retry-After, and nothing is sent', async () => {
      const user = await newUser(t, { twoFactor: 'email' });
      const { challenge } = await passwordStepWithEmailCode(t, user);
      const sent = mailbox.messages.length;
      const res = await t.http().post('/api/2fa/send-code').set(bearer(challenge)).expect(429);
      expect(res.body.code).toBe('CODE_RESEND_THROTTLED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      // Repeating the password step does not send another either.
      await passwordStep(t, user);
      expect(mailbox.messages.length).toBe(sent);
    });

    it('and per client (THROTTLE_AUTH_LIMIT per minute)', async () => {
      const limited = await createTestApp({ SMTP_URL: mailbox.url, THROTTLE_AUTH_LIMIT: '3', TRUST_PROXY: 'true' });
      try {
        const client = uniqueClientAddress();
        // Made on the relaxed instance: registering counts toward the same per-client limit.
        const user = await newUser(t);
        const statuses: number[] = [];
        for (let i = 0; i < 4; i++)
          statuses.push(
            (await limited.http().post('/api/2fa/send-code').set('X-Forwarded-For', client).set(bearer(user.accessToken))).status,
          );
        expect(statuses).toEqual([409, 409, 409, 429]);
      } finally {
        await limited.close();
      }
    });
  });

  describe('ASVS 17 — per-challenge and per-account lockout; a right code is refused while locked', () => {
    it('five wrong codes lock the account for 15 minutes; the right code is refused on a new challenge', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const challenge = await passwordStep(t, user);
      const right = await user.freshCode();
      for (let i = 1; i <= 4; i++) await authenticate(challenge, wrongCode(right)).expect(401);
      const fifth = await authenticate(challenge, wrongCode(right)).expect(429);
      expect([fifth.body.code, fifth.headers['retry-after']]).toEqual(['TWO_FACTOR_LOCKED', String(15 * 60)]);
      const locked = await authenticate(await passwordStep(t, user), right).expect(429);
      expect(locked.body.code).toBe('TWO_FACTOR_LOCKED');
      expect(await countAudit(user.id, 'two_factor.locked')).toBe(1);
    });

    it('wrong impersonation step-up codes lock the same account: sign-in is refused too', async () => {
      const admin = await newUser(t, { role: 'admin', twoFactor: 'totp' });
      const target = await newUser(t);
      const right = await admin.freshCode();
      for (let i = 0; i < 5; i++)
        await t
          .http()
          .post('/api/2fa/impersonate')
          .set(bearer(admin.accessToken))
          .send({ userId: target.id, code: wrongCode(right) });
      expect((await authenticate(await passwordStep(t, admin), right).expect(429)).body.code).toBe('TWO_FACTOR_LOCKED');
    });

    it('a challenge dies after five codes even if the account count was reset meanwhile', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const challenge = await passwordStep(t, user);
      const right = await user.freshCode();
      for (let i = 0; i < 4; i++) await authenticate(challenge, wrongCode(right)).expect(401);
      await t.db.query(`UPDATE users SET two_factor_failed_attempts = 0 WHERE id = $1`, [user.id]);
      await authenticate(challenge, wrongCode(right)).expect(401);
      expect((await authenticate(challenge, right).expect(401)).body.code).toBe('SESSION_EXPIRED');
    });
  });

  describe('ASVS 18 — a parallel burst of 50 wrong codes records no more attempts than the budget allows', () => {
    it('at most five are evaluated and recorded; the rest are 429', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const challenges = await Promise.all(Array.from({ length: 10 }, () => passwordStep(t, user)));
      const right = await user.freshCode();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          authenticate(challenges[i % 10], String((Number(right) + 1 + i) % 1_000_000).padStart(6, '0')),
        ),
      );
      expect(results.filter((r) => r.status === 401)).toHaveLength(4);
      expect(results.filter((r) => r.status === 429)).toHaveLength(46);
      expect((await userRow(user.id)).two_factor_failed_attempts).toBe(5);
      expect(await countAudit(user.id, 'two_factor.failed')).toBe(5);
    });
  });

  describe('ASVS 19 — recovery codes are single use and stored hashed', () => {
    it('ten HMAC rows; a code signs in once, in any case or without dashes', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const rows: { code_hash: string }[] = await t.db.query(`SELECT code_hash FROM two_factor_recovery_codes WHERE user_id = $1`, [
        user.id,
      ]);
      expect(rows).toHaveLength(10);
      const plain = user.recoveryCodes.map((c) => c.replace(/-/g, ''));
      for (const row of rows) {
        expect(row.code_hash).toMatch(/^[0-9a-f]{64}$/);
        expect(plain.some((code) => row.code_hash.includes(code))).toBe(false);
      }
      await authenticate(await passwordStep(t, user), plain[0].toUpperCase()).expect(200);
      expect((await authenticate(await passwordStep(t, user), user.recoveryCodes[0]).expect(401)).body.code).toBe('CODE_ALREADY_USED');
    });
  });

  describe('ASVS 20 — disabling 2FA needs the password and a full session', () => {
    it('no password: 400; a wrong one: 401; a challenge: 401 TWO_FACTOR_REQUIRED; impersonation: 403; then it works', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const disable = (token: string, body: object) => t.http().delete('/api/user/two-factor').set(bearer(token)).send(body);
      await disable(user.accessToken, {}).expect(400);
      expect((await disable(user.accessToken, { password: 'not the password' }).expect(401)).body.code).toBe('WRONG_PASSWORD');
      expect((await disable(await passwordStep(t, user), { password: user.password }).expect(401)).body.code).toBe('TWO_FACTOR_REQUIRED');
      const support = await newUser(t, { role: 'admin' });
      const { accessToken: token } = await impersonateDirectly(t, support, user);
      expect((await disable(token, { password: user.password }).expect(403)).body.code).toBe('FORBIDDEN_DURING_IMPERSONATION');
      expect((await userRow(user.id)).is_two_factor_enabled).toBe(true);
      await disable(user.accessToken, { password: user.password }).expect(200, { enabled: false, method: null });
    });
  });

  describe('ASVS 21 — TOTP is inactive until confirmed; restarting setup never reveals the live secret', () => {
    it('an unconfirmed secret changes nothing', async () => {
      const user = await newUser(t);
      await t.http().post('/api/user/two-factor').set(bearer(user.accessToken)).expect(201);
      await t
        .http()
        .get('/api/user/two-factor')
        .set(bearer(user.accessToken))
        .expect(200, { enabled: false, method: null, recoveryCodesLeft: 0, recoveryCodeUsedAt: null, lockedUntil: null, passkeys: 0 });
      expect(
        (await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200)).body.twoFactorRequired,
      ).toBe(false);
    });

    it('restarting while on: a new secret, never the live one, and the live one keeps working until the new one is confirmed', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const again = await t.http().post('/api/user/two-factor').set(bearer(user.accessToken)).expect(201);
      expect(again.body.secret).not.toBe(user.secret);
      expect(JSON.stringify(again.body)).not.toContain(user.secret);
      await authenticate(await passwordStep(t, user), await user.freshCode()).expect(200);
      await authenticate(await passwordStep(t, user), hotp(again.body.secret, stepAt())).expect(401);
    });
  });

  describe('ASVS 22 — the user is emailed on every 2FA change', () => {
    it('on, method changed, authenticator replaced, off, recovery code used: one email each', async () => {
      const user = await newUser(t);
      const subjects = () => mailbox.for(user.email).map((m) => m.subject);
      await enableEmailTwoFactor(t, user);
      await mailbox.waitFor(user.email, (m) => m.subject === 'Two-factor authentication is on');
      const first = await enableTotp(t, user);
      await mailbox.waitFor(user.email, (m) => m.subject === 'Your two-factor method changed');
      const setup = await t.http().post('/api/user/two-factor').set(bearer(user.accessToken)).expect(201);
      await t
        .http()
        .put('/api/user/two-factor')
        .set(bearer(user.accessToken))
        .send({ enabled: true, method: 'totp', code: hotp(setup.body.secret, stepAt()) })
        .expect(200);
      await mailbox.waitFor(user.email, (m) => m.subject === 'A new authenticator app was set up');
      expect(first.recoveryCodes).toHaveLength(10);
      await t.http().delete('/api/user/two-factor').set(bearer(user.accessToken)).send({ password: user.password }).expect(200);
      await mailbox.waitFor(user.email, (m) => m.subject === 'Two-factor authentication was turned off');
      expect(subjects().filter((s) => /two-factor|authenticator/i.test(s))).toEqual([
        'Two-factor authentication is on',
        'Your two-factor method changed',
        'A new authenticator app was set up',
        'Two-factor authentication was turned off',
      ]);

      const withCodes = await newUser(t, { twoFactor: 'totp' });
      await authenticate(await passwordStep(t, withCodes), withCodes.recoveryCodes[0]).expect(200);
      await mailbox.waitFor(withCodes.email, (m) => m.subject === 'A recovery code was used to sign in');
    });
  });

  describe('ASVS 23 — other sessions end after a 2FA or password change', () => {
    type Change = (t: TestApp, user: TotpUser) => Promise<unknown>;
    const changes: [string, Change][] = [
      [
        'switching to email codes',
        (app, u) => app.http().put('/api/user/two-factor').set(bearer(u.accessToken)).send({ enabled: true, method: 'email' }).expect(200),
      ],
      [
        'replacing the authenticator app',
        async (app, u) => {
          const setup = await app.http().post('/api/user/two-factor').set(bearer(u.accessToken)).expect(201);
          await app
            .http()
            .put('/api/user/two-factor')
            .set(bearer(u.accessToken))
            .send({ enabled: true, method: 'totp', code: hotp(setup.body.secret, stepAt()) })
            .expect(200);
        },
      ],
      [
        'turning 2FA off',
        (app, u) => app.http().delete('/api/user/two-factor').set(bearer(u.accessToken)).send({ password: u.password }).expect(200),
      ],
      [
        'changing the password',
        (app, u) =>
          app
            .http()
            .patch('/api/user/password')
            .set(bearer(u.accessToken))
            .send({ currentPassword: u.password, newPassword: 'a whole new password' })
            .expect(204),
      ],
    ];

    it.each(changes)('%s: the other full session and its refresh cookie end; this session continues', async (_name, change) => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const other = await newSession(t, user);
      const pending = await passwordStep(t, user);
      await t.http().get('/api/teams').set(bearer(other.accessToken)).expect(200);
      await change(t, user);
      expect((await t.http().get('/api/teams').set(bearer(other.accessToken)).expect(401)).body.code).toBe('SESSION_EXPIRED');
      await t.http().post('/api/auth/refresh').set('Cookie', other.refreshCookie).expect(401);
      expect((await t.http().get('/api/auth/me').set(bearer(pending)).expect(401)).body.code).toBe('SESSION_EXPIRED');
      await t.http().get('/api/teams').set(bearer(user.accessToken)).expect(200);
    });

    it('turning email 2FA on ends the other sessions too', async () => {
      const user = await newUser(t);
      const other = await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
      await enableEmailTwoFactor(t, user);
      await t.http().post('/api/auth/refresh').set('Cookie', refreshCookieOf(other)).expect(401);
    });
  });
});
