import { randomInt } from 'node:crypto';
import { newUser, type RegisteredUser, passwordStepWithEmailCode, uniqueEmail } from './support/fixtures';
import type { TestMailbox } from './support/mailbox';
import { unknownLinkToken } from './support/security';
import { bearer, createTestApp, refreshCookieOf, type TestApp, startAppWithMailbox } from './support/test-app';

/**
 * Password reset by emailed link (SPEC §9). That asking tells nothing about accounts — the same
 * answer, the same time, no mail for an unknown email — is proven in security/asvs-authentication (ASVS 5).
 */
describe('Password reset (SPEC §9)', () => {
  let t: TestApp;
  let second: TestApp;
  let mailbox: TestMailbox;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ t, mailbox, stop } = await startAppWithMailbox());
    // A second API instance on the same database, sharing nothing in memory with the first.
    second = await createTestApp();
  });
  afterAll(async () => {
    await second.close();
    await stop();
  });

  const NEW_PASSWORD = 'a brand new password';
  const ask = (email: string, app: TestApp = t) => app.http().post('/api/auth/password-reset').send({ email });
  const confirm = (token: unknown, password: unknown = NEW_PASSWORD) =>
    t.http().post('/api/auth/password-reset/confirm').send({ token, password });
  const login = (email: string, password: string) => t.http().post('/api/auth/login').send({ email, password });
  /** Asks for a reset of `email` and answers the token of the emailed link. */
  async function resetLink(email: string): Promise<string> {
    const before = mailbox.messages.length;
    await ask(email).expect(204);
    return mailbox.linkToken(email, `${t.config.appUrl}/reset-password/`, before);
  }
  const passwordHashOf = async (user: RegisteredUser) =>
    (await t.db.query<{ password_hash: string }[]>(`SELECT password_hash FROM users WHERE id = $1`, [user.id]))[0].password_hash;

  it('asking: 204 and an email with the link <APP_URL>/reset-password/<token>, valid 30 minutes; only its hash is stored', async () => {
    const user = await newUser(t);
    const before = mailbox.messages.length;
    const res = await ask(user.email.toUpperCase()).expect(204);
    expect(res.text).toBe('');
    const token = await mailbox.linkToken(user.email, `${t.config.appUrl}/reset-password/`, before);
    const mail = mailbox.for(user.email).at(-1)!;
    expect(mail.subject).toBe('Reset your Vantage password');
    expect(mail.text).toContain(`${t.config.appUrl}/reset-password/${token}`);
    expect(mail.text).toMatch(/30 minutes/);

    const rows = await t.db.query<Record<string, unknown>[]>(
      `SELECT *, extract(epoch FROM expires_at - created_at)::int AS seconds FROM password_reset_tokens WHERE user_id = $1`,
      [user.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0].seconds).toBe(30 * 60);
    expect(Object.values(rows[0]).map(String)).not.toContain(token);
    const [{ n }] = await t.db.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM password_reset_tokens r WHERE strpos(r::text, $1) > 0`,
      [token],
    );
    expect(n).toBe(0);
    const [audit] = await t.db.query(`SELECT * FROM audit_logs WHERE entity_id = $1 AND action = 'auth.password_reset_requested'`, [
      user.id,
    ]);
    expect(audit).toMatchObject({ actor_id: null, team_id: user.teamId });
  });

  it('confirming: 204; the old password is refused and the new one works; every earlier session ends, on every instance; the user is emailed', async () => {
    const user = await newUser(t);
    const other = (await login(user.email, user.password).expect(200)).body.accessToken as string;
    const otherCookie = refreshCookieOf(await login(user.email, user.password).expect(200));
    await second.http().get('/api/teams').set(bearer(user.accessToken)).expect(200);
    const token = await resetLink(user.email);
    const before = mailbox.messages.length;

    await confirm(token).expect(204);

    for (const accessToken of [user.accessToken, other]) {
      for (const app of [t, second]) {
        expect((await app.http().get('/api/teams').set(bearer(accessToken)).expect(401)).body.code).toBe('SESSION_EXPIRED');
      }
    }
    for (const cookie of [user.refreshCookie, otherCookie]) {
      await second.http().post('/api/auth/refresh').set('Cookie', cookie).expect(401);
    }
    expect((await login(user.email, user.password).expect(401)).body.code).toBe('INVALID_CREDENTIALS');
    const signedIn = await login(user.email, NEW_PASSWORD).expect(200);
    expect(signedIn.body.user.currentTeam.id).toBe(user.teamId);

    const mail = await mailbox.waitFor(user.email, (m) => mailbox.messages.indexOf(m) >= before);
    expect(mail.subject).toBe('Your Vantage password was reset');
    const [audit] = await t.db.query(`SELECT * FROM audit_logs WHERE entity_id = $1 AND action = 'auth.password_reset'`, [user.id]);
    expect(audit).toMatchObject({ actor_id: user.id, team_id: user.teamId });
  });

  it('with 2FA on, it stays on: the next sign-in with the new password still asks for the second factor', async () => {
    const user = await newUser(t, { twoFactor: 'email' });
    await confirm(await resetLink(user.email)).expect(204);
    const { challenge, code } = await passwordStepWithEmailCode(t, { email: user.email, password: NEW_PASSWORD });
    expect((await t.http().get('/api/businesses').set(bearer(challenge)).expect(401)).body.code).toBe('TWO_FACTOR_REQUIRED');
    const full = await t.http().post('/api/2fa/authenticate').set(bearer(challenge)).send({ code }).expect(200);
    expect((await t.http().get('/api/user/two-factor').set(bearer(full.body.accessToken)).expect(200)).body).toEqual({
      enabled: true,
      method: 'email',
      recoveryCodesLeft: 0,
      recoveryCodeUsedAt: null,
      lockedUntil: null,
      passkeys: 0,
    });
  });

  it('a person locked out by wrong passwords gets back in with a reset', async () => {
    const user = await newUser(t);
    for (let i = 0; i < 10; i++) await login(user.email, `wrong guess ${i}`).expect(401);
    expect((await login(user.email, user.password).expect(429)).body.code).toBe('LOGIN_LOCKED');
    await confirm(await resetLink(user.email)).expect(204);
    await login(user.email, NEW_PASSWORD).expect(200);
  });

  it('a link works once: used again it is 400 RESET_TOKEN_INVALID, and the password stays the one it set', async () => {
    const user = await newUser(t);
    const token = await resetLink(user.email);
    await confirm(token).expect(204);
    const hash = await passwordHashOf(user);
    expect((await confirm(token, 'yet another password').expect(400)).body.code).toBe('RESET_TOKEN_INVALID');
    expect(await passwordHashOf(user)).toBe(hash);
    await login(user.email, NEW_PASSWORD).expect(200);
  });

  it('two uses of one link at once: exactly one succeeds', async () => {
    const user = await newUser(t);
    const token = await resetLink(user.email);
    const answers = await Promise.all([confirm(token, 'first new password'), confirm(token, 'second new password')]);
    expect(answers.map((r) => r.status).sort()).toEqual([204, 400]);
    const winner = answers[0].status === 204 ? 'first new password' : 'second new password';
    await login(user.email, winner).expect(200);
  });

  it('asking again voids the previous link', async () => {
    const user = await newUser(t);
    const first = await resetLink(user.email);
    const latest = await resetLink(user.email);
    expect(latest).not.toBe(first);
    expect((await confirm(first).expect(400)).body.code).toBe('RESET_TOKEN_INVALID');
    await login(user.email, user.password).expect(200);
    await confirm(latest).expect(204);
  });

  it('an expired link (past its 30 minutes) is 400 RESET_TOKEN_INVALID, and the password is unchanged', async () => {
    const user = await newUser(t);
    const token = await resetLink(user.email);
    await t.db.query(`UPDATE password_reset_tokens SET expires_at = now() - interval '1 second' WHERE user_id = $1`, [user.id]);
    expect((await confirm(token).expect(400)).body.code).toBe('RESET_TOKEN_INVALID');
    await login(user.email, user.password).expect(200);
  });

  it('an unknown token is 400 RESET_TOKEN_INVALID; a malformed token or a bad password is 400 naming the field', async () => {
    const user = await newUser(t);
    const token = await resetLink(user.email);
    expect((await confirm(unknownLinkToken()).expect(400)).body).toEqual({
      statusCode: 400,
      code: 'RESET_TOKEN_INVALID',
      message: expect.any(String),
    });
    for (const [body, field] of [
      [{ token: 'short', password: NEW_PASSWORD }, 'token'],
      [{ token: `${token}x`, password: NEW_PASSWORD }, 'token'],
      [{ token: 42, password: NEW_PASSWORD }, 'token'],
      [{ password: NEW_PASSWORD }, 'token'],
      [{ token, password: 'short' }, 'password'],
      [{ token, password: 'x'.repeat(129) }, 'password'],
      [{ token }, 'password'],
      [{ token, password: NEW_PASSWORD, userId: user.id }, 'userId'],
    ] as const) {
      const res = await t.http().post('/api/auth/password-reset/confirm').send(body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
    for (const body of [{}, { email: 'not an email' }, { email: user.email, password: 'x' }]) {
      expect((await t.http().post('/api/auth/password-reset').send(body).expect(400)).body.code).toBe('VALIDATION_FAILED');
    }
    // None of it used up the link.
    await confirm(token).expect(204);
  });

  describe('limits', () => {
    it('per account: the sixth request within the hour is 429 PASSWORD_RESET_THROTTLED with Retry-After, counted across instances', async () => {
      const user = await newUser(t);
      for (const [app, email] of [
        [t, user.email],
        [second, user.email.toUpperCase()],
        [t, user.email],
        [second, user.email],
        [t, user.email],
      ] as const) {
        await ask(email, app).expect(204);
      }
      const refused = await ask(user.email, second).expect(429);
      expect(refused.body).toEqual({ statusCode: 429, code: 'PASSWORD_RESET_THROTTLED', message: expect.any(String) });
      const retryAfter = Number(refused.headers['retry-after']);
      expect(retryAfter).toBeGreaterThan(3500);
      expect(retryAfter).toBeLessThanOrEqual(3600);
      await ask(user.email, t).expect(429);
      // No sixth link was made (so none was mailed).
      const [{ n }] = await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM password_reset_tokens WHERE user_id = $1`, [
        user.id,
      ]);
      expect(n).toBe(5);
    });

    it('per account, for an unknown email too, with the same answer (no enumeration by the limit)', async () => {
      const known = await newUser(t);
      const unknown = uniqueEmail('nobody');
      for (let i = 0; i < 5; i++) {
        await ask(known.email).expect(204);
        await ask(unknown).expect(204);
      }
      const a = await ask(known.email).expect(429);
      const b = await ask(unknown).expect(429);
      expect(b.body).toEqual(a.body);
      expect(Math.abs(Number(a.headers['retry-after']) - Number(b.headers['retry-after']))).toBeLessThanOrEqual(2);
    });

    it('per client: over THROTTLE_AUTH_LIMIT a minute, 429 with Retry-After — counted across instances; other clients go on', async () => {
      // Two instances with a low limit, behind a proxy that names the client (an address of this test's own).
      const limited = await createTestApp({ THROTTLE_AUTH_LIMIT: '3', TRUST_PROXY: 'true' });
      const limitedToo = await createTestApp({ THROTTLE_AUTH_LIMIT: '3', TRUST_PROXY: 'true' });
      try {
        const client = `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
        const from = (app: TestApp, ip: string) =>
          app
            .http()
            .post('/api/auth/password-reset')
            .set('X-Forwarded-For', ip)
            .send({ email: uniqueEmail('client') });
        await from(limited, client).expect(204);
        await from(limited, client).expect(204);
        await from(limitedToo, client).expect(204);
        // Each instance has seen fewer than three, but the client has made three: the count is shared.
        const refused = await from(limitedToo, client).expect(429);
        expect(refused.body.code).toBe('TOO_MANY_REQUESTS');
        const retryAfter = Number(refused.headers['retry-after']);
        expect(retryAfter).toBeGreaterThan(0);
        expect(retryAfter).toBeLessThanOrEqual(60);
        const again = await from(limited, client).expect(429);
        expect(again.headers['retry-after']).toBeDefined();
        await from(limited, `${client.split('.').slice(0, 3).join('.')}.${(Number(client.split('.')[3]) % 254) + 1}`).expect(204);
      } finally {
        await limitedToo.close();
        await limited.close();
      }
    });
  });
});
