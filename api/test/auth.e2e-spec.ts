import { createHmac } from 'node:crypto';
import { newUser, type RegisteredUser, uniqueEmail } from './support/fixtures';
import { bearer, createTestApp, refreshCookieOf, type TestApp } from './support/test-app';
import { uniqueClientAddress } from './support/client-address';

describe('Auth basics', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('registers a user who owns a new team and is signed in', async () => {
    const email = uniqueEmail('reg');
    const res = await t
      .http()
      .post('/api/auth/register')
      .send({ email, password: 'password123', firstName: 'Ada', lastName: 'Lovelace', teamName: 'Engines' })
      .expect(201);
    expect(res.body.user).toMatchObject({
      email,
      firstName: 'Ada',
      role: 'user',
      currentTeam: { name: 'Engines', role: 'owner' },
      impersonatedBy: null,
    });
    expect(res.body.accessToken).toEqual(expect.any(String));
    const cookie = ([] as string[]).concat(res.headers['set-cookie']).find((c) => c.startsWith('vantage_refresh='))!;
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    expect(cookie).toMatch(/Path=\/api\/auth/);
    const me = await t.http().get('/api/auth/me').set(bearer(res.body.accessToken)).expect(200);
    expect(me.body.email).toBe(email);
  });

  it('refuses a second account with the same email in any letter case', async () => {
    const user = await newUser(t);
    const res = await t
      .http()
      .post('/api/auth/register')
      .send({ email: user.email.toUpperCase(), password: 'password123', firstName: 'A', lastName: 'B', teamName: 'C' })
      .expect(409);
    expect(res.body.code).toBe('EMAIL_TAKEN');
  });

  it('logs in with the right password and answers the same 401 for a wrong password or an unknown email', async () => {
    const user = await newUser(t);
    const ok = await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
    expect(ok.body).toMatchObject({ twoFactorRequired: false, user: { id: user.id } });
    const wrong = await t.http().post('/api/auth/login').send({ email: user.email, password: 'not the password' }).expect(401);
    const unknown = await t
      .http()
      .post('/api/auth/login')
      .send({ email: uniqueEmail('nobody'), password: 'not the password' })
      .expect(401);
    expect(wrong.body).toEqual({ statusCode: 401, code: 'INVALID_CREDENTIALS', message: expect.any(String) });
    expect(unknown.body).toEqual(wrong.body);
  });

  it('restores a session from the refresh cookie, and logout revokes it and its access tokens', async () => {
    const user = await newUser(t);
    const refreshed = await t.http().post('/api/auth/refresh').set('Cookie', user.refreshCookie).expect(200);
    expect(refreshed.body.user.id).toBe(user.id);
    await t.http().post('/api/auth/logout').set('Cookie', user.refreshCookie).expect(204);
    await t.http().post('/api/auth/refresh').set('Cookie', user.refreshCookie).expect(401);
    const me = await t.http().get('/api/auth/me').set(bearer(refreshed.body.accessToken)).expect(401);
    expect(me.body.code).toBe('SESSION_EXPIRED');
  });

  it('refuses refresh without a cookie or with a forged one', async () => {
    await t.http().post('/api/auth/refresh').expect(401);
    const user = await newUser(t);
    const [name, value] = user.refreshCookie.split('=');
    const forged = `${name}=${value.slice(0, 37)}${'A'.repeat(43)}`;
    await t.http().post('/api/auth/refresh').set('Cookie', forged).expect(401);
    // Shaped like a credential, but its session id is no UUID: refused, not sent to PostgreSQL (a 500).
    await t
      .http()
      .post('/api/auth/refresh')
      .set('Cookie', `${name}=${'-'.repeat(36)}.${'A'.repeat(43)}`)
      .expect(401);
  });

  it('requires a token everywhere except the public routes', async () => {
    for (const path of ['/api/auth/me', '/api/teams']) {
      const res = await t.http().get(path).expect(401);
      expect(res.body.code).toBe('UNAUTHORIZED');
    }
    await t.http().get('/api/health').expect(200, { status: 'ok' });
  });

  it('a token verified once is still checked against its session on every request', async () => {
    const user = await newUser(t);
    await t.http().get('/api/auth/me').set(bearer(user.accessToken)).expect(200);
    await t.http().get('/api/auth/me').set(bearer(user.accessToken)).expect(200);
    await t.http().post('/api/auth/logout').set('Cookie', user.refreshCookie).expect(204);
    const after = await t.http().get('/api/auth/me').set(bearer(user.accessToken)).expect(401);
    expect(after.body.code).toBe('SESSION_EXPIRED');
  });

  it('requests arriving together share one session query, and each gets its own answer', async () => {
    const live = await Promise.all(Array.from({ length: 8 }, () => newUser(t)));
    const revoked = await Promise.all(Array.from({ length: 4 }, () => newUser(t)));
    for (const user of revoked) await t.http().post('/api/auth/logout').set('Cookie', user.refreshCookie).expect(204);
    const calls = [
      ...live
        .flatMap((user) => [user, user])
        .map(async (user) => ({ user, res: await t.http().get('/api/auth/me').set(bearer(user.accessToken)) })),
      ...revoked.map(async (user) => ({ user, res: await t.http().get('/api/auth/me').set(bearer(user.accessToken)) })),
    ];
    const answers = await Promise.all(calls);
    for (const { user, res } of answers) {
      if (revoked.includes(user)) {
        expect(res.status).toBe(401);
        expect(res.body.code).toBe('SESSION_EXPIRED');
      } else {
        expect(res.status).toBe(200);
        expect(res.body).toMatchObject({ id: user.id, email: user.email });
      }
    }
  });

  it('GET /api/health is in the OpenAPI document', async () => {
    const doc = await t.http().get('/api/docs/openapi.json').expect(200);
    expect(doc.body.paths['/api/health'].get.responses).toHaveProperty('503');
  });

  describe('forged tokens are refused with 401', () => {
    let user: RegisteredUser;
    beforeAll(async () => {
      user = await newUser(t);
    });
    const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
    const sign = (header: object, claims: object, secret: string) => {
      const head = `${b64(header)}.${b64(claims)}`;
      return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
    };

    it('alg none', async () => {
      const token = `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claimsOf(user.accessToken))}.`;
      await t.http().get('/api/auth/me').set(bearer(token)).expect(401);
    });
    it('a tampered payload', async () => {
      const [h, , s] = user.accessToken.split('.');
      const token = `${h}.${b64({ ...claimsOf(user.accessToken), sub: '00000000-0000-0000-0000-000000000000' })}.${s}`;
      await t.http().get('/api/auth/me').set(bearer(token)).expect(401);
    });
    it('signed with another secret', async () => {
      const token = sign({ alg: 'HS256', typ: 'JWT' }, claimsOf(user.accessToken), 'not-the-secret');
      await t.http().get('/api/auth/me').set(bearer(token)).expect(401);
    });
    it('expired', async () => {
      const now = Math.floor(Date.now() / 1000);
      const token = sign(
        { alg: 'HS256', typ: 'JWT' },
        { ...claimsOf(user.accessToken), iat: now - 100, exp: now - 10 },
        t.config.jwtSecret,
      );
      const res = await t.http().get('/api/auth/me').set(bearer(token)).expect(401);
      expect(res.body.code).toBe('SESSION_EXPIRED');
    });
    it('without exp', async () => {
      const { exp: _exp, ...claims } = claimsOf(user.accessToken);
      const token = sign({ alg: 'HS256', typ: 'JWT' }, claims, t.config.jwtSecret);
      await t.http().get('/api/auth/me').set(bearer(token)).expect(401);
    });
    it('not yet valid (nbf in the future)', async () => {
      const token = sign(
        { alg: 'HS256', typ: 'JWT' },
        { ...claimsOf(user.accessToken), nbf: Math.floor(Date.now() / 1000) + 600 },
        t.config.jwtSecret,
      );
      await t.http().get('/api/auth/me').set(bearer(token)).expect(401);
    });
    it('HS512 with the right secret (only HS256 is accepted)', async () => {
      const head = `${b64({ alg: 'HS512', typ: 'JWT' })}.${b64(claimsOf(user.accessToken))}`;
      const token = `${head}.${createHmac('sha512', t.config.jwtSecret).update(head).digest('base64url')}`;
      await t.http().get('/api/auth/me').set(bearer(token)).expect(401);
    });
    it('garbage', async () => {
      await t.http().get('/api/auth/me').set(bearer('not.a.token')).expect(401);
      await t.http().get('/api/auth/me').set('Authorization', 'Basic abc').expect(401);
    });
  });

  describe('bad input', () => {
    const valid = { email: 'x@example.test', password: 'password123', firstName: 'A', lastName: 'B', teamName: 'T' };
    it.each([
      ['missing fields', {}, ['email', 'password', 'firstName', 'lastName', 'teamName']],
      ['wrong types', { ...valid, email: 42, password: ['a'], firstName: { a: 1 } }, ['email', 'password', 'firstName']],
      ['an unknown field', { ...valid, role: 'super_admin' }, ['role']],
      ['a 7-character password', { ...valid, password: '1234567' }, ['password']],
      ['a 129-character password', { ...valid, password: 'p'.repeat(129) }, ['password']],
      ['a 10,000-character name', { ...valid, firstName: 'a'.repeat(10_000) }, ['firstName']],
      ['an empty team name', { ...valid, teamName: '   ' }, ['teamName']],
      ['a control character in a name', { ...valid, lastName: 'B\u0000' }, ['lastName']],
      ['not an email', { ...valid, email: 'not-an-email' }, ['email']],
    ])('register with %s → 400 naming the fields', async (_name, body, fields) => {
      const res = await t.http().post('/api/auth/register').send(body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([...fields].sort());
    });

    it('malformed JSON → 400 MALFORMED_JSON', async () => {
      const res = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"email":').expect(400);
      expect(res.body.code).toBe('MALFORMED_JSON');
    });
    it('a non-JSON body → 415', async () => {
      await t.http().post('/api/auth/login').set('Content-Type', 'text/plain').send('hello').expect(415);
    });
    it('an oversized body → 413', async () => {
      const res = await t
        .http()
        .post('/api/auth/login')
        .send({ email: 'a@b.co', password: 'x'.repeat(1024 * 1024) })
        .expect(413);
      expect(res.body.code).toBe('PAYLOAD_TOO_LARGE');
    });
    it('a 128-character password works (no 72-byte truncation)', async () => {
      const long = 'é'.repeat(128);
      const user = await newUser(t, { password: long });
      await t.http().post('/api/auth/login').send({ email: user.email, password: long }).expect(200);
      await t
        .http()
        .post('/api/auth/login')
        .send({ email: user.email, password: 'é'.repeat(127) + 'e' })
        .expect(401);
    });
    it('errors carry no stack traces', async () => {
      const res = await t
        .http()
        .post('/api/auth/login')
        .send({ email: 'a@b.co', password: { $ne: 1 } })
        .expect(400);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.(js|ts):\d+/);
    });
  });

  it('limits failed logins per account: the 11th attempt in 15 minutes is refused with 429, even with the right password', async () => {
    const user = await newUser(t);
    for (let i = 0; i < 10; i++)
      await t
        .http()
        .post('/api/auth/login')
        .send({ email: user.email, password: `wrong-${i}-password` })
        .expect(401);
    const locked = await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(429);
    expect(locked.body.code).toBe('LOGIN_LOCKED');
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('keeps the refresh credential out of the response body', async () => {
    const res = await t
      .http()
      .post('/api/auth/register')
      .send({ email: uniqueEmail(), password: 'password123', firstName: 'A', lastName: 'B', teamName: 'T' })
      .expect(201);
    const cookieValue = refreshCookieOf(res).split('=')[1];
    expect(JSON.stringify(res.body)).not.toContain(cookieValue);
  });

  it('throttles sign-in attempts per client, but never /auth/me or /auth/refresh', async () => {
    const strict = await createTestApp({ THROTTLE_AUTH_LIMIT: '3', TRUST_PROXY: 'true' });
    try {
      const client = uniqueClientAddress();
      // Made on the relaxed instance: registering counts toward the same per-client limit.
      const user = await newUser(t);
      for (let i = 0; i < 6; i++) {
        await strict.http().get('/api/auth/me').set('X-Forwarded-For', client).set(bearer(user.accessToken)).expect(200);
        await strict.http().post('/api/auth/refresh').set('X-Forwarded-For', client).set('Cookie', user.refreshCookie).expect(200);
      }
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++)
        statuses.push(
          (
            await strict
              .http()
              .post('/api/auth/login')
              .set('X-Forwarded-For', client)
              .send({ email: user.email, password: 'wrong password' })
          ).status,
        );
      // Counted per route and client: three sign-in attempts a minute here, the fourth is refused.
      expect(statuses).toEqual([401, 401, 401, 429]);
    } finally {
      await strict.close();
    }
  });
});
