import { ImpersonationEndings } from '../src/impersonation/impersonation-endings';
import { type CurrentUser, RESTRICTED_ACTIONS, type RestrictedAction } from '@vantage/contracts';
import { randomUUID } from 'node:crypto';
import type request from 'supertest';
import { hotp } from '../../scripts/support/totp.mjs';
import { impersonate, impersonateDirectly, newSession, newUser, type RegisteredUser, stepUpCode } from './support/fixtures';
import type { TestMailbox } from './support/mailbox';
import { unknownLinkToken } from './support/security';
import { bearer, createTestApp, refreshCookieOf, type TestApp, startAppWithMailbox } from './support/test-app';

/** The access-token claims this spec reads; the impersonation ones are on impersonation tokens only. */
interface Claims {
  sub: string;
  exp: number;
  impersonatedAt: number;
  impersonatedBy?: string;
  impersonationCode: string;
}
const claimsOf = (token: string): Claims => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());

describe('Impersonation (SPEC §4)', () => {
  let t: TestApp;
  let mailbox: TestMailbox;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ t, mailbox, stop } = await startAppWithMailbox());
  });
  afterAll(() => stop());

  /** An admin (or super admin) with email 2FA, signed in through both steps; step-up codes come by email. */
  async function signedInAdmin(
    role: 'admin' | 'super_admin' = 'admin',
    names = { firstName: 'Ada', lastName: 'Admin' },
  ): Promise<RegisteredUser> {
    const admin = await newUser(t, { role, twoFactor: 'email', ...names });
    return { ...admin, ...(await newSession(t, admin)) };
  }

  async function refusalsAudited(admin: RegisteredUser): Promise<string[]> {
    const rows = await t.db.query(
      `SELECT details->>'code' AS code FROM audit_logs WHERE actor_id = $1 AND action = 'impersonation.refused' ORDER BY created_at`,
      [admin.id],
    );
    return rows.map((r: { code: string }) => r.code);
  }

  /** The answer of a start that must succeed. */
  async function startedOk(answer: Promise<request.Response>): Promise<request.Response> {
    const res = await answer;
    expect(res.status).toBe(200);
    return res;
  }

  async function impersonationCount(adminId: string): Promise<number> {
    const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM impersonations WHERE impersonator_id = $1`, [adminId]);
    return count;
  }

  describe('starting', () => {
    it('issues a 30-minute token for the target with the impersonation claims, in the target team', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t, { firstName: 'Olivia', lastName: 'Owner', teamName: 'Acme' });
      const res = await impersonate(t, admin, owner, { reason: 'Ticket #42: invoices missing' });
      expect(res.status).toBe(200);
      expect(res.body.user).toMatchObject({
        id: owner.id,
        currentTeam: { id: owner.teamId, name: 'Acme' },
        impersonatedBy: { id: admin.id, name: 'Ada Admin', email: admin.email },
      });
      const claims = claimsOf(res.body.accessToken);
      expect(claims).toMatchObject({
        sub: owner.id,
        impersonatedBy: admin.id,
        impersonatorTeamId: admin.teamId,
        teamId: owner.teamId,
        isTwoFactorEnable: false,
        isTwoFactorAuthenticated: false,
        act: { sub: admin.id },
      });
      expect(claims.impersonationCode).toMatch(/^[A-Za-z0-9]{24}$/);
      expect(claims.exp - Math.floor(claims.impersonatedAt / 1000)).toBeGreaterThanOrEqual(1799);
      expect(claims.exp - Math.floor(claims.impersonatedAt / 1000)).toBeLessThanOrEqual(1800);

      const [record] = await t.db.query(`SELECT * FROM impersonations WHERE id = $1`, [res.body.impersonation.id]);
      expect(record).toMatchObject({
        code: claims.impersonationCode,
        impersonator_id: admin.id,
        impersonated_user_id: owner.id,
        impersonator_team_id: admin.teamId,
        team_id: owner.teamId,
        reason: 'Ticket #42: invoices missing',
        ended_at: null,
      });
      expect(record.expires_at.getTime() - record.created_at.getTime()).toBe(30 * 60 * 1000);
      expect(new Date(res.body.impersonation.expiresAt).getTime()).toBe(record.expires_at.getTime());

      const me = await t.http().get('/api/auth/me').set(bearer(res.body.accessToken)).expect(200);
      expect(me.body.impersonatedBy).toEqual({ id: admin.id, name: 'Ada Admin', email: admin.email });
      expect(me.body.impersonationExpiresAt).toBe(record.expires_at.toISOString());
    });

    it('emails the user who, when and why', async () => {
      const admin = await signedInAdmin('admin', { firstName: 'Grace', lastName: 'Support' });
      const owner = await newUser(t);
      await impersonate(t, admin, owner, { reason: 'Checking the import' }).then((r) => expect(r.status).toBe(200));
      const mail = await mailbox.waitFor(owner.email, (m) => /support/i.test(m.subject));
      expect(mail.text).toContain('Grace Support');
      expect(mail.text).toContain('Checking the import');
    });

    it('enters the requested team of the target, and refuses a team that is not theirs', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      const second = await t.http().post('/api/teams').set(bearer(owner.accessToken)).send({ name: 'Second team' }).expect(201);
      const res = await impersonate(t, admin, owner, { teamId: second.body.id });
      expect(res.status).toBe(200);
      expect(res.body.user.currentTeam.id).toBe(second.body.id);
      const back = await t.http().post('/api/2fa/cancel-impersonation').set(bearer(res.body.accessToken)).expect(200);
      admin.accessToken = back.body.accessToken;

      const other = await newUser(t);
      const refused = await impersonate(t, admin, owner, { teamId: other.teamId });
      expect(refused.status).toBe(400);
      expect(refused.body.code).toBe('IMPERSONATION_TEAM_INVALID');
    });
  });

  describe('refusals: the SPEC code, nothing written but an audit entry', () => {
    it('IMPERSONATOR_TWO_FACTOR_DISABLED: an admin without 2FA', async () => {
      const admin = await newUser(t, { role: 'admin' });
      const owner = await newUser(t);
      const res = await t
        .http()
        .post('/api/2fa/impersonate')
        .set(bearer(admin.accessToken))
        .send({ userId: owner.id, code: '123456' })
        .expect(403);
      expect(res.body.code).toBe('IMPERSONATOR_TWO_FACTOR_DISABLED');
      expect(await impersonationCount(admin.id)).toBe(0);
      const [entry] = await t.db.query(`SELECT details FROM audit_logs WHERE actor_id = $1 AND action = 'impersonation.refused'`, [
        admin.id,
      ]);
      expect(entry.details.code).toBe('IMPERSONATOR_TWO_FACTOR_DISABLED');
    });

    it('INVALID_TWO_FACTOR_CODE: a wrong code is 401 and counts toward the lockout', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      const res = await t
        .http()
        .post('/api/2fa/impersonate')
        .set(bearer(admin.accessToken))
        .send({ userId: owner.id, code: '000000' })
        .expect(401);
      expect(res.body.code).toBe('INVALID_TWO_FACTOR_CODE');
      const [row] = await t.db.query(`SELECT two_factor_failed_attempts FROM users WHERE id = $1`, [admin.id]);
      expect(row.two_factor_failed_attempts).toBe(1);
      expect(await refusalsAudited(admin)).toEqual(['INVALID_TWO_FACTOR_CODE']);
      expect(await impersonationCount(admin.id)).toBe(0);
    });

    it('IMPERSONATION_SELF', async () => {
      const admin = await signedInAdmin();
      const res = await impersonate(t, admin, admin);
      expect([res.status, res.body.code]).toEqual([403, 'IMPERSONATION_SELF']);
      expect(await refusalsAudited(admin)).toEqual(['IMPERSONATION_SELF']);
    });

    it('IMPERSONATION_TARGET_SUPER_ADMIN, even for a super admin', async () => {
      const superAdmin = await signedInAdmin('super_admin');
      const other = await newUser(t, { role: 'super_admin' });
      const res = await impersonate(t, superAdmin, other);
      expect([res.status, res.body.code]).toEqual([403, 'IMPERSONATION_TARGET_SUPER_ADMIN']);
    });

    it('IMPERSONATION_TARGET_ADMIN for an admin; a super admin may impersonate an admin', async () => {
      const admin = await signedInAdmin();
      const otherAdmin = await newUser(t, { role: 'admin' });
      const refused = await impersonate(t, admin, otherAdmin);
      expect([refused.status, refused.body.code]).toEqual([403, 'IMPERSONATION_TARGET_ADMIN']);
      const superAdmin = await signedInAdmin('super_admin');
      const allowed = await impersonate(t, superAdmin, otherAdmin);
      expect(allowed.status).toBe(200);
    });

    it('IMPERSONATION_NESTED: an impersonation token cannot start another', async () => {
      const superAdmin = await signedInAdmin('super_admin');
      const innerAdmin = await newUser(t, { role: 'admin' });
      const outer = await impersonate(t, superAdmin, innerAdmin);
      expect(outer.status).toBe(200);
      const victim = await newUser(t);
      const res = await t
        .http()
        .post('/api/2fa/impersonate')
        .set(bearer(outer.body.accessToken))
        .send({ userId: victim.id, code: '123456' })
        .expect(403);
      expect(res.body.code).toBe('IMPERSONATION_NESTED');
      const [entry] = await t.db.query(
        `SELECT actor_id, actor_name, is_impersonated FROM audit_logs WHERE action = 'impersonation.refused' AND entity_id = $1`,
        [victim.id],
      );
      expect(entry).toMatchObject({ actor_id: superAdmin.id, is_impersonated: true });
    });

    it('IMPERSONATION_NOT_ALLOWED: the target switched it off', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      await t.db.query(`UPDATE users SET impersonation_allowed = false WHERE id = $1`, [owner.id]);
      const res = await impersonate(t, admin, owner);
      expect([res.status, res.body.code]).toEqual([403, 'IMPERSONATION_NOT_ALLOWED']);
      expect(await impersonationCount(admin.id)).toBe(0);
    });

    it('USER_NOT_FOUND (404)', async () => {
      const admin = await signedInAdmin();
      const res = await impersonate(t, admin, { id: randomUUID() });
      expect([res.status, res.body.code]).toEqual([404, 'USER_NOT_FOUND']);
    });

    it('FORBIDDEN: the caller is not an admin', async () => {
      const user = await newUser(t);
      const owner = await newUser(t);
      const res = await t
        .http()
        .post('/api/2fa/impersonate')
        .set(bearer(user.accessToken))
        .send({ userId: owner.id, code: '123456' })
        .expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
      const [entry] = await t.db.query(`SELECT details FROM audit_logs WHERE actor_id = $1 AND action = 'impersonation.refused'`, [
        user.id,
      ]);
      expect(entry.details.code).toBe('FORBIDDEN');
    });

    it('a step-up code works once: the same code cannot start a second impersonation', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      const code = await stepUpCode(t, admin);
      const first = await t.http().post('/api/2fa/impersonate').set(bearer(admin.accessToken)).send({ userId: owner.id, code }).expect(200);
      const back = await t.http().post('/api/2fa/cancel-impersonation').set(bearer(first.body.accessToken)).expect(200);
      const again = await t
        .http()
        .post('/api/2fa/impersonate')
        .set(bearer(back.body.accessToken))
        .send({ userId: owner.id, code })
        .expect(401);
      expect(again.body.code).toBe('CODE_ALREADY_USED');
    });

    it('bad input is 400 with the field, never 500', async () => {
      const admin = await signedInAdmin();
      for (const body of [
        {},
        { userId: 'nope', code: '123456' },
        { userId: randomUUID(), code: 123456 },
        { userId: randomUUID(), code: ['1'] },
        { userId: randomUUID(), code: '123456', reason: 'x'.repeat(501) },
        { userId: randomUUID(), code: '123456', role: 'admin' },
      ]) {
        const res = await t.http().post('/api/2fa/impersonate').set(bearer(admin.accessToken)).send(body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
      }
    });
  });

  describe('while impersonating', () => {
    let admin: RegisteredUser;
    let owner: RegisteredUser;
    let token: string;
    beforeAll(async () => {
      admin = await signedInAdmin();
      owner = await newUser(t);
      token = (await impersonate(t, admin, owner)).body.accessToken;
    });

    it.each([
      ['switching team', 'post', (): string => `/api/teams/${owner.teamId}/switch`, undefined],
      ['creating a team', 'post', (): string => '/api/teams', { name: 'Support made this' }],
      ['changing the password', 'patch', (): string => '/api/user/password', { currentPassword: 'whatever1', newPassword: 'whatever2' }],
      ['changing impersonationAllowed', 'patch', (): string => '/api/user/profile', { impersonationAllowed: false }],
      ['reading 2FA settings', 'get', (): string => '/api/user/two-factor', undefined],
      ['starting TOTP setup', 'post', (): string => '/api/user/two-factor', undefined],
      ['changing 2FA', 'put', (): string => '/api/user/two-factor', { enabled: true, method: 'email' }],
      ['disabling 2FA', 'delete', (): string => '/api/user/two-factor', { password: 'whatever1' }],
    ] as const)('%s → 403 FORBIDDEN_DURING_IMPERSONATION', async (_name, method, path, body) => {
      const req = t.http()[method](path()).set(bearer(token));
      const res = await (body ? req.send(body) : req).expect(403);
      expect(res.body.code).toBe('FORBIDDEN_DURING_IMPERSONATION');
    });

    it('the user still has impersonation allowed and the same teams (nothing changed)', async () => {
      const [row] = await t.db.query(`SELECT impersonation_allowed FROM users WHERE id = $1`, [owner.id]);
      expect(row.impersonation_allowed).toBe(true);
      const teams = await t.http().get('/api/teams').set(bearer(owner.accessToken)).expect(200);
      expect(teams.body).toHaveLength(1);
    });

    it('the admin pages are closed to the impersonation token', async () => {
      await t.http().get('/api/admin/impersonations?active=true').set(bearer(token)).expect(403);
    });

    it('GET /auth/me lists every blocked action with the very refusal the API answers for it; the user’s own session, none', async () => {
      const me = (await t.http().get('/api/auth/me').set(bearer(token)).expect(200)).body as CurrentUser;
      const ownSession = JSON.parse(Buffer.from(owner.accessToken.split('.')[1], 'base64url').toString()).sid as string;
      // One request per action (typed over every RestrictedAction: a new one does not compile until it is tried here).
      const attempt: Record<RestrictedAction, () => request.Test> = {
        switch_team: () => t.http().post(`/api/teams/${owner.teamId}/switch`).set(bearer(token)),
        create_team: () => t.http().post('/api/teams').set(bearer(token)).send({ name: 'Support made this' }),
        change_password: () =>
          t
            .http()
            .patch('/api/user/password')
            .set(bearer(token))
            .send({ currentPassword: owner.password, newPassword: 'chosen by support' }),
        change_two_factor: () => t.http().put('/api/user/two-factor').set(bearer(token)).send({ enabled: true, method: 'email' }),
        change_support_access: () => t.http().patch('/api/user/profile').set(bearer(token)).send({ impersonationAllowed: false }),
        impersonate: () => t.http().post('/api/2fa/impersonate').set(bearer(token)).send({ userId: randomUUID(), code: '123456' }),
        manage_team: () =>
          t.http().post(`/api/teams/${owner.teamId}/invitations`).set(bearer(token)).send({ email: 'someone@example.test', role: 'owner' }),
        accept_invitation: () => t.http().post(`/api/invitations/${unknownLinkToken()}/accept`).set(bearer(token)).send({}),
        end_sessions: () => t.http().delete(`/api/auth/sessions/${ownSession}`).set(bearer(token)),
        new_recovery_codes: () =>
          t.http().post('/api/user/two-factor/recovery-codes').set(bearer(token)).send({ password: owner.password }),
        decide_access_request: () => t.http().post(`/api/access-requests/${randomUUID()}/approve`).set(bearer(token)).send({}),
        // Only a read-only session is refused any change (read-only-impersonation.e2e-spec.ts); this one writes.
        change_data: () => t.http().post('/api/businesses').set(bearer(token)).send({ name: 'Support made this' }),
      };
      const blocked = RESTRICTED_ACTIONS.filter((action) => action !== 'change_data');
      expect(Object.keys(me.restrictions).sort()).toEqual([...blocked].sort());
      expect((await attempt.change_data()).status).toBe(201);
      for (const action of blocked) {
        const restriction = me.restrictions[action]!;
        expect([action, restriction.code]).toEqual([
          action,
          action === 'impersonate' ? 'IMPERSONATION_NESTED' : 'FORBIDDEN_DURING_IMPERSONATION',
        ]);
        expect(restriction.message).toEqual(expect.stringMatching(/\w/));
        const res = await attempt[action]();
        expect([action, res.status, res.body]).toEqual([action, 403, { statusCode: 403, ...restriction }]);
      }
      // Nothing was refused to the user's own session, which went on working meanwhile.
      expect((await t.http().get('/api/auth/me').set(bearer(owner.accessToken)).expect(200)).body.restrictions).toEqual({});
    });
  });

  describe('returning', () => {
    it('ends the record and gives the admin fresh tokens in the team they started from', async () => {
      const admin = await signedInAdmin();
      const adminSecondTeam = await t.http().post('/api/teams').set(bearer(admin.accessToken)).send({ name: 'Support desk 2' }).expect(201);
      const switched = await t.http().post(`/api/teams/${adminSecondTeam.body.id}/switch`).set(bearer(admin.accessToken)).expect(200);
      admin.accessToken = switched.body.accessToken;
      const owner = await newUser(t);
      const started = await impersonate(t, admin, owner);
      const back = await t.http().post('/api/2fa/cancel-impersonation').set(bearer(started.body.accessToken)).expect(200);
      expect(back.body.user).toMatchObject({ id: admin.id, impersonatedBy: null, currentTeam: { id: adminSecondTeam.body.id } });
      expect(claimsOf(back.body.accessToken)).toMatchObject({ sub: admin.id, isTwoFactorEnable: true, isTwoFactorAuthenticated: true });
      expect(claimsOf(back.body.accessToken).impersonatedBy).toBeUndefined();
      await t.http().get('/api/teams').set(bearer(back.body.accessToken)).expect(200);

      const gone = await t.http().get('/api/auth/me').set(bearer(started.body.accessToken)).expect(401);
      expect(gone.body.code).toBe('IMPERSONATION_ENDED');
      const [record] = await t.db.query(`SELECT end_reason, ended_by_id, ended_at FROM impersonations WHERE id = $1`, [
        started.body.impersonation.id,
      ]);
      expect(record).toMatchObject({ end_reason: 'cancelled', ended_by_id: admin.id });
      expect(record.ended_at).not.toBeNull();
      // The admin's sign-in from before the impersonation was closed when it started.
      await t.http().get('/api/auth/me').set(bearer(admin.accessToken)).expect(401);
    });

    it('finds the record when the stored start time has microseconds the token does not carry', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      const started = await impersonate(t, admin, owner);
      const { impersonatedAt } = claimsOf(started.body.accessToken);
      // Same millisecond as the token, plus 987 microseconds.
      await t.db.query(
        `UPDATE impersonations SET created_at = to_timestamp($2::bigint / 1000.0) + interval '987 microseconds' WHERE id = $1`,
        [started.body.impersonation.id, impersonatedAt],
      );
      const [stored] = await t.db.query(`SELECT to_char(created_at, 'US') AS micros FROM impersonations WHERE id = $1`, [
        started.body.impersonation.id,
      ]);
      expect(Number(stored.micros) % 1000).toBe(987);
      await t.http().post('/api/2fa/cancel-impersonation').set(bearer(started.body.accessToken)).expect(200);
    });

    it('does not find a record whose start time differs by a millisecond', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      const started = await impersonate(t, admin, owner);
      await t.db.query(`UPDATE impersonations SET created_at = created_at + interval '1 millisecond' WHERE id = $1`, [
        started.body.impersonation.id,
      ]);
      const res = await t.http().post('/api/2fa/cancel-impersonation').set(bearer(started.body.accessToken)).expect(401);
      expect(res.body.code).toBe('IMPERSONATION_ENDED');
    });

    it('signing out while impersonating ends the impersonation too', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      const started = await impersonate(t, admin, owner);
      await t.http().post('/api/auth/logout').set('Cookie', refreshCookieOf(started)).expect(204);
      const [record] = await t.db.query(`SELECT end_reason, ended_at FROM impersonations WHERE id = $1`, [started.body.impersonation.id]);
      expect(record.end_reason).toBe('cancelled');
      expect(record.ended_at).not.toBeNull();
      const res = await t.http().get('/api/auth/me').set(bearer(started.body.accessToken)).expect(401);
      expect(res.body.code).toBe('IMPERSONATION_ENDED');
    });

    it('is refused without an impersonation', async () => {
      const user = await newUser(t);
      const res = await t.http().post('/api/2fa/cancel-impersonation').set(bearer(user.accessToken)).expect(404);
      expect(res.body.code).toBe('IMPERSONATION_NOT_FOUND');
    });
  });

  describe('revocation on every instance', () => {
    let second: TestApp;
    beforeAll(async () => {
      second = await createTestApp({ SMTP_URL: mailbox.url });
    });
    afterAll(() => second.close());

    it('after the 30 minutes: 401 IMPERSONATION_ENDED, the record marked expired and audited', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      const started = await impersonate(t, admin, owner);
      await second.http().get('/api/auth/me').set(bearer(started.body.accessToken)).expect(200);
      // Move the clock: the record's end is now in the past.
      await t.db.query(
        `UPDATE impersonations SET created_at = created_at - interval '31 minutes', expires_at = expires_at - interval '31 minutes' WHERE id = $1`,
        [started.body.impersonation.id],
      );
      const res = await second.http().get('/api/auth/me').set(bearer(started.body.accessToken)).expect(401);
      expect(res.body.code).toBe('IMPERSONATION_ENDED');
      const [record] = await t.db.query(`SELECT end_reason FROM impersonations WHERE id = $1`, [started.body.impersonation.id]);
      expect(record.end_reason).toBe('expired');
      const audit = await t.db.query(`SELECT 1 FROM audit_logs WHERE action = 'impersonation.expired' AND entity_id = $1`, [
        started.body.impersonation.id,
      ]);
      expect(audit).toHaveLength(1);
      // Refresh cannot extend it either.
      const refresh = await t.http().post('/api/auth/refresh').set('Cookie', refreshCookieOf(started)).expect(401);
      expect(refresh.body.code).toBe('IMPERSONATION_ENDED');
    });

    it('a refresh during the session gives a token that ends with the record, never later', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      const started = await impersonate(t, admin, owner);
      const refreshed = await t.http().post('/api/auth/refresh').set('Cookie', refreshCookieOf(started)).expect(200);
      expect(claimsOf(refreshed.body.accessToken).exp).toBe(claimsOf(started.body.accessToken).exp);
      expect(refreshed.body.user.impersonatedBy.id).toBe(admin.id);
    });

    it('cancel on one instance ends it on the other at once', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      const started = await impersonate(t, admin, owner);
      await second.http().post('/api/2fa/cancel-impersonation').set(bearer(started.body.accessToken)).expect(200);
      const res = await t.http().get('/api/auth/me').set(bearer(started.body.accessToken)).expect(401);
      expect(res.body.code).toBe('IMPERSONATION_ENDED');
    });

    it('starting a new impersonation ends the same admin’s running one, audited as their return; others keep theirs', async () => {
      const admin = await signedInAdmin();
      const colleague = await signedInAdmin();
      const [first, second, third] = [await newUser(t), await newUser(t), await newUser(t)];
      const leftOver = await startedOk(impersonate(t, admin, first));
      const colleagues = await startedOk(impersonate(t, colleague, third));
      // The tab was closed: the admin signs in again elsewhere and starts another.
      const again = { ...admin, ...(await newSession(t, admin)) };
      const started = await startedOk(impersonate(t, again, second));

      const running = await t.db.query(
        `SELECT id FROM impersonations WHERE impersonator_id = $1 AND ended_at IS NULL AND expires_at > now()`,
        [admin.id],
      );
      expect(running).toEqual([{ id: started.body.impersonation.id }]);
      const [record] = await t.db.query(`SELECT end_reason, ended_by_id FROM impersonations WHERE id = $1`, [
        leftOver.body.impersonation.id,
      ]);
      expect(record).toEqual({ end_reason: 'cancelled', ended_by_id: admin.id });
      const audited = await t.db.query(`SELECT action, actor_id FROM audit_logs WHERE entity_id = $1 ORDER BY created_at`, [
        leftOver.body.impersonation.id,
      ]);
      expect(audited).toEqual([
        { action: 'impersonation.started', actor_id: admin.id },
        { action: 'impersonation.cancelled', actor_id: admin.id },
      ]);
      expect((await t.http().get('/api/auth/me').set(bearer(leftOver.body.accessToken))).body.code).toBe('IMPERSONATION_ENDED');
      await t.http().get('/api/auth/me').set(bearer(colleagues.body.accessToken)).expect(200);
    });

    it('starting a new impersonation leaves the admin’s one whose time already ran out to end as expired, not as a return', async () => {
      const admin = await signedInAdmin();
      const [first, second] = [await newUser(t), await newUser(t)];
      const ranOut = await startedOk(impersonate(t, admin, first));
      await t.db.query(`UPDATE impersonations SET expires_at = now() - interval '1 second' WHERE id = $1`, [ranOut.body.impersonation.id]);
      await startedOk(impersonate(t, { ...admin, ...(await newSession(t, admin)) }, second));

      const [before] = await t.db.query(`SELECT end_reason FROM impersonations WHERE id = $1`, [ranOut.body.impersonation.id]);
      expect(before).toEqual({ end_reason: null });
      await t.app.get(ImpersonationEndings).end({ overdue: true }, 'expired');
      const [after] = await t.db.query(`SELECT end_reason FROM impersonations WHERE id = $1`, [ranOut.body.impersonation.id]);
      expect(after).toEqual({ end_reason: 'expired' });
    });

    it('an admin ends their own leftover impersonation from the list; not a colleague’s', async () => {
      const admin = await signedInAdmin();
      const colleague = await signedInAdmin();
      const leftOver = await startedOk(impersonate(t, admin, await newUser(t)));
      const colleagues = await startedOk(impersonate(t, colleague, await newUser(t)));
      const again = { ...admin, ...(await newSession(t, admin)) };

      const refused = await t
        .http()
        .post(`/api/admin/impersonations/${colleagues.body.impersonation.id}/end`)
        .set(bearer(again.accessToken))
        .expect(403);
      expect(refused.body.code).toBe('FORBIDDEN');
      await t.http().get('/api/auth/me').set(bearer(colleagues.body.accessToken)).expect(200);

      await t.http().post(`/api/admin/impersonations/${leftOver.body.impersonation.id}/end`).set(bearer(again.accessToken)).expect(204);
      expect((await t.http().get('/api/auth/me').set(bearer(leftOver.body.accessToken))).body.code).toBe('IMPERSONATION_ENDED');
      const [record] = await t.db.query(`SELECT end_reason, ended_by_id FROM impersonations WHERE id = $1`, [
        leftOver.body.impersonation.id,
      ]);
      expect(record).toEqual({ end_reason: 'cancelled', ended_by_id: admin.id });
      await t.http().post(`/api/admin/impersonations/${leftOver.body.impersonation.id}/end`).set(bearer(again.accessToken)).expect(404);
    });

    it('a super admin ends it; an admin may list but not end', async () => {
      const admin = await signedInAdmin();
      const superAdmin = await signedInAdmin('super_admin');
      const owner = await newUser(t);
      const started = await impersonate(t, admin, owner, { reason: 'Support call' });
      // The impersonating admin's own sign-in ended when it started: a colleague looks at the list.
      const colleague = await signedInAdmin();
      const list = await t.http().get('/api/admin/impersonations?active=true').set(bearer(colleague.accessToken)).expect(200);
      expect(list.body.find((row: { id: string }) => row.id === started.body.impersonation.id)).toMatchObject({
        impersonator: { id: admin.id },
        impersonated: { id: owner.id },
        reason: 'Support call',
      });
      await t.http().post(`/api/admin/impersonations/${started.body.impersonation.id}/end`).set(bearer(colleague.accessToken)).expect(403);
      await t.http().post(`/api/admin/impersonations/${started.body.impersonation.id}/end`).set(bearer(superAdmin.accessToken)).expect(204);
      const res = await second.http().get('/api/auth/me').set(bearer(started.body.accessToken)).expect(401);
      expect(res.body.code).toBe('IMPERSONATION_ENDED');
      const after = await t.http().get('/api/admin/impersonations?active=true').set(bearer(colleague.accessToken)).expect(200);
      expect(after.body.find((row: { id: string }) => row.id === started.body.impersonation.id)).toBeUndefined();
      const [record] = await t.db.query(`SELECT end_reason, ended_by_id FROM impersonations WHERE id = $1`, [
        started.body.impersonation.id,
      ]);
      expect(record).toEqual({ end_reason: 'ended_by_admin', ended_by_id: superAdmin.id });
      await t.http().post(`/api/admin/impersonations/${started.body.impersonation.id}/end`).set(bearer(superAdmin.accessToken)).expect(404);
    });

    it('the user switching support access off ends active sessions', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      const started = await impersonate(t, admin, owner);
      await t.http().patch('/api/user/profile').set(bearer(owner.accessToken)).send({ impersonationAllowed: false }).expect(200);
      const res = await second.http().get('/api/auth/me').set(bearer(started.body.accessToken)).expect(401);
      expect(res.body.code).toBe('IMPERSONATION_ENDED');
    });

    it.each([
      ['its record was marked ended', 'cancelled', `UPDATE impersonations SET ended_at = now(), end_reason = 'cancelled' WHERE id = $1`],
      [
        'the admin is no longer an admin',
        'revoked',
        `UPDATE users SET role = 'user' WHERE id = (SELECT impersonator_id FROM impersonations WHERE id = $1)`,
      ],
      [
        'the user switched support access off',
        'revoked',
        `UPDATE users SET impersonation_allowed = false WHERE id = (SELECT impersonated_user_id FROM impersonations WHERE id = $1)`,
      ],
    ])(
      '%s, in the database alone (as when a demotion races the start): the next request is 401 IMPERSONATION_ENDED',
      async (_name, endReason, change) => {
        const admin = await newUser(t, { role: 'admin' });
        const owner = await newUser(t);
        const { impersonationId, accessToken } = await impersonateDirectly(t, admin, owner);
        // The other instance has seen (and verified) the token before.
        await second.http().get('/api/auth/me').set(bearer(accessToken)).expect(200);
        // Changed in the database alone: no ending was written, no session revoked.
        await t.db.query(change, [impersonationId]);
        const res = await second.http().get('/api/auth/me').set(bearer(accessToken)).expect(401);
        expect(res.body.code).toBe('IMPERSONATION_ENDED');
        await t.http().get('/api/businesses').set(bearer(accessToken)).expect(401);
        const [record] = await t.db.query(`SELECT end_reason, ended_at FROM impersonations WHERE id = $1`, [impersonationId]);
        expect(record.end_reason).toBe(endReason);
        expect(record.ended_at).not.toBeNull();
        // The user's own session is not affected.
        await second.http().get('/api/businesses').set(bearer(owner.accessToken)).expect(200);
      },
    );

    it('an admin promoted to super admin keeps the impersonation running', async () => {
      const admin = await newUser(t, { role: 'admin' });
      const owner = await newUser(t);
      const { accessToken } = await impersonateDirectly(t, admin, owner);
      await t.db.query(`UPDATE users SET role = 'super_admin' WHERE id = $1`, [admin.id]);
      expect((await second.http().get('/api/auth/me').set(bearer(accessToken)).expect(200)).body.impersonatedBy.id).toBe(admin.id);
    });

    it('the admin losing the admin role ends active sessions', async () => {
      const admin = await signedInAdmin();
      const superAdmin = await signedInAdmin('super_admin');
      const owner = await newUser(t);
      const started = await impersonate(t, admin, owner);
      await t.http().patch(`/api/admin/users/${admin.id}`).set(bearer(superAdmin.accessToken)).send({ role: 'user' }).expect(200);
      const res = await second.http().get('/api/auth/me').set(bearer(started.body.accessToken)).expect(401);
      expect(res.body.code).toBe('IMPERSONATION_ENDED');
    });
  });

  describe('attribution: the admin acts, shown as Support team', () => {
    it('comments on businesses and leads and their audit entries name the admin', async () => {
      const admin = await signedInAdmin('admin', { firstName: 'Ada', lastName: 'Lovelace' });
      const owner = await newUser(t, { firstName: 'Olivia', lastName: 'Owner' });
      const business = await t.http().post('/api/businesses').set(bearer(owner.accessToken)).send({ name: 'Harbor Freight' }).expect(201);
      const lead = await t.http().post('/api/leads').set(bearer(owner.accessToken)).send({ name: 'Jordan Lee' }).expect(201);
      const token = (await impersonate(t, admin, owner)).body.accessToken;

      const onBusiness = await t
        .http()
        .post(`/api/businesses/${business.body.id}/comments`)
        .set(bearer(token))
        .send({ text: 'Fixed the invoice address' })
        .expect(201);
      const onLead = await t
        .http()
        .post(`/api/leads/${lead.body.id}/comments`)
        .set(bearer(token))
        .send({ text: 'Called back' })
        .expect(201);
      for (const comment of [onBusiness.body, onLead.body]) {
        expect(comment).toMatchObject({ author: { id: admin.id }, authorName: 'Support team (Ada Lovelace)', isImpersonated: true });
      }

      // The owner sees the same attribution, and so does their audit log.
      const seen = await t.http().get(`/api/businesses/${business.body.id}/comments`).set(bearer(owner.accessToken)).expect(200);
      expect(seen.body.items.at(-1)).toMatchObject({
        text: 'Fixed the invoice address',
        authorName: 'Support team (Ada Lovelace)',
        isImpersonated: true,
      });
      const audit = await t.http().get('/api/audit-logs?pageSize=100').set(bearer(owner.accessToken)).expect(200);
      const commentEntries = audit.body.items.filter((e: { action: string }) => e.action === 'comment.created');
      expect(commentEntries).toHaveLength(2);
      for (const entry of commentEntries) {
        expect(entry).toMatchObject({ actor: { id: admin.id }, actorName: 'Support team (Ada Lovelace)', isImpersonated: true });
      }
      // The owner's own actions stay theirs.
      const own = audit.body.items.find((e: { action: string }) => e.action === 'business.created');
      expect(own).toMatchObject({ actor: { id: owner.id }, actorName: 'Olivia Owner', isImpersonated: false });
    });
  });

  describe('a fresh authenticator code', () => {
    it('two impersonations sent at once with the same TOTP code: exactly one starts', async () => {
      const admin = await newUser(t, { role: 'admin', twoFactor: 'totp' });
      const owner = await newUser(t);
      const code = hotp(admin.secret, admin.step);
      const results = await Promise.all(
        [0, 1].map(() => t.http().post('/api/2fa/impersonate').set(bearer(admin.accessToken)).send({ userId: owner.id, code })),
      );
      expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
      expect(await impersonationCount(admin.id)).toBe(1);
    });
  });

  describe('the Teams List says why Impersonate is unavailable, by the same rules', () => {
    it('gives each row the refusal the endpoint would answer, or null', async () => {
      const admin = await signedInAdmin();
      const open = await newUser(t, { teamName: `Open ${randomUUID().slice(0, 6)}` });
      const optedOut = await newUser(t, { teamName: `Closed ${randomUUID().slice(0, 6)}` });
      await t.db.query(`UPDATE users SET impersonation_allowed = false WHERE id = $1`, [optedOut.id]);
      const otherAdmin = await newUser(t, { teamName: `Staff ${randomUUID().slice(0, 6)}`, role: 'admin' });
      const reasonFor = async (token: string, team: { email: string }) => {
        const res = await t
          .http()
          .get(`/api/admin/teams?search=${encodeURIComponent(team.email)}`)
          .set(bearer(token))
          .expect(200);
        return res.body.items[0].impersonationBlockedReason;
      };
      expect(await reasonFor(admin.accessToken, open)).toBeNull();
      expect(await reasonFor(admin.accessToken, optedOut)).toBe('IMPERSONATION_NOT_ALLOWED');
      expect(await reasonFor(admin.accessToken, otherAdmin)).toBe('IMPERSONATION_TARGET_ADMIN');
      expect(await reasonFor(admin.accessToken, admin)).toBe('IMPERSONATION_SELF');
      // An admin without 2FA is told so on every row.
      const noTwoFactor = await newUser(t, { role: 'admin' });
      expect(await reasonFor(noTwoFactor.accessToken, open)).toBe('IMPERSONATOR_TWO_FACTOR_DISABLED');
    });
  });

  describe('transparency', () => {
    it('the user sees who accessed the account, when, for how long and why', async () => {
      const admin = await signedInAdmin('admin', { firstName: 'Hedy', lastName: 'Helper' });
      const owner = await newUser(t);
      const started = await impersonate(t, admin, owner, { reason: 'Billing question' });
      await t.http().post('/api/2fa/cancel-impersonation').set(bearer(started.body.accessToken)).expect(200);
      const history = await t.http().get('/api/user/impersonations').set(bearer(owner.accessToken)).expect(200);
      expect(history.body).toHaveLength(1);
      expect(history.body[0]).toMatchObject({
        impersonator: { name: 'Hedy Helper', email: admin.email },
        reason: 'Billing question',
        endReason: 'cancelled',
      });
      expect(new Date(history.body[0].endedAt).getTime()).toBeGreaterThanOrEqual(new Date(history.body[0].startedAt).getTime());
      const audit = await t.db.query(`SELECT action FROM audit_logs WHERE entity_id = $1 ORDER BY created_at`, [
        started.body.impersonation.id,
      ]);
      expect(audit.map((r: { action: string }) => r.action)).toEqual(['impersonation.started', 'impersonation.cancelled']);
    });
  });
});
