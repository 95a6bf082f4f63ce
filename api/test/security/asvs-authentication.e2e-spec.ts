import * as bcrypt from 'bcrypt';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PasswordService } from '../../src/auth/password.service';
import { ConfigError, loadConfig } from '../../src/config/app-config';
import { apiRoutes, claimsOf, median, signToken } from '../support/security';
import { joinTeam, newUser, type RegisteredUser, uniqueEmail } from '../support/fixtures';
import type { TestMailbox } from '../support/mailbox';
import { bearer, createTestApp, type TestApp, startAppWithMailbox } from '../support/test-app';

/**
 * OWASP ASVS-derived requirements, part 1: passwords, sign-in limits, enumeration, tokens, secrets.
 * Each `describe` is one requirement of the security issue, by its number.
 */

/** A production configuration with real secrets, to which a test adds or removes one variable. */
const production = (env: Record<string, string | undefined> = {}) => ({
  NODE_ENV: 'production',
  APP_URL: 'https://vantage.example.test',
  JWT_SECRET: randomBytes(48).toString('base64url'),
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  ...env,
});

const login = (t: TestApp, email: string, password: string, headers: Record<string, string> = {}) =>
  t.http().post('/api/auth/login').set(headers).send({ email, password });

describe('ASVS (authentication, tokens, secrets)', () => {
  let t: TestApp;
  let mailbox: TestMailbox;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    // Behind a proxy that names the client, so ASVS 4 can send attempts from many addresses; with a
    // mailbox, so ASVS 5 can see which emails a reset request sends.
    ({ t, mailbox, stop } = await startAppWithMailbox({ TRUST_PROXY: 'true' }));
  });
  afterAll(() => stop());

  describe('ASVS 1 — bcrypt cost ≥ 10 (12 by default); the 72-byte limit is handled', () => {
    it('the configured default cost is 12, a real hash carries $2b$12$, and a cost below 10 is refused outside tests', async () => {
      const config = loadConfig(production());
      expect(config.bcryptRounds).toBe(12);
      const hash = await new PasswordService(config).hash('correct horse battery');
      expect(hash).toMatch(/^\$2b\$12\$/);
      expect(() => loadConfig(production({ BCRYPT_ROUNDS: '9' }))).toThrow(/BCRYPT_ROUNDS must be at least 10/);
      expect(() => loadConfig({ NODE_ENV: 'development', BCRYPT_ROUNDS: '9', JWT_SECRET: 'x'.repeat(43) })).toThrow(ConfigError);
    });

    it('passwords that share their first 72 bytes are still different passwords (pre-hashed, never truncated)', async () => {
      const prefix = 'p'.repeat(72);
      const user = await newUser(t, { password: `${prefix}-the-real-tail` });
      await login(t, user.email, `${prefix}-another-tail`).expect(401);
      await login(t, user.email, user.password).expect(200);
      // What bcrypt stores is not a hash of the raw password (which it would cut at 72 bytes).
      const [row] = await t.db.query(`SELECT password_hash FROM users WHERE id = $1`, [user.id]);
      expect(await bcrypt.compare(user.password, row.password_hash)).toBe(false);
    });

    it('a NUL byte does not end the password (bcrypt never sees the raw bytes)', async () => {
      const user = await newUser(t, { password: 'before-the-nul\u0000after-A' });
      await login(t, user.email, 'before-the-nul\u0000after-B').expect(401);
      await login(t, user.email, user.password).expect(200);
    });
  });

  describe('ASVS 2 — passwords of 8 to 128 characters are accepted, 7 and 129 are refused', () => {
    it.each([
      ['8 characters', 201, 'a'.repeat(8)],
      ['128 characters', 201, 'b'.repeat(128)],
      ['128 two-byte characters (256 bytes)', 201, 'é'.repeat(128)],
      ['7 characters', 400, 'c'.repeat(7)],
      ['129 characters', 400, 'd'.repeat(129)],
    ])('register with %s → %i', async (_name, status, password) => {
      const res = await t
        .http()
        .post('/api/auth/register')
        .send({ email: uniqueEmail(), password, firstName: 'A', lastName: 'B', teamName: 'T' });
      expect(res.status).toBe(status);
      if (status === 400)
        expect(res.body.errors).toEqual([{ field: 'password', message: expect.stringMatching(/at (least 8|most 128) characters/) }]);
    });

    it('the same bounds apply to a new password', async () => {
      const user = await newUser(t);
      for (const newPassword of ['1234567', 'x'.repeat(129)]) {
        const res = await t
          .http()
          .patch('/api/user/password')
          .set(bearer(user.accessToken))
          .send({ currentPassword: user.password, newPassword })
          .expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual(['newPassword']);
      }
      await t
        .http()
        .patch('/api/user/password')
        .set(bearer(user.accessToken))
        .send({ currentPassword: user.password, newPassword: '8 chars!' })
        .expect(204);
    });
  });

  describe('ASVS 3 — changing the password needs the current one and ends the other sessions', () => {
    it('wrong or missing current password: refused and nothing changes; right one: changed, other sessions end, this one continues', async () => {
      const user = await newUser(t);
      const other = await login(t, user.email, user.password).expect(200);
      const change = (body: object) => t.http().patch('/api/user/password').set(bearer(user.accessToken)).send(body);

      expect((await change({ currentPassword: 'not the password', newPassword: 'brand new password' }).expect(401)).body.code).toBe(
        'WRONG_PASSWORD',
      );
      expect((await change({ newPassword: 'brand new password' }).expect(400)).body.errors[0].field).toBe('currentPassword');
      await t.http().get('/api/teams').set(bearer(other.body.accessToken)).expect(200);

      await change({ currentPassword: user.password, newPassword: 'brand new password' }).expect(204);
      expect((await t.http().get('/api/teams').set(bearer(other.body.accessToken)).expect(401)).body.code).toBe('SESSION_EXPIRED');
      await t.http().get('/api/teams').set(bearer(user.accessToken)).expect(200);
      await login(t, user.email, user.password).expect(401);
      await login(t, user.email, 'brand new password').expect(200);
    });
  });

  describe('ASVS 4 — failed logins are limited per account (10 in 15 minutes → 429), not only per IP', () => {
    it('ten wrong passwords from ten addresses lock the account for an eleventh address, even with the right password', async () => {
      const user = await newUser(t);
      for (let i = 1; i <= 10; i++) {
        await login(t, user.email, `wrong password ${i}`, { 'X-Forwarded-For': `203.0.113.${i}` }).expect(401);
      }
      const locked = await login(t, user.email, user.password, { 'X-Forwarded-For': '198.51.100.7' }).expect(429);
      expect(locked.body.code).toBe('LOGIN_LOCKED');
      const retryAfter = Number(locked.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(14 * 60);
      expect(retryAfter).toBeLessThanOrEqual(15 * 60);
      const ips = await t.db.query(`SELECT DISTINCT ip_address FROM audit_logs WHERE entity_id = $1 AND action = 'auth.login_failed'`, [
        user.id,
      ]);
      expect(ips).toHaveLength(10);
    });

    it('a parallel burst of 30 wrong passwords gets at most ten checked', async () => {
      const user = await newUser(t);
      const results = await Promise.all(Array.from({ length: 30 }, (_, i) => login(t, user.email, `burst guess ${i}`)));
      expect(results.filter((r) => r.status === 401)).toHaveLength(10);
      expect(results.filter((r) => r.status === 429 && r.body.code === 'LOGIN_LOCKED')).toHaveLength(20);
      await login(t, user.email, user.password).expect(429);
    });

    it('after the window the right password works again and clears the count', async () => {
      const user = await newUser(t);
      for (let i = 0; i < 10; i++) await login(t, user.email, `wrong ${i} password`).expect(401);
      await login(t, user.email, user.password).expect(429);
      await t.db.query(
        `UPDATE rate_limit_counters SET window_start = now() - interval '15 minutes 1 second' WHERE key = 'password:' || $1`,
        [user.email],
      );
      await login(t, user.email, user.password).expect(200);
      expect(await t.db.query(`SELECT 1 FROM rate_limit_counters WHERE key = 'password:' || $1`, [user.email])).toEqual([]);
    });

    it('wrong current passwords on a signed-in session count toward the same limit (a stolen session is no password oracle)', async () => {
      const user = await newUser(t);
      for (let i = 0; i < 10; i++) {
        await t
          .http()
          .patch('/api/user/password')
          .set(bearer(user.accessToken))
          .send({ currentPassword: `guess number ${i}`, newPassword: 'whatever new' })
          .expect(401);
      }
      const res = await t
        .http()
        .patch('/api/user/password')
        .set(bearer(user.accessToken))
        .send({ currentPassword: user.password, newPassword: 'whatever new' })
        .expect(429);
      expect(res.body.code).toBe('LOGIN_LOCKED');
      expect((await login(t, user.email, user.password).expect(429)).body.code).toBe('LOGIN_LOCKED');
    });
  });

  describe('ASVS 5 — no account enumeration: the same answer and a similar time for known and unknown emails', () => {
    it('login: a wrong password and an unknown email get the identical 401', async () => {
      const user = await newUser(t);
      const wrong = await login(t, user.email, 'not the password').expect(401);
      const unknown = await login(t, uniqueEmail('nobody'), 'not the password').expect(401);
      expect(wrong.body).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: expect.any(String) });
      expect(unknown.body).toEqual(wrong.body);
      expect(Object.keys(unknown.headers).sort()).toEqual(Object.keys(wrong.headers).sort());
    });

    it('the lockout does not tell them apart either: an unknown email locks after ten tries, with the same 429', async () => {
      const known = await newUser(t);
      const unknownEmail = uniqueEmail('nobody');
      for (let i = 0; i < 10; i++) {
        await login(t, known.email, `wrong ${i} password`).expect(401);
        await login(t, unknownEmail, `wrong ${i} password`).expect(401);
      }
      const a = await login(t, known.email, 'wrong 11 password').expect(429);
      const b = await login(t, unknownEmail, 'wrong 11 password').expect(429);
      expect(b.body).toEqual(a.body);
      expect(Math.abs(Number(a.headers['retry-after']) - Number(b.headers['retry-after']))).toBeLessThanOrEqual(2);
    });

    describe('timing (bcrypt cost 10, medians of several attempts)', () => {
      let slow: TestApp;
      beforeAll(async () => {
        slow = await createTestApp({ BCRYPT_ROUNDS: '10' });
      });
      afterAll(() => slow.close());

      const timed = async (send: () => Promise<unknown>) => {
        const started = performance.now();
        await send();
        return performance.now() - started;
      };

      it('an unknown email costs a bcrypt comparison like a wrong password does', async () => {
        const user = await newUser(slow);
        await login(slow, uniqueEmail('warm-up'), 'warm up the pool'); // the dummy hash and the connection pool
        const known: number[] = [];
        const unknown: number[] = [];
        for (let i = 0; i < 5; i++) {
          known.push(await timed(() => login(slow, user.email, `wrong password ${i}`).expect(401)));
          unknown.push(await timed(() => login(slow, uniqueEmail('nobody'), `wrong password ${i}`).expect(401)));
        }
        // Without the dummy comparison an unknown email answers ~10× faster than a known one.
        expect(median(unknown)).toBeGreaterThan(median(known) * 0.5);
        expect(median(known)).toBeGreaterThan(median(unknown) * 0.5);
      });

      it('registration hashes before it looks the email up: a taken email answers as slowly as a new one', async () => {
        const taken = await newUser(slow);
        const body = (email: string) => ({ email, password: 'a good password', firstName: 'A', lastName: 'B', teamName: 'T' });
        const fresh: number[] = [];
        const existing: number[] = [];
        for (let i = 0; i < 3; i++) {
          fresh.push(await timed(() => slow.http().post('/api/auth/register').send(body(uniqueEmail())).expect(201)));
          existing.push(await timed(() => slow.http().post('/api/auth/register').send(body(taken.email)).expect(409)));
        }
        expect(median(existing)).toBeGreaterThan(median(fresh) * 0.5);
      });
    });

    const askReset = (email: string) => t.http().post('/api/auth/password-reset').send({ email });

    it('password reset: 204 with the same (empty) answer for a known and an unknown email; only an account gets a mail', async () => {
      const user = await newUser(t);
      const nobody = uniqueEmail('nobody');
      const before = mailbox.messages.length;
      const unknown = await askReset(nobody).expect(204);
      const known = await askReset(user.email).expect(204);
      expect(known.text).toBe('');
      expect(unknown.text).toBe(known.text);
      expect(Object.keys(unknown.headers).sort()).toEqual(Object.keys(known.headers).sort());
      // Mails go out in the order asked: once the known one's is here, the unknown one's would be too.
      const mail = await mailbox.waitFor(user.email, (m) => mailbox.messages.indexOf(m) >= before);
      expect(mail.subject).toBe('Reset your Vantage password');
      expect(mailbox.for(nobody)).toEqual([]);
    });

    it('password reset: a known and an unknown email answer in the same time (medians of 50 requests each differ by < 20 ms)', async () => {
      // Five requests per address an hour: ten accounts give fifty requests.
      const users: RegisteredUser[] = [];
      for (let i = 0; i < 10; i++) users.push(await newUser(t));
      const timed = async (email: string) => {
        const started = performance.now();
        await askReset(email).expect(204);
        return performance.now() - started;
      };
      await timed(uniqueEmail('warm-up'));
      const known: number[] = [];
      const unknown: number[] = [];
      for (let i = 0; i < 50; i++) {
        // Alternating which goes first, so a mail being delivered after one answer slows both alike.
        if (i % 2) unknown.push(await timed(uniqueEmail('nobody')));
        known.push(await timed(users[i % 10].email));
        if (!(i % 2)) unknown.push(await timed(uniqueEmail('nobody')));
      }
      const difference = Math.abs(median(known) - median(unknown));
      console.log(
        `Password reset timing over 50 requests each: median ${median(known).toFixed(2)} ms with an account, ` +
          `${median(unknown).toFixed(2)} ms without (difference ${difference.toFixed(2)} ms)`,
      );
      expect(difference).toBeLessThan(20);
    });

    it('password reset: a slow mail server does not slow the answer for a known email (the link is mailed after it)', async () => {
      const user = await newUser(t);
      const before = mailbox.messages.length;
      mailbox.delayMs = 2000;
      try {
        const started = performance.now();
        await askReset(user.email).expect(204);
        expect(performance.now() - started).toBeLessThan(1000);
        await mailbox.waitFor(user.email, (m) => mailbox.messages.indexOf(m) >= before);
      } finally {
        mailbox.delayMs = 0;
      }
    });

    it('inviting is for owners and tells nothing about accounts: ALREADY_MEMBER only about their own team, the same refusal otherwise', async () => {
      const owner = await newUser(t);
      const colleague = await newUser(t);
      await joinTeam(t, owner, colleague);
      const colleagueToken = (
        await t.http().post('/api/auth/login').send({ email: colleague.email, password: colleague.password }).expect(200)
      ).body.accessToken as string;
      const outsider = await newUser(t);
      const stranger = await newUser(t);
      const inviteTo = (token: string, email: string) =>
        t.http().post(`/api/teams/${owner.teamId}/invitations`).set(bearer(token)).send({ email, role: 'member' });

      // The owner: their own member is ALREADY_MEMBER (they see the members list anyway); an account
      // outside the team is invited exactly like an address nobody has.
      expect((await inviteTo(owner.accessToken, colleague.email).expect(409)).body.code).toBe('ALREADY_MEMBER');
      const existing = await inviteTo(owner.accessToken, outsider.email).expect(201);
      const unknown = await inviteTo(owner.accessToken, uniqueEmail('nobody')).expect(201);
      expect(Object.keys(existing.body).sort()).toEqual(Object.keys(unknown.body).sort());
      // Anyone else gets one refusal whatever the email: a member 403, a stranger 404.
      for (const [token, status, code] of [
        [colleagueToken, 403, 'TEAM_OWNER_REQUIRED'],
        [stranger.accessToken, 404, 'TEAM_NOT_FOUND'],
      ] as const) {
        const aMember = await inviteTo(token, owner.email);
        const anAccount = await inviteTo(token, outsider.email);
        const nobody = await inviteTo(token, uniqueEmail('nobody'));
        expect([aMember.status, aMember.body.code]).toEqual([status, code]);
        expect(anAccount.body).toEqual(aMember.body);
        expect(nobody.body).toEqual(aMember.body);
      }
    });

    it('registration of a taken email is 409 EMAIL_TAKEN (a documented deviation: it signs in at once); no other route tells accounts apart', async () => {
      const user = await newUser(t);
      const res = await t
        .http()
        .post('/api/auth/register')
        .send({ email: user.email, password: 'a good password', firstName: 'A', lastName: 'B', teamName: 'T' })
        .expect(409);
      expect(res.body).toEqual({ statusCode: 409, code: 'EMAIL_TAKEN', message: expect.any(String) });
      // Every route that takes an email is one of these, each proven above to answer alike for known
      // and unknown emails (login, password reset) or to tell only an owner about their own team
      // (invitations); registration is the documented exception. No "resend verification" route
      // exists to enumerate through, and a new route taking an email fails here until it is proven.
      const routes = await apiRoutes(t);
      const takingEmail = routes.filter((r) => r.body?.properties?.email && !r.path.startsWith('/api/leads')).map((r) => r.name);
      expect(takingEmail.sort()).toEqual([
        'POST /api/auth/login',
        'POST /api/auth/password-reset',
        'POST /api/auth/register',
        'POST /api/teams/{id}/invitations',
      ]);
    });
  });

  describe('ASVS 24 — only the configured JWT algorithm (HS256): alg none and key-confusion tokens are refused', () => {
    let token: string;
    beforeAll(async () => {
      token = (await newUser(t)).accessToken;
    });
    const me = (jwt: string) => t.http().get('/api/auth/me').set(bearer(jwt));

    it('the genuine token works (control)', async () => {
      await me(token).expect(200);
    });
    it.each(['none', 'None', 'NONE', 'nOnE'])('alg %s, with and without a signature', async (alg) => {
      const unsigned = `${Buffer.from(JSON.stringify({ alg, typ: 'JWT' })).toString('base64url')}.${token.split('.')[1]}`;
      await me(`${unsigned}.`).expect(401);
      await me(`${unsigned}.${token.split('.')[2]}`).expect(401);
    });
    it.each(['RS256', 'ES256', 'PS256'])('key confusion: %s in the header, HMAC-signed with the server secret', async (alg) => {
      await me(signToken({ alg, typ: 'JWT' }, claimsOf(token), t.config.jwtSecret)).expect(401);
    });
    it.each([
      ['HS384', 'sha384'],
      ['HS512', 'sha512'],
    ] as const)('another HMAC algorithm (%s) with the right secret', async (alg, digest) => {
      await me(signToken({ alg, typ: 'JWT' }, claimsOf(token), t.config.jwtSecret, digest)).expect(401);
    });
  });

  describe('ASVS 25 — tampered, expired, not-yet-valid and exp-less tokens are refused', () => {
    let user: RegisteredUser;
    beforeAll(async () => {
      user = await newUser(t);
    });
    const me = (jwt: string) => t.http().get('/api/auth/me').set(bearer(jwt));
    const now = () => Math.floor(Date.now() / 1000);
    const resigned = (claims: object) => signToken({ alg: 'HS256', typ: 'JWT' }, claims, t.config.jwtSecret);

    it('a changed payload under the original signature', async () => {
      const [h, , s] = user.accessToken.split('.');
      const other = await newUser(t);
      await me(`${h}.${Buffer.from(JSON.stringify({ ...claimsOf(user.accessToken), sub: other.id })).toString('base64url')}.${s}`).expect(
        401,
      );
    });
    it('a re-signed token whose session belongs to someone else', async () => {
      const other = await newUser(t);
      await me(resigned({ ...claimsOf(user.accessToken), sub: other.id })).expect(401);
    });
    it('expired (exp in the past) → 401 SESSION_EXPIRED', async () => {
      const res = await me(resigned({ ...claimsOf(user.accessToken), iat: now() - 100, exp: now() - 1 })).expect(401);
      expect(res.body.code).toBe('SESSION_EXPIRED');
    });
    it('not yet valid (nbf in the future)', async () => {
      await me(resigned({ ...claimsOf(user.accessToken), nbf: now() + 300 })).expect(401);
    });
    it('without exp, or with a non-numeric exp', async () => {
      const { exp: _exp, ...claims } = claimsOf(user.accessToken);
      await me(resigned(claims)).expect(401);
      await me(resigned({ ...claims, exp: String(now() + 600) })).expect(401);
    });
    it('a signature cut short, a missing part, garbage', async () => {
      await me(user.accessToken.slice(0, -2)).expect(401);
      await me(user.accessToken.split('.').slice(0, 2).join('.')).expect(401);
      await me('a.b.c').expect(401);
    });
  });

  describe('ASVS 26 — secrets: a ≥ 256-bit random JWT secret; production refuses weak or missing secrets', () => {
    it('the generated development secret has 384 random bits and is kept private (mode 600)', () => {
      const dataDir = mkdtempSync(join(tmpdir(), 'vantage-secrets-'));
      const config = loadConfig({ NODE_ENV: 'development', DATA_DIR: dataDir });
      expect(Buffer.from(config.jwtSecret, 'base64url').length).toBeGreaterThanOrEqual(32);
      expect(config.encryptionKey).toHaveLength(32);
      const file = join(dataDir, 'dev-secrets.json');
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(JSON.parse(readFileSync(file, 'utf8')).jwtSecret).toBe(config.jwtSecret);
      // Another installation gets other secrets.
      expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: mkdtempSync(join(tmpdir(), 'vantage-secrets-')) }).jwtSecret).not.toBe(
        config.jwtSecret,
      );
    });

    it('production starts with real secrets', () => {
      expect(loadConfig(production()).isProduction).toBe(true);
      expect(
        loadConfig(production({ JWT_SECRET: randomBytes(32).toString('hex'), ENCRYPTION_KEY: randomBytes(32).toString('hex') }))
          .isProduction,
      ).toBe(true);
    });

    it.each([
      ['no JWT_SECRET', { JWT_SECRET: undefined }, /JWT_SECRET is required/],
      ['no ENCRYPTION_KEY', { ENCRYPTION_KEY: undefined }, /ENCRYPTION_KEY is required/],
      ['a JWT_SECRET under 256 bits (42 characters)', { JWT_SECRET: randomBytes(31).toString('base64url') }, /at least 256 bits/],
      ['a placeholder JWT_SECRET', { JWT_SECRET: 'change-me-please-to-something-long-and-random-1234' }, /placeholder/],
      ['a JWT_SECRET of one repeated character', { JWT_SECRET: 'a'.repeat(64) }, /not random enough/],
      ['a JWT_SECRET of one repeated chunk', { JWT_SECRET: 'Zq8#kL2!xW5'.repeat(6) }, /not random enough/],
      ['an all-zero ENCRYPTION_KEY', { ENCRYPTION_KEY: '0'.repeat(64) }, /ENCRYPTION_KEY is not random/],
      ['an ENCRYPTION_KEY of the wrong size', { ENCRYPTION_KEY: randomBytes(16).toString('hex') }, /32 bytes/],
    ])('production refuses %s', (_name, env, message) => {
      expect(() => loadConfig(production(env))).toThrow(message);
    });
  });
});
