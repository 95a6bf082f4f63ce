import { impersonate, impersonateDirectly, newSession, newUser, type RegisteredUser } from './support/fixtures';
import { bearer, startAppWithMailbox, type TestApp } from './support/test-app';

/**
 * Starting and returning issue their tokens from the row their own statement selected (not read
 * again): what they answer must be what the session check reads on the next request.
 */
describe('Impersonation: tokens issued from the statement that created the session', () => {
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

  it("the start's user is the one GET /auth/me then shows, and the return's too", async () => {
    const admin = await signedInAdmin();
    const owner = await newUser(t, { firstName: 'Olivia', lastName: 'Owner' });
    const started = await impersonate(t, admin, owner, { reason: 'Issued sessions' });
    expect(started.status).toBe(200);
    const me = await t.http().get('/api/auth/me').set(bearer(started.body.accessToken)).expect(200);
    expect(started.body.user).toEqual(me.body);

    const back = await t.http().post('/api/2fa/cancel-impersonation').set(bearer(started.body.accessToken)).expect(200);
    const adminMe = await t.http().get('/api/auth/me').set(bearer(back.body.accessToken)).expect(200);
    expect(back.body.user).toEqual(adminMe.body);
    expect(back.body.user.currentTeam.id).toBe(admin.teamId);
  });

  it("an admin returning while a super admin is in the admin's own account sees that support session", async () => {
    const admin = await signedInAdmin();
    const owner = await newUser(t);
    const started = await impersonate(t, admin, owner);
    expect(started.status).toBe(200);
    const superAdmin = await newUser(t, { role: 'super_admin', firstName: 'Sam', lastName: 'Super' });
    const inAdmin = await impersonateDirectly(t, superAdmin, admin);

    const back = await t.http().post('/api/2fa/cancel-impersonation').set(bearer(started.body.accessToken)).expect(200);
    expect(back.body.user.supportSession).toMatchObject({ id: inAdmin.impersonationId, impersonator: { name: 'Sam Super' } });
    const adminMe = await t.http().get('/api/auth/me').set(bearer(back.body.accessToken)).expect(200);
    expect(back.body.user.supportSession).toEqual(adminMe.body.supportSession);
  });
});
