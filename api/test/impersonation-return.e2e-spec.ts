import type { ReturnFromImpersonationResponse } from '@vantage/contracts';
import type request from 'supertest';
import { impersonate, newSession, newUser, type RegisteredUser } from './support/fixtures';
import { bearer, createTestApp, refreshCookieOf, startAppWithMailbox, type TestApp } from './support/test-app';

/**
 * POST /auth/return (SPEC §10's journey: "admin lands back in their own account with a clear message"):
 * once a support session was ended by someone or something else, the browser's refresh cookie — still
 * the impersonation's — brings the admin back to their own account, once, within 30 minutes.
 */
describe('Returning to the admin account after a support session ended (POST /auth/return)', () => {
  let t: TestApp;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ t, stop } = await startAppWithMailbox());
  });
  afterAll(() => stop());

  async function signedInAdmin(role: 'admin' | 'super_admin' = 'admin'): Promise<RegisteredUser> {
    const admin = await newUser(t, { role, twoFactor: 'email', teamName: 'Vantage Support' });
    return { ...admin, ...(await newSession(t, admin)) };
  }

  /** An admin inside a customer's account through the real start: the browser's cookie now holds the impersonation. */
  async function started(): Promise<{ admin: RegisteredUser; owner: RegisteredUser; res: request.Response; cookie: string }> {
    const admin = await signedInAdmin();
    const owner = await newUser(t);
    const res = await impersonate(t, admin, owner);
    expect(res.status).toBe(200);
    return { admin, owner, res, cookie: refreshCookieOf(res) };
  }

  const returnWith = (app: TestApp, cookie: string | null) => {
    const req = app.http().post('/api/auth/return');
    return cookie ? req.set('Cookie', cookie) : req;
  };

  async function expectBackAsAdmin(res: request.Response, admin: RegisteredUser, endReason: string): Promise<void> {
    expect(res.status).toBe(200);
    const body = res.body as ReturnFromImpersonationResponse;
    expect(body.endReason).toBe(endReason);
    expect(body.user).toMatchObject({ id: admin.id, impersonatedBy: null, currentTeam: { id: admin.teamId } });
    // A working session of the admin's own, token and cookie.
    const me = await t.http().get('/api/auth/me').set(bearer(body.accessToken)).expect(200);
    expect(me.body.id).toBe(admin.id);
    const refreshed = await t.http().post('/api/auth/refresh').set('Cookie', refreshCookieOf(res)).expect(200);
    expect(refreshed.body.user.id).toBe(admin.id);
  }

  it('after the user ended it: back in the admin account, told it was ended by the user', async () => {
    const { admin, owner, res, cookie } = await started();
    await t.http().post(`/api/user/impersonations/${res.body.impersonation.id}/end`).set(bearer(owner.accessToken)).expect(204);
    await expectBackAsAdmin(await returnWith(t, cookie), admin, 'ended_by_user');
    const [record]: { returned_at: Date | null }[] = await t.db.query(`SELECT returned_at FROM impersonations WHERE id = $1`, [
      res.body.impersonation.id,
    ]);
    expect(record.returned_at).toBeInstanceOf(Date);
  });

  it('after the web app first tried a refresh: IMPERSONATION_ENDED keeps the cookie the return needs', async () => {
    const { admin, owner, res, cookie } = await started();
    await t.http().post(`/api/user/impersonations/${res.body.impersonation.id}/end`).set(bearer(owner.accessToken)).expect(204);
    const refresh = await t.http().post('/api/auth/refresh').set('Cookie', cookie).expect(401);
    expect(refresh.body.code).toBe('IMPERSONATION_ENDED');
    expect(refresh.headers['set-cookie']).toBeUndefined();
    await expectBackAsAdmin(await returnWith(t, cookie), admin, 'ended_by_user');
  });

  it('after a super admin ended it', async () => {
    const { admin, res, cookie } = await started();
    const superAdmin = await signedInAdmin('super_admin');
    await t.http().post(`/api/admin/impersonations/${res.body.impersonation.id}/end`).set(bearer(superAdmin.accessToken)).expect(204);
    await expectBackAsAdmin(await returnWith(t, cookie), admin, 'ended_by_admin');
  });

  it('after its time ran out, even before anything closed the record', async () => {
    const { admin, res, cookie } = await started();
    await t.db.query(
      `UPDATE impersonations SET created_at = created_at - interval '31 minutes', expires_at = expires_at - interval '31 minutes' WHERE id = $1`,
      [res.body.impersonation.id],
    );
    // As if the whole story happened 31 minutes ago: the admin's earlier sign-ins ended then too.
    await t.db.query(
      `UPDATE auth_sessions SET revoked_at = revoked_at - interval '31 minutes' WHERE user_id = $1 AND revoked_at IS NOT NULL`,
      [admin.id],
    );
    await expectBackAsAdmin(await returnWith(t, cookie), admin, 'expired');
  });

  it('a second return is refused: it is single use', async () => {
    const { owner, res, cookie } = await started();
    await t.http().post(`/api/user/impersonations/${res.body.impersonation.id}/end`).set(bearer(owner.accessToken)).expect(204);
    await returnWith(t, cookie).expect(200);
    const again = await returnWith(t, cookie).expect(401);
    expect(again.body.code).toBe('RETURN_NOT_AVAILABLE');
  });

  it('is refused while the session still runs; cancel returns instead, and then no return is left', async () => {
    const { admin, res, cookie } = await started();
    const running = await returnWith(t, cookie).expect(401);
    expect(running.body.code).toBe('RETURN_NOT_AVAILABLE');
    // The refusal changed nothing: the session goes on.
    await t.http().get('/api/auth/me').set(bearer(res.body.accessToken)).expect(200);
    const back = await t.http().post('/api/2fa/cancel-impersonation').set(bearer(res.body.accessToken)).expect(200);
    expect(back.body.user.id).toBe(admin.id);
    const after = await returnWith(t, cookie).expect(401);
    expect(after.body.code).toBe('RETURN_NOT_AVAILABLE');
  });

  it('is refused without a cookie, with a garbled one, and with an ordinary sign-in’s', async () => {
    expect((await returnWith(t, null).expect(401)).body.code).toBe('RETURN_NOT_AVAILABLE');
    expect((await returnWith(t, 'vantage_refresh=nonsense').expect(401)).body.code).toBe('RETURN_NOT_AVAILABLE');
    const user = await newUser(t);
    expect((await returnWith(t, user.refreshCookie).expect(401)).body.code).toBe('RETURN_NOT_AVAILABLE');
  });

  it('is refused when the admin lost the admin role meanwhile', async () => {
    const { admin, owner, res, cookie } = await started();
    await t.http().post(`/api/user/impersonations/${res.body.impersonation.id}/end`).set(bearer(owner.accessToken)).expect(204);
    await t.db.query(`UPDATE users SET role = 'user' WHERE id = $1`, [admin.id]);
    expect((await returnWith(t, cookie).expect(401)).body.code).toBe('RETURN_NOT_AVAILABLE');
  });

  it('is refused after signing out of the support session: the cookie it leaves behind is worth nothing', async () => {
    const { res, cookie } = await started();
    await t.http().post('/api/auth/logout').set(bearer(res.body.accessToken)).set('Cookie', cookie).expect(204);
    const [record]: { end_reason: string }[] = await t.db.query(`SELECT end_reason FROM impersonations WHERE id = $1`, [
      res.body.impersonation.id,
    ]);
    expect(record.end_reason).toBe('cancelled');
    expect((await returnWith(t, cookie).expect(401)).body.code).toBe('RETURN_NOT_AVAILABLE');
  });

  it('is refused once anything signed the admin out since the start (here: the admin signed out on another device)', async () => {
    const { admin, owner, res, cookie } = await started();
    const elsewhere = await newSession(t, admin);
    await t.http().post('/api/auth/logout').set('Cookie', elsewhere.refreshCookie).expect(204);
    await t.http().post(`/api/user/impersonations/${res.body.impersonation.id}/end`).set(bearer(owner.accessToken)).expect(204);
    expect((await returnWith(t, cookie).expect(401)).body.code).toBe('RETURN_NOT_AVAILABLE');
  });

  it('is refused more than 30 minutes after the end', async () => {
    const { owner, res, cookie } = await started();
    await t.http().post(`/api/user/impersonations/${res.body.impersonation.id}/end`).set(bearer(owner.accessToken)).expect(204);
    await t.db.query(`UPDATE impersonations SET ended_at = ended_at - interval '31 minutes' WHERE id = $1`, [res.body.impersonation.id]);
    expect((await returnWith(t, cookie).expect(401)).body.code).toBe('RETURN_NOT_AVAILABLE');
  });

  it('is refused when another site makes the request, and the return stays available', async () => {
    const { admin, owner, res, cookie } = await started();
    await t.http().post(`/api/user/impersonations/${res.body.impersonation.id}/end`).set(bearer(owner.accessToken)).expect(204);
    const crossSite = await returnWith(t, cookie).set('Sec-Fetch-Site', 'cross-site').expect(403);
    expect(crossSite.body.code).toBe('CROSS_SITE_REQUEST');
    const otherOrigin = await returnWith(t, cookie).set('Origin', 'https://evil.example').expect(403);
    expect(otherOrigin.body.code).toBe('CROSS_SITE_REQUEST');
    await expectBackAsAdmin(await returnWith(t, cookie).set('Sec-Fetch-Site', 'same-origin'), admin, 'ended_by_user');
  });

  describe('on two instances', () => {
    let second: TestApp;
    beforeAll(async () => {
      second = await createTestApp({ SMTP_URL: t.mailbox!.url });
    });
    afterAll(() => second.close());

    it('a return on one instance is seen by the other: single use across instances', async () => {
      const { admin, owner, res, cookie } = await started();
      await second.http().post(`/api/user/impersonations/${res.body.impersonation.id}/end`).set(bearer(owner.accessToken)).expect(204);
      await expectBackAsAdmin(await returnWith(t, cookie), admin, 'ended_by_user');
      expect((await returnWith(second, cookie).expect(401)).body.code).toBe('RETURN_NOT_AVAILABLE');
    });

    it('two returns at once on two instances: exactly one succeeds', async () => {
      const { owner, res, cookie } = await started();
      await t.http().post(`/api/user/impersonations/${res.body.impersonation.id}/end`).set(bearer(owner.accessToken)).expect(204);
      const answers = await Promise.all([returnWith(t, cookie), returnWith(second, cookie)]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 401]);
    });
  });
});
