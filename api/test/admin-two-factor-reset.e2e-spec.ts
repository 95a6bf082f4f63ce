import { randomUUID } from 'node:crypto';
import { newSession, newUser, passwordStep, type RegisteredUser, type TotpUser } from './support/fixtures';
import type { TestMailbox } from './support/mailbox';
import { wrongCode } from './support/security';
import { bearer, type TestApp, startAppWithMailbox } from './support/test-app';

/** A super admin's assisted two-factor reset, for a user who lost every factor (SPEC §9). */
describe('Assisted two-factor reset (POST /admin/users/:id/two-factor/reset)', () => {
  let t: TestApp;
  let mailbox: TestMailbox;
  let stop: () => Promise<void>;
  let superAdmin: TotpUser;
  beforeAll(async () => {
    ({ t, mailbox, stop } = await startAppWithMailbox());
    superAdmin = await newUser(t, { role: 'super_admin', twoFactor: 'totp', firstName: 'Sam', lastName: 'Operator' });
  });
  afterAll(() => stop());

  const REASON = 'Lost their phone and recovery codes; identity checked on a video call (ticket #311)';
  const reset = (as: { accessToken: string }, userId: string, body: object) =>
    t.http().post(`/api/admin/users/${userId}/two-factor/reset`).set(bearer(as.accessToken)).send(body);
  /** Everything of the user's a refused reset must leave as it was. */
  const factorsOf = async (userId: string) => ({
    user: (
      await t.db.query(
        `SELECT is_two_factor_enabled, two_factor_method, totp_secret_encrypted, totp_pending_secret_encrypted FROM users WHERE id = $1`,
        [userId],
      )
    )[0] as Record<string, unknown>,
    recoveryCodes: await t.db.query<unknown[]>(`SELECT * FROM two_factor_recovery_codes WHERE user_id = $1 ORDER BY code_hash`, [userId]),
    liveSessions: (await t.db.query(`SELECT id FROM auth_sessions WHERE user_id = $1 AND revoked_at IS NULL ORDER BY id`, [userId]))
      .length as number,
  });
  const resetsOf = async (userId: string) =>
    (await t.db.query(`SELECT 1 FROM audit_logs WHERE entity_id = $1 AND action = 'two_factor.reset_by_admin'`, [userId])).length;

  it('with a fresh code and a reason: 2FA off, secret and codes gone, every session ended, the user emailed the reason, audited', async () => {
    const user = await newUser(t, { twoFactor: 'totp' });
    const other = await newSession(t, user);
    const before = mailbox.messages.length;

    const res = await reset(superAdmin, user.id, { code: await superAdmin.freshCode(), reason: REASON }).expect(200);
    expect(res.body).toEqual({ enabled: false, method: null });

    const after = await factorsOf(user.id);
    expect(after.user).toEqual({
      is_two_factor_enabled: false,
      two_factor_method: null,
      totp_secret_encrypted: null,
      totp_pending_secret_encrypted: null,
    });
    expect(after.recoveryCodes).toEqual([]);
    expect(await t.db.query(`SELECT 1 FROM two_factor_email_codes WHERE user_id = $1`, [user.id])).toEqual([]);
    expect(after.liveSessions).toBe(0);
    for (const session of [user, other]) {
      expect((await t.http().get('/api/teams').set(bearer(session.accessToken)).expect(401)).body.code).toBe('SESSION_EXPIRED');
      await t.http().post('/api/auth/refresh').set('Cookie', session.refreshCookie).expect(401);
    }

    const mail = await mailbox.waitFor(user.email, (m) => mailbox.messages.indexOf(m) >= before);
    expect(mail.subject).toBe('Vantage support turned off your two-factor authentication');
    expect(mail.text).toContain(REASON);
    const [audit] = await t.db.query(`SELECT * FROM audit_logs WHERE entity_id = $1 AND action = 'two_factor.reset_by_admin'`, [user.id]);
    expect(audit).toMatchObject({ actor_id: superAdmin.id, team_id: user.teamId, details: { reason: REASON, previousMethod: 'totp' } });

    // They sign in with their password alone, and may turn 2FA on again.
    const login = await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
    expect(login.body.twoFactorRequired).toBe(false);
    // The super admin's own session goes on.
    await t.http().get('/api/admin/teams').set(bearer(superAdmin.accessToken)).expect(200);
  });

  it('for a user with email codes too; the code that confirmed one reset is not fresh for another', async () => {
    const first = await newUser(t, { twoFactor: 'email' });
    const second = await newUser(t, { twoFactor: 'email' });
    const code = await superAdmin.freshCode();
    await reset(superAdmin, first.id, { code, reason: REASON }).expect(200);
    expect((await factorsOf(first.id)).user).toMatchObject({ is_two_factor_enabled: false, two_factor_method: null });
    const again = await reset(superAdmin, second.id, { code, reason: REASON }).expect(401);
    expect(again.body.code).toBe('CODE_ALREADY_USED');
    expect((await factorsOf(second.id)).user.is_two_factor_enabled).toBe(true);
  });

  it("a wrong code: 401 INVALID_TWO_FACTOR_CODE, counted toward the super admin's lockout, and nothing changes", async () => {
    const user = await newUser(t, { twoFactor: 'totp' });
    const before = await factorsOf(user.id);
    const mails = mailbox.for(user.email).length;
    const failures = async () =>
      (await t.db.query(`SELECT two_factor_failed_attempts AS n FROM users WHERE id = $1`, [superAdmin.id]))[0].n as number;
    const failed = await failures();
    const res = await reset(superAdmin, user.id, { code: wrongCode(await superAdmin.freshCode()), reason: REASON }).expect(401);
    expect(res.body.code).toBe('INVALID_TWO_FACTOR_CODE');
    expect(await failures()).toBe(failed + 1);
    await t.db.query(`UPDATE users SET two_factor_failed_attempts = 0 WHERE id = $1`, [superAdmin.id]);

    expect(await factorsOf(user.id)).toEqual(before);
    expect(await resetsOf(user.id)).toBe(0);
    expect(mailbox.for(user.email)).toHaveLength(mails);
    await t.http().get('/api/teams').set(bearer(user.accessToken)).expect(200);
  });

  it('only a super admin: an admin and a user get 403, even with a right code of their own; nothing changes', async () => {
    const user = await newUser(t, { twoFactor: 'totp' });
    const before = await factorsOf(user.id);
    const admin = await newUser(t, { role: 'admin', twoFactor: 'totp' });
    const plain = await newUser(t, { twoFactor: 'totp' });
    for (const caller of [admin, plain]) {
      const res = await reset(caller, user.id, { code: await caller.freshCode(), reason: REASON }).expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    }
    await reset({ accessToken: '' }, user.id, { code: '123456', reason: REASON }).expect(401);
    expect(await factorsOf(user.id)).toEqual(before);
    expect(await resetsOf(user.id)).toBe(0);
  });

  it('never for a super admin or oneself (403 FORBIDDEN); an unknown user is 404 USER_NOT_FOUND', async () => {
    const otherSuperAdmin = await newUser(t, { role: 'super_admin', twoFactor: 'totp' });
    const targets: [string, RegisteredUser | { id: string }, number, string][] = [
      ['another super admin', otherSuperAdmin, 403, 'FORBIDDEN'],
      ['oneself', superAdmin, 403, 'FORBIDDEN'],
      ['nobody', { id: randomUUID() }, 404, 'USER_NOT_FOUND'],
    ];
    for (const [name, target, status, code] of targets) {
      const before = 'email' in target ? await factorsOf(target.id) : null;
      const res = await reset(superAdmin, target.id, { code: await superAdmin.freshCode(), reason: REASON });
      expect([name, res.status, res.body.code]).toEqual([name, status, code]);
      if (before) expect(await factorsOf(target.id)).toEqual(before);
    }
    await t
      .http()
      .get('/api/user/two-factor')
      .set(bearer(otherSuperAdmin.accessToken))
      .expect(200, { enabled: true, method: 'totp', recoveryCodesLeft: 10, recoveryCodeUsedAt: null, lockedUntil: null, passkeys: 0 });
  });

  it('needs a 6-digit code and a reason (400 naming them); a challenge of the super admin is not enough', async () => {
    const user = await newUser(t, { twoFactor: 'totp' });
    const before = await factorsOf(user.id);
    for (const [body, fields] of [
      [{}, ['code', 'reason']],
      [{ code: '123456' }, ['reason']],
      [{ code: '123456', reason: '   ' }, ['reason']],
      [{ code: '123456', reason: 'x'.repeat(501) }, ['reason']],
      [{ code: '12345', reason: REASON }, ['code']],
      [{ code: '123456', reason: REASON, method: 'email' }, ['method']],
    ] as const) {
      const res = await reset(superAdmin, user.id, body).expect(400);
      expect([...new Set(res.body.errors.map((e: { field: string }) => e.field))].sort()).toEqual([...fields]);
    }
    const challenge = await passwordStep(t, superAdmin);
    const res = await reset({ accessToken: challenge }, user.id, { code: await superAdmin.freshCode(), reason: REASON }).expect(401);
    expect(res.body.code).toBe('TWO_FACTOR_REQUIRED');
    expect(await factorsOf(user.id)).toEqual(before);
  });
});
