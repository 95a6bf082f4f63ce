import { randomBytes } from 'node:crypto';
import request from 'supertest';
import { loadConfig } from '../../src/config/app-config';
import { devMailboxAnnouncement } from '../../src/mail/dev-mailbox.module';
import { newSession, newUser, passwordStep, type TotpUser } from '../support/fixtures';
import { wrongCode } from '../support/security';
import { bearer, createTestApp, type TestApp } from '../support/test-app';

/**
 * Hardening found by an independent review: demo data and the development mailbox in production,
 * caching of answers that carry tokens, cross-site use of the refresh cookie, raw bytes that are not
 * UTF-8, unsupported methods, and where a development server listens. One `describe` per finding.
 */

/** A production configuration with real secrets, to which a test adds one variable. */
const production = (env: Record<string, string> = {}) => ({
  NODE_ENV: 'production',
  APP_URL: 'https://vantage.example.test',
  JWT_SECRET: randomBytes(48).toString('base64url'),
  ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  ...env,
});

describe('Production never seeds demo data nor shows the development mailbox', () => {
  it('seeds nothing in production, with the embedded database (no DATABASE_URL) as with one', () => {
    expect(loadConfig(production()).seedDemoData).toBe(false);
    expect(loadConfig(production({ DATABASE_URL: 'postgres://db.example.test/vantage' })).seedDemoData).toBe(false);
    // Development keeps seeding the embedded database, so the demo logins work on a first start.
    expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: '/tmp/vantage-test-data' }).seedDemoData).toBe(true);
  });

  it('refuses SEED_DEMO_DATA=true in production with one sentence that names it', () => {
    expect(() => loadConfig(production({ SEED_DEMO_DATA: 'true' }))).toThrow(/SEED_DEMO_DATA=true is refused in production/);
    expect(loadConfig(production({ SEED_DEMO_DATA: 'false' })).seedDemoData).toBe(false);
  });

  it('a production start does not announce the development mailbox; development does', () => {
    expect(devMailboxAnnouncement(loadConfig(production()))).toBeNull();
    expect(devMailboxAnnouncement(loadConfig({ NODE_ENV: 'development', DATA_DIR: '/tmp/vantage-test-data' }))).toContain('/dev/mailbox');
  });

  it('a production app does not serve the development mailbox', async () => {
    const prod = await createTestApp(production({ BCRYPT_ROUNDS: '10' }));
    try {
      const res = await prod.http().get('/api/dev/mailbox').expect(404);
      expect(res.body.code).toBe('NOT_FOUND');
    } finally {
      await prod.close();
    }
  });
});

describe('Where a development server listens', () => {
  it('outside production the server binds to loopback unless HOST says otherwise; production keeps every interface', () => {
    expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: '/tmp/vantage-test-data' }).host).toBe('127.0.0.1');
    expect(loadConfig({ NODE_ENV: 'development', DATA_DIR: '/tmp/vantage-test-data', HOST: '0.0.0.0' }).host).toBe('0.0.0.0');
    expect(loadConfig(production()).host).toBe('0.0.0.0');
  });
});

