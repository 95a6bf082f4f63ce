import type { TestMailbox } from './support/mailbox';
import { impersonateDirectly, newUser } from './support/fixtures';
import { bearer, refreshCookieOf, type TestApp, startAppWithMailbox } from './support/test-app';

describe('Profile (/api/user/profile, /api/user/password)', () => {
  let t: TestApp;
  let mailbox: TestMailbox;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ t, mailbox, stop } = await startAppWithMailbox());
  });
  afterAll(() => stop());

  const patchProfile = (token: string, body: object) => t.http().patch('/api/user/profile').set(bearer(token)).send(body);
  const changePassword = (token: string, body: object) => t.http().patch('/api/user/password').set(bearer(token)).send(body);

  describe('PATCH /api/user/profile', () => {
    it('changes names (trimmed) and answers the current user; the change is audited', async () => {
      const user = await newUser(t, { firstName: 'Ada', lastName: 'Byron' });
      const res = await patchProfile(user.accessToken, { lastName: '  Lovelace ' }).expect(200);
      expect(res.body).toMatchObject({
        id: user.id,
        email: user.email,
        firstName: 'Ada',
        lastName: 'Lovelace',
        currentTeam: { id: user.teamId },
        impersonatedBy: null,
      });
      expect((await t.http().get('/api/auth/me').set(bearer(user.accessToken)).expect(200)).body.lastName).toBe('Lovelace');
      const [audit] = await t.db.query(`SELECT * FROM audit_logs WHERE entity_id = $1 AND action = 'user.profile_updated'`, [user.id]);
      expect(audit).toMatchObject({
        actor_id: user.id,
        team_id: user.teamId,
        details: { fields: ['lastName'], previous: { lastName: 'Byron' } },
      });
    });

    it('an empty patch changes nothing and answers the user', async () => {
      const user = await newUser(t, { firstName: 'Grace' });
      const res = await patchProfile(user.accessToken, {}).expect(200);
      expect(res.body.firstName).toBe('Grace');
    });

    it.each([
      ['role', 'role', { role: 'super_admin' }],
      ['isTwoFactorEnabled', 'isTwoFactorEnabled', { isTwoFactorEnabled: false }],
      ['email', 'email', { email: 'other@example.test' }],
      ['teamId', 'teamId', { teamId: '00000000-0000-0000-0000-000000000000' }],
      ['a null first name', 'firstName', { firstName: null }],
      ['a blank last name', 'lastName', { lastName: '   ' }],
      ['a 101-character first name', 'firstName', { firstName: 'x'.repeat(101) }],
      ['a control character in the last name', 'lastName', { lastName: 'Bad\u0007Name' }],
      ['impersonationAllowed as a string', 'impersonationAllowed', { impersonationAllowed: 'no' }],
    ])('refuses %s with 400 naming the field, changing nothing', async (_name, field, body) => {
      const user = await newUser(t, { firstName: 'Same', lastName: 'Name' });
      const res = await patchProfile(user.accessToken, { firstName: 'Changed', ...body }).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))]).toEqual([field]);
      const [row] = await t.db.query(
        `SELECT first_name, role, email, is_two_factor_enabled, impersonation_allowed FROM users WHERE id = $1`,
        [user.id],
      );
      expect(row).toEqual({
        first_name: 'Same',
        role: 'user',
        email: user.email,
        is_two_factor_enabled: false,
        impersonation_allowed: true,
      });
    });

    it('switching impersonationAllowed off ends the active impersonation of the user at once', async () => {
      const admin = await newUser(t, { role: 'admin' });
      const user = await newUser(t);
      const { accessToken: supportToken, impersonationId } = await impersonateDirectly(t, admin, user);
      await t.http().get('/api/teams').set(bearer(supportToken)).expect(200);

      const res = await patchProfile(user.accessToken, { impersonationAllowed: false }).expect(200);
      expect(res.body.impersonationAllowed).toBe(false);

      const [record] = await t.db.query(`SELECT ended_at, end_reason FROM impersonations WHERE id = $1`, [impersonationId]);
      expect(record.ended_at).not.toBeNull();
      expect(record.end_reason).toBe('revoked');
      const refused = await t.http().get('/api/teams').set(bearer(supportToken)).expect(401);
      expect(refused.body.code).toBe('IMPERSONATION_ENDED');
      const [audit] = await t.db.query(
        `SELECT details FROM audit_logs WHERE entity_id = $1 AND action = 'user.impersonation_access_changed'`,
        [user.id],
      );
      expect(audit.details).toEqual({ allowed: false });

      // And back on: allowed again, nothing else happens.
      expect((await patchProfile(user.accessToken, { impersonationAllowed: true }).expect(200)).body.impersonationAllowed).toBe(true);
    });

    it('during impersonation: support may correct names (audited as Support team), but not impersonationAllowed (403)', async () => {
      const admin = await newUser(t, { firstName: 'Ada', lastName: 'Admin', role: 'admin' });
      const user = await newUser(t, { firstName: 'Olivia', lastName: 'Ownr' });
      const { accessToken: token } = await impersonateDirectly(t, admin, user);

      const refused = await patchProfile(token, { lastName: 'Owner', impersonationAllowed: false }).expect(403);
      expect(refused.body.code).toBe('FORBIDDEN_DURING_IMPERSONATION');
      const [unchanged] = await t.db.query(`SELECT last_name, impersonation_allowed FROM users WHERE id = $1`, [user.id]);
      expect(unchanged).toEqual({ last_name: 'Ownr', impersonation_allowed: true });

      const res = await patchProfile(token, { lastName: 'Owner' }).expect(200);
      expect(res.body).toMatchObject({ lastName: 'Owner', impersonatedBy: { id: admin.id } });
      const [audit] = await t.db.query(`SELECT * FROM audit_logs WHERE entity_id = $1 AND action = 'user.profile_updated'`, [user.id]);
      expect(audit).toMatchObject({ actor_id: admin.id, actor_name: 'Support team (Ada Admin)', is_impersonated: true });
    });
  });

  describe('PATCH /api/user/password', () => {
    it('needs the current password: a wrong one is 401 WRONG_PASSWORD and nothing changes', async () => {
      const user = await newUser(t);
      const res = await changePassword(user.accessToken, {
        currentPassword: 'not my password',
        newPassword: 'a brand new password',
      }).expect(401);
      expect(res.body.code).toBe('WRONG_PASSWORD');
      await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
      await t.http().get('/api/teams').set(bearer(user.accessToken)).expect(200);
    });

    it('with it: 204, the new password signs in and the old does not, other sessions end, this one continues, mailed and audited', async () => {
      const user = await newUser(t);
      const other = await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
      const before = mailbox.messages.length;
      await changePassword(user.accessToken, { currentPassword: user.password, newPassword: 'a brand new password' }).expect(204);

      await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(401);
      await t.http().post('/api/auth/login').send({ email: user.email, password: 'a brand new password' }).expect(200);
      expect((await t.http().get('/api/teams').set(bearer(other.body.accessToken)).expect(401)).body.code).toBe('SESSION_EXPIRED');
      await t.http().post('/api/auth/refresh').set('Cookie', refreshCookieOf(other)).expect(401);
      await t.http().get('/api/teams').set(bearer(user.accessToken)).expect(200);
      await t.http().post('/api/auth/refresh').set('Cookie', user.refreshCookie).expect(200);

      const mail = await mailbox.waitFor(user.email, (m) => mailbox.messages.indexOf(m) >= before);
      expect(mail.subject).toBe('Your Vantage password was changed');
      const [audit] = await t.db.query(`SELECT * FROM audit_logs WHERE entity_id = $1 AND action = 'auth.password_changed'`, [user.id]);
      expect(audit).toMatchObject({ actor_id: user.id, team_id: user.teamId });
    });

    it.each([
      ['a 7-character new password', { newPassword: '1234567' }, 'newPassword'],
      ['a 129-character new password', { newPassword: 'p'.repeat(129) }, 'newPassword'],
      ['a missing current password', { currentPassword: undefined }, 'currentPassword'],
      ['an unknown field', { logoutOthers: false }, 'logoutOthers'],
    ])('refuses %s with 400', async (_name, overrides, field) => {
      const user = await newUser(t);
      const res = await changePassword(user.accessToken, {
        currentPassword: user.password,
        newPassword: 'a brand new password',
        ...overrides,
      }).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toEqual([field]);
    });

    it('refuses a new password equal to the current one (400)', async () => {
      const user = await newUser(t);
      const res = await changePassword(user.accessToken, { currentPassword: user.password, newPassword: user.password }).expect(400);
      expect(res.body.errors).toEqual([{ field: 'newPassword', message: 'must be different from the current password' }]);
    });

    it('is refused during impersonation (403), even with the right password', async () => {
      const admin = await newUser(t, { role: 'admin' });
      const user = await newUser(t);
      const { accessToken: token } = await impersonateDirectly(t, admin, user);
      const res = await changePassword(token, { currentPassword: user.password, newPassword: 'support chose this' }).expect(403);
      expect(res.body.code).toBe('FORBIDDEN_DURING_IMPERSONATION');
      await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
    });
  });
});
