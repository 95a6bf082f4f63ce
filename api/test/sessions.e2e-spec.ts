import type { SignInSessionList } from '@vantage/contracts';
import { randomUUID } from 'node:crypto';
import { impersonateDirectly, newUser, passwordStep, type RegisteredUser, type Session } from './support/fixtures';
import { claimsOf } from './support/security';
import { bearer, createTestApp, refreshCookieOf, type TestApp } from './support/test-app';

/** My sign-in sessions: the list and "sign out" of one (SPEC §9). */
describe('Sign-in sessions (GET/DELETE /auth/sessions)', () => {
  let t: TestApp;
  let second: TestApp;
  beforeAll(async () => {
    // Behind a proxy that names the client, so each sign-in can come from its own address.
    t = await createTestApp({ TRUST_PROXY: 'true' });
    // A second API instance on the same database, sharing nothing in memory with the first.
    second = await createTestApp();
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  /** Another sign-in of `user` (no 2FA) from a device and an address. */
  async function signIn(user: RegisteredUser, userAgent: string, ip: string): Promise<Session & { id: string }> {
    const res = await t
      .http()
      .post('/api/auth/login')
      .set('User-Agent', userAgent)
      .set('X-Forwarded-For', ip)
      .send({ email: user.email, password: user.password })
      .expect(200);
    return { accessToken: res.body.accessToken, refreshCookie: refreshCookieOf(res), id: sessionIdOf(res.body.accessToken) };
  }
  const sessionIdOf = (accessToken: string) => claimsOf(accessToken).sid as string;
  const list = async (accessToken: string, app = t) =>
    ((await app.http().get('/api/auth/sessions').set(bearer(accessToken)).expect(200)).body as SignInSessionList).items;
  const end = (accessToken: string, sessionId: string, app = t) =>
    app.http().delete(`/api/auth/sessions/${sessionId}`).set(bearer(accessToken));

  it('lists my sign-ins newest first, with device, address, start and last use; `current` marks only the caller’s', async () => {
    const user = await newUser(t);
    const laptop = await signIn(user, 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0', '203.0.113.7');
    const phone = await signIn(user, 'Mozilla/5.0 (iPhone) Safari/604.1', '198.51.100.23');

    const items = await list(phone.accessToken);
    expect(items.map((s) => s.id)).toEqual([phone.id, laptop.id, sessionIdOf(user.accessToken)]);
    expect(items[0]).toEqual({
      id: phone.id,
      createdAt: expect.any(String),
      lastSeenAt: expect.any(String),
      userAgent: 'Mozilla/5.0 (iPhone) Safari/604.1',
      ip: '198.51.100.23',
      current: true,
    });
    expect(items[1]).toMatchObject({ userAgent: 'Mozilla/5.0 (X11; Linux x86_64) Firefox/128.0', ip: '203.0.113.7', current: false });
    expect(items[2].current).toBe(false);
    const started = items.map((s) => Date.parse(s.createdAt));
    expect([...started].sort((a, b) => b - a)).toEqual(started);
    for (const s of items) expect(Date.parse(s.lastSeenAt)).toBeGreaterThanOrEqual(Date.parse(s.createdAt));

    // Seen from the laptop, the laptop is the current one.
    expect((await list(laptop.accessToken)).filter((s) => s.current).map((s) => s.id)).toEqual([laptop.id]);
  });

  it("shows neither other people's sessions, nor login challenges, nor support sessions in my account, nor ended ones", async () => {
    const user = await newUser(t, { twoFactor: 'totp' });
    const someoneElse = await newUser(t);
    const challenge = await passwordStep(t, user);
    const admin = await newUser(t, { role: 'admin' });
    await impersonateDirectly(t, admin, user);
    const ended = await t.http().post('/api/auth/login').send({ email: someoneElse.email, password: someoneElse.password }).expect(200);
    await t.http().post('/api/auth/logout').set(bearer(ended.body.accessToken)).expect(204);

    expect((await list(user.accessToken)).map((s) => s.id)).toEqual([sessionIdOf(user.accessToken)]);
    expect((await list(someoneElse.accessToken)).map((s) => s.id)).toEqual([sessionIdOf(someoneElse.accessToken)]);
    expect(sessionIdOf(challenge)).not.toBe(sessionIdOf(user.accessToken));
  });

  it('a sign-in whose time ran out is not listed, and ending it is 404 SESSION_NOT_FOUND', async () => {
    const user = await newUser(t);
    const stale = await signIn(user, 'Mozilla/5.0 (Macintosh) Safari/605.1', '192.0.2.80');
    // Its refresh credential expired (as after refreshTokenTtlDays without use), nothing else changed.
    await t.db.query(`UPDATE auth_sessions SET expires_at = now() - interval '1 second' WHERE id = $1`, [stale.id]);
    expect((await list(user.accessToken)).map((s) => s.id)).toEqual([sessionIdOf(user.accessToken)]);
    expect((await end(user.accessToken, stale.id).expect(404)).body.code).toBe('SESSION_NOT_FOUND');
    await t.http().post('/api/auth/refresh').set('Cookie', stale.refreshCookie).expect(401);
  });

  it('last use: a session used after a while shows its new lastSeenAt (written at most once a minute)', async () => {
    const user = await newUser(t);
    const id = sessionIdOf(user.accessToken);
    const lastSeen = async () =>
      (await t.db.query<{ last_seen_at: Date }[]>(`SELECT last_seen_at FROM auth_sessions WHERE id = $1`, [id]))[0].last_seen_at.getTime();
    await t.db.query(`UPDATE auth_sessions SET last_seen_at = now() - interval '5 minutes' WHERE id = $1`, [id]);
    const idle = await lastSeen();
    // The session is used; "last active" is written beside the request, so wait for the row.
    await t.http().get('/api/teams').set(bearer(user.accessToken)).expect(200);
    for (let i = 0; i < 200 && (await lastSeen()) === idle; i++);
    const [shown] = await list(user.accessToken);
    expect(Date.parse(shown.lastSeenAt) - idle).toBeGreaterThan(4 * 60 * 1000);
    // Within the minute, further use writes nothing.
    const written = await lastSeen();
    await t.http().get('/api/teams').set(bearer(user.accessToken)).expect(200);
    await list(user.accessToken);
    expect(await lastSeen()).toBe(written);
  });

  it('ending one: 204; its next request is 401 on another instance, its refresh cookie is refused; mine goes on; audited', async () => {
    const user = await newUser(t);
    const lost = await signIn(user, 'Mozilla/5.0 (Windows NT 10.0) Chrome/126.0', '192.0.2.44');
    // The other instance has seen (and verified) the token before.
    await second.http().get('/api/teams').set(bearer(lost.accessToken)).expect(200);

    await end(user.accessToken, lost.id).expect(204);

    expect((await second.http().get('/api/teams').set(bearer(lost.accessToken)).expect(401)).body.code).toBe('SESSION_EXPIRED');
    expect((await second.http().post('/api/auth/refresh').set('Cookie', lost.refreshCookie).expect(401)).body.code).toBe('SESSION_EXPIRED');
    await second.http().get('/api/teams').set(bearer(user.accessToken)).expect(200);
    await t.http().post('/api/auth/refresh').set('Cookie', user.refreshCookie).expect(200);
    expect((await list(user.accessToken)).map((s) => s.id)).toEqual([sessionIdOf(user.accessToken)]);
    const [audit] = await t.db.query(`SELECT * FROM audit_logs WHERE action = 'auth.session_ended' AND entity_id = $1`, [lost.id]);
    expect(audit).toMatchObject({ actor_id: user.id, team_id: user.teamId });
    // Already ended: nothing to end.
    expect((await end(user.accessToken, lost.id).expect(404)).body.code).toBe('SESSION_NOT_FOUND');
  });

  it('ending my own current session signs this device out', async () => {
    const user = await newUser(t);
    await end(user.accessToken, sessionIdOf(user.accessToken)).expect(204);
    expect((await t.http().get('/api/teams').set(bearer(user.accessToken)).expect(401)).body.code).toBe('SESSION_EXPIRED');
  });

  it("another user's session is 404 SESSION_NOT_FOUND and goes on working; so are a challenge's, an unknown and a support session's id", async () => {
    const user = await newUser(t);
    const other = await newUser(t);
    const withTwoFactor = await newUser(t, { twoFactor: 'totp' });
    const challenge = await passwordStep(t, withTwoFactor);
    const admin = await newUser(t, { role: 'admin' });
    const support = await impersonateDirectly(t, admin, user);

    for (const id of [sessionIdOf(other.accessToken), sessionIdOf(challenge), sessionIdOf(support.accessToken), randomUUID()]) {
      expect((await end(user.accessToken, id).expect(404)).body.code).toBe('SESSION_NOT_FOUND');
    }
    expect((await end(withTwoFactor.accessToken, sessionIdOf(challenge)).expect(404)).body.code).toBe('SESSION_NOT_FOUND');
    expect((await end(user.accessToken, 'not-a-uuid').expect(400)).body.code).toBe('VALIDATION_FAILED');

    await second.http().get('/api/teams').set(bearer(other.accessToken)).expect(200);
    await second.http().get('/api/auth/me').set(bearer(support.accessToken)).expect(200);
    await t
      .http()
      .post('/api/2fa/authenticate')
      .set(bearer(challenge))
      .send({ code: await withTwoFactor.freshCode() })
      .expect(200);
  });

  it('ending a session is blocked during an impersonation (403 FORBIDDEN_DURING_IMPERSONATION), and the session stays', async () => {
    const user = await newUser(t);
    const admin = await newUser(t, { role: 'admin' });
    const { accessToken } = await impersonateDirectly(t, admin, user);
    const res = await end(accessToken, sessionIdOf(user.accessToken)).expect(403);
    expect(res.body.code).toBe('FORBIDDEN_DURING_IMPERSONATION');
    await t.http().get('/api/teams').set(bearer(user.accessToken)).expect(200);
  });
});