describe('Hardening of the HTTP pipeline', () => {
  let t: TestApp;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    // A development mailbox (no SMTP_URL) so its answer is among those checked for no-store.
    t = await createTestApp({ APP_URL: 'http://localhost:3000', NODE_ENV: 'development', BCRYPT_ROUNDS: '10' });
    stop = () => t.close();
  });
  afterAll(() => stop());

  describe('No answer that carries tokens or codes may be stored by a cache', () => {
    it('sign-in, 2FA, refresh, impersonation, cancel, team switch, /auth/me, recovery codes, TOTP setup, reset, invitations, the dev mailbox: Cache-Control: no-store', async () => {
      const admin = await newUser(t, { role: 'admin', twoFactor: 'totp' });
      const customer = await newUser(t);
      const answers: [string, request.Response][] = [];
      const check = (name: string, res: request.Response) => answers.push([name, res]);

      check('POST /auth/register', await t.http().post('/api/auth/register').send(registration()));
      check('POST /auth/login', await t.http().post('/api/auth/login').send({ email: customer.email, password: customer.password }));
      const challenge = await passwordStep(t, admin);
      check(
        'POST /2fa/authenticate',
        await t
          .http()
          .post('/api/2fa/authenticate')
          .set(bearer(challenge))
          .send({ code: await admin.freshCode() }),
      );
      check('POST /auth/refresh', await t.http().post('/api/auth/refresh').set('Cookie', customer.refreshCookie));
      check('GET /auth/me', await t.http().get('/api/auth/me').set(bearer(customer.accessToken)));
      check('POST /user/two-factor (TOTP setup)', await t.http().post('/api/user/two-factor').set(bearer(customer.accessToken)));
      check(
        'POST /user/two-factor/recovery-codes',
        await t
          .http()
          .post('/api/user/two-factor/recovery-codes')
          .set(bearer(admin.accessToken))
          .send({ code: await admin.freshCode() }),
      );
      check('POST /teams/:id/switch', await t.http().post(`/api/teams/${customer.teamId}/switch`).set(bearer(customer.accessToken)));
      check('POST /auth/password-reset', await t.http().post('/api/auth/password-reset').send({ email: customer.email }));
      check(
        'POST /invitations/:token/accept',
        await t
          .http()
          .post(`/api/invitations/${'x'.repeat(43)}/accept`)
          .send({}),
      );
      const started = await t
        .http()
        .post('/api/2fa/impersonate')
        .set(bearer(admin.accessToken))
        .send({ userId: customer.id, code: await admin.freshCode() });
      check('POST /2fa/impersonate', started);
      check('POST /2fa/cancel-impersonation', await t.http().post('/api/2fa/cancel-impersonation').set(bearer(started.body.accessToken)));
      check('GET /dev/mailbox', await t.http().get('/api/dev/mailbox'));
      check('GET /health', await t.http().get('/api/health'));

      for (const [name, res] of answers) expect([name, res.status < 500, res.headers['cache-control']]).toEqual([name, true, 'no-store']);
      // The answers that carry tokens really were issued (the check is not only on refusals).
      expect(answers.filter(([, res]) => typeof res.body?.accessToken === 'string').length).toBeGreaterThanOrEqual(6);
    });
  });

  describe('Only wrong 2FA codes count toward the lockout: a right code sent several times at once locks nothing', () => {
    const authenticate = (challenge: string, code: string) => t.http().post('/api/2fa/authenticate').set(bearer(challenge)).send({ code });
    const lockState = async (userId: string) =>
      (
        await t.db.query(
          `SELECT two_factor_failed_attempts AS attempts, two_factor_locked_until AS "lockedUntil" FROM users WHERE id = $1`,
          [userId],
        )
      )[0] as { attempts: number; lockedUntil: Date | null };

    /**
     * Exactly one success; every other answer says the code was used (or to retry), none is a lock or a throttle.
     * `endedBeforeCheck`: refusals that came before any code was looked at (see the impersonation case).
     */
    function expectOneWinner(results: request.Response[], endedBeforeCheck: string[] = []): void {
      const answers = results.map((r) => `${r.status} ${r.body?.code ?? ''}`.trim());
      expect(answers.filter((a) => a.startsWith('200'))).toHaveLength(1);
      for (const answer of answers.filter((a) => !a.startsWith('200')))
        expect(['401 CODE_ALREADY_USED', '429 CODE_CHECK_BUSY', ...endedBeforeCheck]).toContain(answer);
      expect(answers.filter((a) => a === '401 CODE_ALREADY_USED' || endedBeforeCheck.includes(a)).length).toBeGreaterThanOrEqual(4);
    }

    async function expectNotLocked(user: TotpUser): Promise<void> {
      expect(await lockState(user.id)).toEqual({ attempts: 0, lockedUntil: null });
      // A fresh right code still signs in.
      await authenticate(await passwordStep(t, user), await user.freshCode()).expect(200);
    }

    it('the per-client throttle is out of the way in this app, so it cannot be what refuses the copies', () => {
      expect(t.config.throttleAuthLimit).toBeGreaterThanOrEqual(1000);
    });

    it('one TOTP code on 10 parallel sign-ins: one 200, the others CODE_ALREADY_USED; the account is not locked', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const challenges = await Promise.all(Array.from({ length: 10 }, () => passwordStep(t, user)));
      const code = await user.freshCode();
      expectOneWinner(await Promise.all(challenges.map((c) => authenticate(c, code))));
      await expectNotLocked(user);
    });

    it('one recovery code on 10 parallel sign-ins: one 200, the account is not locked', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const challenges = await Promise.all(Array.from({ length: 10 }, () => passwordStep(t, user)));
      expectOneWinner(await Promise.all(challenges.map((c) => authenticate(c, user.recoveryCodes[0]))));
      await expectNotLocked(user);
    });

    it('one step-up code on 10 parallel impersonations: one 200, the admin is not locked', async () => {
      const admin = await newUser(t, { role: 'admin', twoFactor: 'totp' });
      const customer = await newUser(t);
      const code = await admin.freshCode();
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          t.http().post('/api/2fa/impersonate').set(bearer(admin.accessToken)).send({ userId: customer.id, code }),
        ),
      );
      // The winning start ends the admin's sign-in (SPEC: the browser's session now belongs to the
      // impersonation): a copy whose session check comes after that commit is refused as signed out,
      // before its code is looked at — nothing counted, nothing used.
      expectOneWinner(results, ['401 SESSION_EXPIRED']);
      expect(await lockState(admin.id)).toEqual({ attempts: 0, lockedUntil: null });
      // The admin can still sign in with a fresh code, and step up again with the next one.
      const session = await newSession(t, admin);
      const again = await t
        .http()
        .post('/api/2fa/impersonate')
        .set(bearer(session.accessToken))
        .send({ userId: (await newUser(t)).id, code: await admin.freshCode() });
      expect(again.status).toBe(200);
    });

    it('a used code typed again five times is refused as used and locks nothing; five wrong codes still lock', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const code = await user.freshCode();
      await authenticate(await passwordStep(t, user), code).expect(200);
      for (let i = 0; i < 5; i++) {
        const res = await authenticate(await passwordStep(t, user), code).expect(401);
        expect(res.body.code).toBe('CODE_ALREADY_USED');
      }
      await authenticate(await passwordStep(t, user), user.recoveryCodes[1]).expect(200);
      expect((await authenticate(await passwordStep(t, user), user.recoveryCodes[1]).expect(401)).body.code).toBe('CODE_ALREADY_USED');
      expect(await lockState(user.id)).toEqual({ attempts: 0, lockedUntil: null });

      const challenge = await passwordStep(t, user);
      for (let i = 0; i < 4; i++)
        expect((await authenticate(challenge, wrongCode(code)).expect(401)).body.code).toBe('INVALID_TWO_FACTOR_CODE');
      expect((await authenticate(challenge, wrongCode(code)).expect(429)).body.code).toBe('TWO_FACTOR_LOCKED');
    });
  });

  describe('Refresh and sign-out refuse requests another site or origin made', () => {
    const refreshWith = (cookie: string, headers: Record<string, string>) =>
      t.http().post('/api/auth/refresh').set('Cookie', cookie).set(headers);

    it.each([
      ['Sec-Fetch-Site: cross-site', { 'Sec-Fetch-Site': 'cross-site' }],
      ['Sec-Fetch-Site: same-site (a sibling subdomain)', { 'Sec-Fetch-Site': 'same-site' }],
      ['an Origin that is not APP_URL', { Origin: 'https://evil.example.test' }],
      ['a sibling subdomain as Origin', { Origin: 'http://admin.localhost:3000' }],
      ['Origin: null (a sandboxed frame)', { Origin: 'null' }],
      ['the right Origin but Sec-Fetch-Site: cross-site', { Origin: 'http://localhost:3000', 'Sec-Fetch-Site': 'cross-site' }],
    ])('refresh with %s → 403 CROSS_SITE_REQUEST, the session kept and its cookie not cleared', async (_name, headers) => {
      const user = await newUser(t);
      const res = await refreshWith(user.refreshCookie, headers).expect(403);
      expect(res.body.code).toBe('CROSS_SITE_REQUEST');
      expect(res.headers['set-cookie']).toBeUndefined();
      await refreshWith(user.refreshCookie, {}).expect(200);
    });

    it.each([
      [
        'Sec-Fetch-Site: same-origin and the app’s Origin (the web app)',
        { 'Sec-Fetch-Site': 'same-origin', Origin: 'http://localhost:3000' },
      ],
      ['Sec-Fetch-Site: none (typed by the user)', { 'Sec-Fetch-Site': 'none' }],
      ['neither header (a client that is not a browser)', {}],
    ])('refresh with %s → 200', async (_name, headers) => {
      const user = await newUser(t);
      const res = await refreshWith(user.refreshCookie, headers).expect(200);
      expect(typeof res.body.accessToken).toBe('string');
    });

    it('sign-out from another site or origin is refused and the session stays; from the app it ends the session', async () => {
      const user = await newUser(t);
      for (const headers of [{ 'Sec-Fetch-Site': 'same-site' }, { Origin: 'https://evil.example.test' }]) {
        const res = await t.http().post('/api/auth/logout').set('Cookie', user.refreshCookie).set(headers).expect(403);
        expect(res.body.code).toBe('CROSS_SITE_REQUEST');
      }
      await t.http().get('/api/auth/me').set(bearer(user.accessToken)).expect(200);
      await t
        .http()
        .post('/api/auth/logout')
        .set('Cookie', user.refreshCookie)
        .set({ 'Sec-Fetch-Site': 'same-origin', Origin: 'http://localhost:3000' })
        .expect(204);
      await t.http().get('/api/auth/me').set(bearer(user.accessToken)).expect(401);
    });
  });

  describe('A JSON body that is not UTF-8 is refused, never stored with replacement characters', () => {
    it('raw bytes FF FE inside a string → 400 VALIDATION_FAILED naming the body; nothing is created', async () => {
      const user = await newUser(t);
      const raw = Buffer.concat([Buffer.from('{"name":"a'), Buffer.from([0xff, 0xfe]), Buffer.from('b"}')]);
      const res = await sendRaw(t, user.accessToken, raw).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'body' })]);
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM businesses WHERE team_id = $1`, [user.teamId]);
      expect(count).toBe(0);
    });

    it('an overlong encoding and a lone surrogate encoded as bytes are refused as well; real UTF-8 passes', async () => {
      const user = await newUser(t);
      const send = (bytes: Buffer) => sendRaw(t, user.accessToken, bytes);
      for (const bad of [Buffer.from([0xc0, 0xaf]), Buffer.from([0xed, 0xa0, 0x80])]) {
        const res = await send(Buffer.concat([Buffer.from('{"name":"x'), bad, Buffer.from('"}')]));
        expect([res.status, res.body.code]).toEqual([400, 'VALIDATION_FAILED']);
      }
      const created = await send(Buffer.from('{"name":"Café 🚚 Łódź"}', 'utf8')).expect(201);
      expect(created.body.name).toBe('Café 🚚 Łódź');
    });

    it('malformed JSON and prototype poisoning keep their own answers', async () => {
      const user = await newUser(t);
      const res = await t
        .http()
        .post('/api/businesses')
        .set(bearer(user.accessToken))
        .set('Content-Type', 'application/json')
        .send('{"name":');
      expect([res.status, res.body.code]).toEqual([400, 'MALFORMED_JSON']);
      const poisoned = await t
        .http()
        .post('/api/businesses')
        .set(bearer(user.accessToken))
        .set('Content-Type', 'application/json')
        .send('{"name":"x","__proto__":{"admin":true}}');
      expect(poisoned.status).toBe(400);
    });
  });

  describe('A method a path does not support answers 405 with Allow; unknown paths stay 404', () => {
    it.each(['TRACE', 'QUERY', 'PUT', 'DELETE'])('%s /api/businesses → 405, Allow: GET, HEAD, POST', async (method) => {
      const res = await request(t.app.getHttpServer())[method.toLowerCase() as 'trace'](`/api/businesses`);
      expect(res.status).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD, POST');
      expect(res.body.code).toBe('METHOD_NOT_ALLOWED');
    });

    it('a path with an id: TRACE /api/businesses/:id → 405 naming GET and HEAD; POST /api/auth/me → 405 naming GET', async () => {
      const id = '5b0e1f0a-1b2c-4d5e-8f90-123456789abc';
      const withId = await request(t.app.getHttpServer()).trace(`/api/businesses/${id}`);
      expect([withId.status, withId.headers.allow]).toEqual([405, 'GET, HEAD']);
      const me = await t.http().post('/api/auth/me');
      expect([me.status, me.headers.allow]).toEqual([405, 'GET, HEAD']);
    });

    it('unknown paths are still 404, whatever the method', async () => {
      for (const method of ['get', 'trace', 'post'] as const) {
        const res = await t.http()[method]('/api/no-such-thing');
        expect([method, res.status, res.body.code]).toEqual([method, 404, 'NOT_FOUND']);
      }
    });
  });
});

/** POST /api/businesses with these exact bytes as its JSON body (supertest would re-encode a Buffer). */
function sendRaw(t: TestApp, accessToken: string, bytes: Buffer) {
  return t
    .http()
    .post('/api/businesses')
    .set(bearer(accessToken))
    .set('Content-Type', 'application/json')
    .serialize((body: Buffer) => body as unknown as string)
    .send(bytes);
}

function registration() {
  const suffix = randomBytes(4).toString('hex');
  return {
    email: `reg-${suffix}@example.test`,
    password: 'correct horse battery',
    firstName: 'Ada',
    lastName: 'Lovelace',
    teamName: `Team ${suffix}`,
  };
}
