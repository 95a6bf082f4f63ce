import type { AccessRequest } from '@vantage/contracts';
import { randomUUID } from 'node:crypto';
import {
  enableEmailTwoFactor,
  impersonate,
  impersonateDirectly,
  joinTeam,
  newSession,
  newUser,
  type RegisteredUser,
  setSupportAccess,
  stepUpCode,
} from './support/fixtures';
import type { TestMailbox } from './support/mailbox';
import { bearer, createTestApp, type TestApp, startAppWithMailbox } from './support/test-app';

describe('Access requests (SPEC §10)', () => {
  let t: TestApp;
  let mailbox: TestMailbox;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ t, mailbox, stop } = await startAppWithMailbox());
  });
  afterAll(() => stop());

  /** An admin with 2FA on (turned on in the session the factory signed in with). */
  const newAdmin = (role: 'admin' | 'super_admin' = 'admin', names = { firstName: 'Ada', lastName: 'Admin' }) =>
    newUser(t, { role, twoFactor: 'email', ...names });

  /** A team: its first owner, a second owner and a member, all signed in and working in it. */
  async function newTeam(): Promise<{ owner: RegisteredUser; coOwner: RegisteredUser; member: RegisteredUser; teamId: string }> {
    const owner = await newUser(t, { firstName: 'Olivia', lastName: 'Owner' });
    const coOwner = await newUser(t, { firstName: 'Chris', lastName: 'Coowner' });
    const member = await newUser(t, { firstName: 'Marco', lastName: 'Member' });
    const inTeam = (person: RegisteredUser, accessToken: string): RegisteredUser => ({ ...person, accessToken, teamId: owner.teamId });
    return {
      owner,
      coOwner: inTeam(coOwner, await joinTeam(t, owner, coOwner, 'owner')),
      member: inTeam(member, await joinTeam(t, owner, member, 'member')),
      teamId: owner.teamId,
    };
  }

  function requestAccess(admin: { accessToken: string }, body: Record<string, unknown>) {
    return t.http().post('/api/admin/access-requests').set(bearer(admin.accessToken)).send(body);
  }

  /** A pending request by `admin` for `user` in `teamId` (defaults: read-only, 60 minutes). */
  async function pendingRequest(
    admin: { accessToken: string },
    user: { id: string },
    teamId: string,
    extra: Record<string, unknown> = {},
  ): Promise<AccessRequest> {
    const res = await requestAccess(admin, {
      userId: user.id,
      teamId,
      reason: 'Ticket #7: export fails',
      mode: 'read',
      durationMinutes: 60,
      ...extra,
    });
    expect([res.status, res.body.code]).toEqual([201, undefined]);
    return res.body as AccessRequest;
  }

  function decide(as: { accessToken: string }, id: string, decision: 'approve' | 'deny' | 'revoke', body: Record<string, unknown> = {}) {
    return t.http().post(`/api/access-requests/${id}/${decision}`).set(bearer(as.accessToken)).send(body);
  }

  /** Mail queued to `to` in this app's job queue: written in the transaction of the change it tells of. */
  async function mailQueuedTo(to: string): Promise<number> {
    const [{ count }] = await t.db.query(
      `SELECT count(*)::int AS count FROM ${t.config.jobQueueSchema}.job WHERE name = 'mail' AND data->>'to' = $1`,
      [to.toLowerCase()],
    );
    return count;
  }

  async function auditOf(requestId: string): Promise<{ action: string; actor_id: string; team_id: string }[]> {
    return t.db.query(
      `SELECT action, actor_id, team_id FROM audit_logs WHERE entity_type = 'access_request' AND entity_id = $1 ORDER BY created_at, id`,
      [requestId],
    );
  }

  const requestLink = (id: string) => `${t.config.appUrl}/access-requests/${id}`;
  const linkPattern = () => new RegExp(`${t.config.appUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}/access-requests/([0-9a-f-]{36})`);

  describe('asking', () => {
    it('answers 201 with the pending request, emails the person and every owner once with a working link, and audits it in the team', async () => {
      const admin = await newAdmin();
      const { owner, coOwner, member, teamId } = await newTeam();
      const before = await Promise.all([member, owner, coOwner, admin].map((p) => mailQueuedTo(p.email)));
      const res = await requestAccess(admin, {
        userId: member.id,
        teamId,
        reason: '  Ticket #42: invoices missing  ',
        mode: 'write',
        durationMinutes: 90,
      });
      expect(res.status).toBe(201);
      const request = res.body as AccessRequest;
      expect(request).toEqual({
        id: expect.any(String),
        admin: { id: admin.id, name: 'Ada Admin', email: admin.email },
        user: { id: member.id, name: 'Marco Member' },
        team: { id: teamId, name: expect.any(String) },
        reason: 'Ticket #42: invoices missing',
        mode: 'write',
        durationMinutes: 90,
        status: 'pending',
        createdAt: expect.any(String),
        decidedAt: null,
        decidedBy: null,
        expiresAt: null,
      });

      // The person concerned and both owners; the admin and nobody else.
      const after = await Promise.all([member, owner, coOwner, admin].map((p) => mailQueuedTo(p.email)));
      expect(after.map((count, i) => count - before[i])).toEqual([1, 1, 1, 0]);
      for (const person of [member, owner, coOwner]) {
        const mail = await mailbox.waitFor(person.email, (m) => linkPattern().test(m.text) && m.text.includes(request.id));
        expect(mail.subject).toContain('Vantage support asks for access');
        expect(mail.text).toContain('Ticket #42: invoices missing');
        expect(mail.text).toContain('read and write');
        expect(mail.text).toContain('1 hour 30 minutes');
        expect(mail.raw).toContain('text/html');
        // The link names the request: the person concerned can act on it with that id.
        expect(linkPattern().exec(mail.text)![1]).toBe(request.id);
      }
      expect(mailbox.for(member.email).find((m) => m.text.includes(request.id))!.text).toContain('your account');
      expect(mailbox.for(owner.email).find((m) => m.text.includes(request.id))!.text).toContain('the account of Marco Member');
      const linkId = linkPattern().exec(mailbox.for(member.email).find((m) => m.text.includes(request.id))!.text)![1];
      expect((await decide(member, linkId, 'deny')).status).toBe(200);

      expect(await auditOf(request.id)).toEqual([
        { action: 'access_request.created', actor_id: admin.id, team_id: teamId },
        { action: 'access_request.denied', actor_id: member.id, team_id: teamId },
      ]);
      // The team's audit log says for whom, how and why (the web app words it from these details).
      const [created] = await t.db.query(`SELECT details FROM audit_logs WHERE action = 'access_request.created' AND entity_id = $1`, [
        request.id,
      ]);
      expect(created.details).toEqual({
        userId: member.id,
        userName: 'Marco Member',
        reason: 'Ticket #42: invoices missing',
        mode: 'write',
        durationMinutes: 90,
      });
    });

    it('emails an owner who is the person concerned once', async () => {
      const admin = await newAdmin();
      const { owner, coOwner, teamId } = await newTeam();
      const before = [await mailQueuedTo(owner.email), await mailQueuedTo(coOwner.email)];
      await pendingRequest(admin, owner, teamId);
      expect([(await mailQueuedTo(owner.email)) - before[0], (await mailQueuedTo(coOwner.email)) - before[1]]).toEqual([1, 1]);
    });

    it('is allowed under the approval policy', async () => {
      const admin = await newAdmin();
      const customer = await newUser(t);
      await t.db.query(`UPDATE teams SET support_access = 'approval' WHERE id = $1`, [customer.teamId]);
      await pendingRequest(admin, customer, customer.teamId);
    });

    describe('refusals (nothing written)', () => {
      async function refused(admin: { id: string; accessToken: string }, body: Record<string, unknown>, status: number, code: string) {
        const res = await requestAccess(admin, { reason: 'Ticket', mode: 'read', durationMinutes: 60, ...body });
        expect([res.status, res.body.code]).toEqual([status, code]);
        const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM access_requests WHERE admin_id = $1`, [admin.id]);
        expect(count).toBe(0);
        return res;
      }

      it('an admin whose own 2FA is off: 403 IMPERSONATOR_TWO_FACTOR_DISABLED', async () => {
        const admin = await newUser(t, { role: 'admin' });
        const customer = await newUser(t);
        await refused(admin, { userId: customer.id, teamId: customer.teamId }, 403, 'IMPERSONATOR_TWO_FACTOR_DISABLED');
      });

      it('not an admin: 403 FORBIDDEN', async () => {
        const user = await newUser(t, { twoFactor: 'email' });
        const customer = await newUser(t);
        await refused(user, { userId: customer.id, teamId: customer.teamId }, 403, 'FORBIDDEN');
      });

      it('from inside an impersonation: 403 IMPERSONATION_NESTED', async () => {
        const superAdmin = await newAdmin('super_admin');
        const admin = await newAdmin();
        const customer = await newUser(t);
        // A super admin working as an admin still may not ask for access from there.
        const inside = await impersonateDirectly(t, superAdmin, admin);
        const res = await requestAccess(inside, {
          userId: customer.id,
          teamId: customer.teamId,
          reason: 'Ticket',
          mode: 'read',
          durationMinutes: 60,
        });
        expect([res.status, res.body.code]).toEqual([403, 'IMPERSONATION_NESTED']);
        const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM access_requests WHERE user_id = $1`, [customer.id]);
        expect(count).toBe(0);
      });

      it('an unknown person: 404 USER_NOT_FOUND', async () => {
        const admin = await newAdmin();
        await refused(admin, { userId: randomUUID(), teamId: admin.teamId }, 404, 'USER_NOT_FOUND');
      });

      it('themselves: 403 IMPERSONATION_SELF', async () => {
        const admin = await newAdmin();
        await refused(admin, { userId: admin.id, teamId: admin.teamId }, 403, 'IMPERSONATION_SELF');
      });

      it('a super admin: 403 IMPERSONATION_TARGET_SUPER_ADMIN', async () => {
        const admin = await newAdmin();
        const superAdmin = await newAdmin('super_admin');
        await refused(admin, { userId: superAdmin.id, teamId: superAdmin.teamId }, 403, 'IMPERSONATION_TARGET_SUPER_ADMIN');
      });

      it('another admin, asked by an admin: 403 IMPERSONATION_TARGET_ADMIN (a super admin may)', async () => {
        const admin = await newAdmin();
        const colleague = await newAdmin();
        await refused(admin, { userId: colleague.id, teamId: colleague.teamId }, 403, 'IMPERSONATION_TARGET_ADMIN');
        await pendingRequest(await newAdmin('super_admin'), colleague, colleague.teamId);
      });

      it('a person who switched support access off: 403 IMPERSONATION_NOT_ALLOWED', async () => {
        const admin = await newAdmin();
        const customer = await newUser(t);
        await t.http().patch('/api/user/profile').set(bearer(customer.accessToken)).send({ impersonationAllowed: false }).expect(200);
        await refused(admin, { userId: customer.id, teamId: customer.teamId }, 403, 'IMPERSONATION_NOT_ALLOWED');
      });

      it('a team the person is not a member of: 400 IMPERSONATION_TEAM_INVALID', async () => {
        const admin = await newAdmin();
        const customer = await newUser(t);
        const other = await newUser(t);
        await refused(admin, { userId: customer.id, teamId: other.teamId }, 400, 'IMPERSONATION_TEAM_INVALID');
        await refused(admin, { userId: customer.id, teamId: randomUUID() }, 400, 'IMPERSONATION_TEAM_INVALID');
      });

      it('a team whose owners chose never: 403 IMPERSONATION_TEAM_POLICY', async () => {
        const admin = await newAdmin();
        const customer = await newUser(t);
        await t.db.query(`UPDATE teams SET support_access = 'never' WHERE id = $1`, [customer.teamId]);
        await refused(admin, { userId: customer.id, teamId: customer.teamId }, 403, 'IMPERSONATION_TEAM_POLICY');
      });

      it('bad input: 400 naming the field and why', async () => {
        const admin = await newAdmin();
        const customer = await newUser(t);
        const target = { userId: customer.id, teamId: customer.teamId };
        const cases: [Record<string, unknown>, string][] = [
          [{ reason: '   ' }, 'reason'],
          [{ reason: undefined }, 'reason'],
          [{ reason: 'x'.repeat(501) }, 'reason'],
          [{ reason: 'bell\u0007' }, 'reason'],
          [{ mode: 'admin' }, 'mode'],
          [{ mode: undefined }, 'mode'],
          [{ durationMinutes: 14 }, 'durationMinutes'],
          [{ durationMinutes: 1441 }, 'durationMinutes'],
          [{ durationMinutes: 30.5 }, 'durationMinutes'],
          [{ durationMinutes: '60' }, 'durationMinutes'],
          [{ userId: 'someone' }, 'userId'],
          [{ teamId: undefined }, 'teamId'],
        ];
        for (const [change, field] of cases) {
          const res = await refused(admin, { ...target, ...change }, 400, 'VALIDATION_FAILED');
          expect([change, res.body.errors.map((e: { field: string }) => e.field)]).toEqual([change, [field]]);
        }
        // The limits themselves are accepted.
        await pendingRequest(admin, customer, customer.teamId, { durationMinutes: 15, reason: 'x'.repeat(500) });
        await pendingRequest(admin, customer, customer.teamId, { durationMinutes: 1440, reason: 'Line one\nline two' });
      });
    });
  });

  describe('lists', () => {
    it('GET /admin/access-requests: the requests I made, newest first, with their status as of now', async () => {
      const admin = await newAdmin();
      const colleague = await newAdmin();
      const { member, teamId } = await newTeam();
      const first = await pendingRequest(admin, member, teamId);
      const second = await pendingRequest(admin, member, teamId, { mode: 'write' });
      await pendingRequest(colleague, member, teamId);
      const res = await t.http().get('/api/admin/access-requests').set(bearer(admin.accessToken)).expect(200);
      expect(res.body.items.map((r: AccessRequest) => r.id)).toEqual([second.id, first.id]);
      // A request nobody answered in 7 days is expired, and can no longer be answered.
      await t.db.query(`UPDATE access_requests SET created_at = now() - interval '7 days 1 minute' WHERE id = $1`, [first.id]);
      const later = await t.http().get('/api/admin/access-requests').set(bearer(admin.accessToken)).expect(200);
      expect(later.body.items.map((r: AccessRequest) => [r.id, r.status])).toEqual([
        [second.id, 'pending'],
        [first.id, 'expired'],
      ]);
      expect((await decide(member, first.id, 'approve')).body.code).toBe('ACCESS_REQUEST_NOT_PENDING');
    });

    it('GET /access-requests: those concerning me or a team I own now; nothing for other members or strangers', async () => {
      const admin = await newAdmin();
      const { owner, coOwner, member, teamId } = await newTeam();
      const otherMember = await newUser(t);
      const otherMemberToken = await joinTeam(t, owner, otherMember);
      const forMember = await pendingRequest(admin, member, teamId);
      const forOwner = await pendingRequest(admin, owner, teamId);
      const elsewhere = await newUser(t);
      const forStranger = await pendingRequest(admin, elsewhere, elsewhere.teamId);
      const idsOf = async (token: string) =>
        (await t.http().get('/api/access-requests').set(bearer(token)).expect(200)).body.items.map((r: AccessRequest) => r.id);
      expect(await idsOf(owner.accessToken)).toEqual([forOwner.id, forMember.id]);
      expect(await idsOf(coOwner.accessToken)).toEqual([forOwner.id, forMember.id]);
      expect(await idsOf(member.accessToken)).toEqual([forMember.id]);
      expect(await idsOf(otherMemberToken)).toEqual([]);
      expect(await idsOf(elsewhere.accessToken)).toEqual([forStranger.id]);
      // An owner who stepped down no longer sees the team's requests.
      await t.db.query(`UPDATE team_members SET role = 'member' WHERE team_id = $1 AND user_id = $2`, [teamId, coOwner.id]);
      expect(await idsOf(coOwner.accessToken)).toEqual([]);
    });

    it('an approved request whose window is over reads as expired', async () => {
      const admin = await newAdmin();
      const customer = await newUser(t);
      const request = await pendingRequest(admin, customer, customer.teamId);
      await decide(customer, request.id, 'approve').expect(200);
      await t.db.query(`UPDATE access_requests SET expires_at = now() - interval '1 second' WHERE id = $1`, [request.id]);
      const res = await t.http().get('/api/access-requests').set(bearer(customer.accessToken)).expect(200);
      expect(res.body.items[0]).toMatchObject({ id: request.id, status: 'expired' });
      expect((await decide(customer, request.id, 'revoke')).body.code).toBe('ACCESS_REQUEST_NOT_APPROVED');
    });
  });

  describe('deciding', () => {
    it('approve for less than asked: the window starts now and lasts that long; the admin is told, and the person when an owner decided', async () => {
      const admin = await newAdmin();
      const { owner, member, teamId } = await newTeam();
      const request = await pendingRequest(admin, member, teamId, { durationMinutes: 120, mode: 'write' });
      const res = await decide(owner, request.id, 'approve', { durationMinutes: 30 });
      expect(res.status).toBe(200);
      const approved = res.body as AccessRequest;
      expect(approved).toMatchObject({
        status: 'approved',
        durationMinutes: 30,
        decidedBy: { id: owner.id, name: 'Olivia Owner' },
        mode: 'write',
      });
      expect(Date.parse(approved.expiresAt!) - Date.parse(approved.decidedAt!)).toBe(30 * 60_000);
      const [row] = await t.db.query(`SELECT expires_at > now() + interval '29 minutes' AS ahead FROM access_requests WHERE id = $1`, [
        request.id,
      ]);
      expect(row.ahead).toBe(true);

      const toAdmin = await mailbox.waitFor(admin.email, (m) => /approved/.test(m.subject));
      expect(toAdmin.text).toContain('Olivia Owner approved your request');
      expect(toAdmin.text).toContain(new Date(approved.expiresAt!).toUTCString());
      expect(toAdmin.text).toContain('read and write');
      const toMember = await mailbox.waitFor(member.email, (m) => /approved/.test(m.subject));
      expect(toMember.text).toContain('Olivia Owner, an owner of the team, approved access by Ada Admin');
      expect(toMember.text).toContain(requestLink(request.id));
      expect((await auditOf(request.id)).map((a) => [a.action, a.actor_id])).toEqual([
        ['access_request.created', admin.id],
        ['access_request.approved', owner.id],
      ]);
    });

    it('approve with no duration: the time asked for; the person deciding for themselves gets no email of it', async () => {
      const admin = await newAdmin();
      const customer = await newUser(t);
      const request = await pendingRequest(admin, customer, customer.teamId, { durationMinutes: 45 });
      const asked = await mailQueuedTo(customer.email);
      const approved = (await t.http().post(`/api/access-requests/${request.id}/approve`).set(bearer(customer.accessToken)).expect(200))
        .body as AccessRequest;
      expect(approved.durationMinutes).toBe(45);
      expect(Date.parse(approved.expiresAt!) - Date.parse(approved.decidedAt!)).toBe(45 * 60_000);
      await mailbox.waitFor(admin.email, (m) => /approved/.test(m.subject));
      // Decided by the customer themselves: no mail to them (what is queued is all that will be sent).
      expect(await mailQueuedTo(customer.email)).toBe(asked);
    });

    it('approve for longer than asked: 400 ACCESS_REQUEST_DURATION_TOO_LONG; under the minimum: 400 naming the field', async () => {
      const admin = await newAdmin();
      const customer = await newUser(t);
      const request = await pendingRequest(admin, customer, customer.teamId, { durationMinutes: 60 });
      const longer = await decide(customer, request.id, 'approve', { durationMinutes: 61 });
      expect([longer.status, longer.body.code]).toEqual([400, 'ACCESS_REQUEST_DURATION_TOO_LONG']);
      const shorter = await decide(customer, request.id, 'approve', { durationMinutes: 14 });
      expect([shorter.status, shorter.body.errors]).toEqual([400, [{ field: 'durationMinutes', message: expect.any(String) }]]);
      const nulled = await decide(customer, request.id, 'approve', { durationMinutes: null });
      expect(nulled.status).toBe(400);
      const [row] = await t.db.query(`SELECT status FROM access_requests WHERE id = $1`, [request.id]);
      expect(row.status).toBe('pending');
    });

    it('a team that requires two-factor: approving asks it of the approver (403 TEAM_REQUIRES_TWO_FACTOR, still pending); denying does not', async () => {
      const admin = await newAdmin();
      const { owner, coOwner, member, teamId } = await newTeam();
      await enableEmailTwoFactor(t, owner);
      await t.http().patch(`/api/teams/${teamId}`).set(bearer(owner.accessToken)).send({ requireTwoFactor: true }).expect(200);
      const request = await pendingRequest(admin, member, teamId);

      // Neither the person concerned nor a co-owner may open the team's data to support without 2FA of their own.
      for (const decider of [member, coOwner]) {
        const refused = await decide(decider, request.id, 'approve');
        expect([refused.status, refused.body.code, refused.body.details]).toEqual([
          403,
          'TEAM_REQUIRES_TWO_FACTOR',
          { teamId, teamName: expect.any(String) },
        ]);
      }
      const [row] = await t.db.query(`SELECT status FROM access_requests WHERE id = $1`, [request.id]);
      expect(row.status).toBe('pending');
      expect((await auditOf(request.id)).map((e) => e.action)).toEqual(['access_request.created']);

      // With 2FA on, the co-owner approves; another request is denied by the member without 2FA.
      await enableEmailTwoFactor(t, coOwner);
      expect((await decide(coOwner, request.id, 'approve').expect(200)).body.status).toBe('approved');
      const another = await pendingRequest(admin, member, teamId);
      expect((await decide(member, another.id, 'deny').expect(200)).body.status).toBe('denied');
    });

    it('deny: denied, the admin told; then neither approve nor revoke applies', async () => {
      const admin = await newAdmin();
      const { coOwner, member, teamId } = await newTeam();
      const request = await pendingRequest(admin, member, teamId);
      const denied = (await decide(coOwner, request.id, 'deny').expect(200)).body as AccessRequest;
      expect(denied).toMatchObject({ status: 'denied', decidedBy: { id: coOwner.id, name: 'Chris Coowner' }, expiresAt: null });
      const toAdmin = await mailbox.waitFor(admin.email, (m) => /denied/.test(m.subject));
      expect(toAdmin.text).toContain('Chris Coowner denied your request');
      await mailbox.waitFor(member.email, (m) => /denied/.test(m.subject));
      for (const [decision, code] of [
        ['approve', 'ACCESS_REQUEST_NOT_PENDING'],
        ['deny', 'ACCESS_REQUEST_NOT_PENDING'],
        ['revoke', 'ACCESS_REQUEST_NOT_APPROVED'],
      ] as const) {
        const res = await decide(member, request.id, decision);
        expect([decision, res.status, res.body.code]).toEqual([decision, 409, code]);
      }
      expect((await auditOf(request.id)).map((a) => a.action)).toEqual(['access_request.created', 'access_request.denied']);
    });

    it('revoking a pending request: 409 ACCESS_REQUEST_NOT_APPROVED', async () => {
      const admin = await newAdmin();
      const customer = await newUser(t);
      const request = await pendingRequest(admin, customer, customer.teamId);
      const res = await decide(customer, request.id, 'revoke');
      expect([res.status, res.body.code]).toEqual([409, 'ACCESS_REQUEST_NOT_APPROVED']);
    });

    it('anyone but the person concerned and the owners: 404 ACCESS_REQUEST_NOT_FOUND, nothing changed', async () => {
      const admin = await newAdmin();
      const { owner, member, teamId } = await newTeam();
      const plainMember = await newUser(t);
      const plainMemberToken = await joinTeam(t, owner, plainMember);
      const request = await pendingRequest(admin, member, teamId);
      const others = [
        { accessToken: plainMemberToken },
        await newUser(t),
        await newAdmin(),
        await newAdmin('super_admin'),
        // The admin who asked is no party to the approval either.
        admin,
      ];
      for (const [i, other] of others.entries()) {
        const res = await decide(other, request.id, 'approve');
        // The asker is told it is their own request only where they are a party; here they are not.
        expect([i, res.status, res.body.code]).toEqual([i, 404, 'ACCESS_REQUEST_NOT_FOUND']);
      }
      const unknown = await decide(owner, randomUUID(), 'approve');
      expect([unknown.status, unknown.body.code]).toEqual([404, 'ACCESS_REQUEST_NOT_FOUND']);
      const notAnId = await decide(owner, 'request-1', 'deny');
      expect([notAnId.status, notAnId.body.errors]).toEqual([400, [{ field: 'id', message: 'must be a UUID' }]]);
      // Approved, it is revocable only by the parties (and the admin who asked: see the next test).
      await decide(member, request.id, 'approve').expect(200);
      for (const other of others.slice(0, 4)) {
        const res = await decide(other, request.id, 'revoke');
        expect([res.status, res.body.code]).toEqual([404, 'ACCESS_REQUEST_NOT_FOUND']);
      }
      const [row] = await t.db.query(`SELECT status FROM access_requests WHERE id = $1`, [request.id]);
      expect(row.status).toBe('approved');
    });

    it('the admin who asked never approves or denies it, even as an owner of the team (403 ACCESS_REQUEST_OWN); they may give it back', async () => {
      const admin = await newAdmin();
      const { owner, member, teamId } = await newTeam();
      const adminAsOwner = { ...admin, accessToken: await joinTeam(t, owner, admin, 'owner') };
      const request = await pendingRequest(adminAsOwner, member, teamId);
      for (const decision of ['approve', 'deny'] as const) {
        const res = await decide(adminAsOwner, request.id, decision);
        expect([decision, res.status, res.body.code]).toEqual([decision, 403, 'ACCESS_REQUEST_OWN']);
      }
      await decide(owner, request.id, 'approve').expect(200);
      const revoked = (await decide(adminAsOwner, request.id, 'revoke').expect(200)).body as AccessRequest;
      expect(revoked).toMatchObject({ status: 'revoked', decidedBy: { id: admin.id } });

      // Not an owner: the admin who asked may still give the access back.
      const another = await pendingRequest(adminAsOwner, owner, teamId);
      await t.db.query(`UPDATE team_members SET role = 'member' WHERE team_id = $1 AND user_id = $2`, [teamId, admin.id]);
      await decide(owner, another.id, 'approve').expect(200);
      await decide(adminAsOwner, another.id, 'revoke').expect(200);
      // The person concerned is told the admin gave it back (not that an owner revoked it).
      const toPerson = await mailbox.waitFor(owner.email, (m) => /revoked/.test(m.subject) && m.text.includes(another.id));
      expect(toPerson.text).toContain('Ada Admin from Vantage support gave back the access to your account');
    });

    it('from inside an impersonation: 403 FORBIDDEN_DURING_IMPERSONATION, even for the person concerned', async () => {
      const admin = await newAdmin();
      const customer = await newUser(t);
      const request = await pendingRequest(admin, customer, customer.teamId);
      const inside = await impersonateDirectly(t, admin, customer);
      for (const decision of ['approve', 'deny', 'revoke'] as const) {
        const res = await decide(inside, request.id, decision);
        expect([decision, res.status, res.body.code]).toEqual([decision, 403, 'FORBIDDEN_DURING_IMPERSONATION']);
      }
      const [row] = await t.db.query(`SELECT status FROM access_requests WHERE id = $1`, [request.id]);
      expect(row.status).toBe('pending');
      // The person concerned sees the list there, as they would (reading is not deciding).
      await t.http().get('/api/access-requests').set(bearer(inside.accessToken)).expect(200);
    });

    it('two deciders at the same moment: one answer applies, the other is told it was already answered', async () => {
      const admin = await newAdmin();
      const { owner, coOwner, member, teamId } = await newTeam();
      for (let round = 0; round < 5; round++) {
        const request = await pendingRequest(admin, member, teamId);
        const answers = await Promise.all([
          decide(owner, request.id, 'approve', { durationMinutes: 15 }),
          decide(coOwner, request.id, 'approve', { durationMinutes: 30 }),
          decide(member, request.id, 'deny'),
        ]);
        const statuses = answers.map((a) => a.status).sort();
        expect([round, statuses]).toEqual([round, [200, 409, 409]]);
        expect(answers.filter((a) => a.status === 409).map((a) => a.body.code)).toEqual([
          'ACCESS_REQUEST_NOT_PENDING',
          'ACCESS_REQUEST_NOT_PENDING',
        ]);
        const winner = answers.find((a) => a.status === 200)!.body as AccessRequest;
        const [row] = await t.db.query(`SELECT status, duration_minutes, decided_by_id FROM access_requests WHERE id = $1`, [request.id]);
        expect([row.status, row.decided_by_id, row.duration_minutes]).toEqual([
          winner.status,
          winner.decidedBy!.id,
          winner.durationMinutes,
        ]);
        expect((await auditOf(request.id)).map((a) => a.action)).toEqual(['access_request.created', `access_request.${winner.status}`]);
      }
    });
  });

  describe('revocation', () => {
    let second: TestApp;
    beforeAll(async () => {
      second = await createTestApp({ SMTP_URL: mailbox.url });
    });
    afterAll(() => second.close());

    /** A session running under the grant, as the start writes it (the start's own rules have their specs). */
    const sessionUnderGrant = (admin: RegisteredUser, customer: RegisteredUser, requestId: string) =>
      impersonateDirectly(t, admin, customer, { accessRequestId: requestId });

    it('ends every session running under it at once, seen by another instance; other sessions go on', async () => {
      const admin = await newAdmin();
      const colleague = await newAdmin();
      const customer = await newUser(t);
      const request = await pendingRequest(admin, customer, customer.teamId);
      await decide(customer, request.id, 'approve').expect(200);
      const underGrant = await sessionUnderGrant(admin, customer, request.id);
      const notUnderIt = await impersonateDirectly(t, colleague, customer);
      await second.http().get('/api/auth/me').set(bearer(underGrant.accessToken)).expect(200);

      const revoked = (await decide(customer, request.id, 'revoke').expect(200)).body as AccessRequest;
      expect(revoked).toMatchObject({ status: 'revoked', decidedBy: { id: customer.id } });
      expect(Date.parse(revoked.expiresAt!)).toBe(Date.parse(revoked.decidedAt!));

      // The next request, on the other instance too, is refused.
      const res = await second.http().get('/api/auth/me').set(bearer(underGrant.accessToken)).expect(401);
      expect(res.body.code).toBe('IMPERSONATION_ENDED');
      await second.http().get('/api/auth/me').set(bearer(notUnderIt.accessToken)).expect(200);
      const [record] = await t.db.query(`SELECT end_reason, ended_by_id FROM impersonations WHERE id = $1`, [underGrant.impersonationId]);
      expect(record).toEqual({ end_reason: 'revoked', ended_by_id: customer.id });
      const ended = await t.db.query(`SELECT actor_id FROM audit_logs WHERE action = 'impersonation.revoked' AND entity_id = $1`, [
        underGrant.impersonationId,
      ]);
      expect(ended).toEqual([{ actor_id: customer.id }]);
      expect((await auditOf(request.id)).map((a) => [a.action, a.actor_id])).toEqual([
        ['access_request.created', admin.id],
        ['access_request.approved', customer.id],
        ['access_request.revoked', customer.id],
      ]);
      const toAdmin = await mailbox.waitFor(admin.email, (m) => /revoked/.test(m.subject));
      expect(toAdmin.text).toContain('revoked your access');
      // A second revocation has nothing to revoke.
      const again = await decide(customer, request.id, 'revoke');
      expect([again.status, again.body.code]).toEqual([409, 'ACCESS_REQUEST_NOT_APPROVED']);
    });

    it('revoked on the other instance: the session ends here at once', async () => {
      const admin = await newAdmin();
      const { owner, member, teamId } = await newTeam();
      const request = await pendingRequest(admin, member, teamId);
      await decide(owner, request.id, 'approve').expect(200);
      const underGrant = await sessionUnderGrant(admin, member, request.id);
      await t.http().get('/api/auth/me').set(bearer(underGrant.accessToken)).expect(200);
      await second.http().post(`/api/access-requests/${request.id}/revoke`).set(bearer(owner.accessToken)).expect(200);
      const res = await t.http().get('/api/auth/me').set(bearer(underGrant.accessToken)).expect(401);
      expect(res.body.code).toBe('IMPERSONATION_ENDED');
      // The member is told an owner revoked it for them.
      const toMember = await mailbox.waitFor(member.email, (m) => /revoked/.test(m.subject));
      expect(toMember.text).toContain('Olivia Owner, an owner of the team, revoked the access of Ada Admin');
    });
  });
  describe('the whole way, under the approval policy: asked, approved from the email link, entered, ended', () => {
    let second: TestApp;
    beforeAll(async () => {
      second = await createTestApp({ SMTP_URL: mailbox.url });
    });
    afterAll(() => second.close());

    /** An approval team's member asked for by a signed-in admin; the owner approves from the link the email gave them. */
    async function approvedFromEmail(mode: 'read' | 'write', approve: Record<string, unknown> = {}) {
      const admin = await newAdmin();
      const { owner, member, teamId } = await newTeam();
      await setSupportAccess(t, teamId, 'approval');
      const request = await pendingRequest(admin, member, teamId, { mode, durationMinutes: 120 });
      const refused = await impersonate(t, admin, member, { teamId });
      expect([refused.status, refused.body.code]).toEqual([403, 'IMPERSONATION_APPROVAL_REQUIRED']);
      const mail = await mailbox.waitFor(owner.email, (m) => m.text.includes(request.id));
      const linkId = linkPattern().exec(mail.text)![1];
      const approved = (await decide(owner, linkId, 'approve', approve).expect(200)).body as AccessRequest;
      return { admin, owner, member, teamId, request: approved };
    }

    it('a read grant: the session is read-only and cannot decide on the request from inside (403 READ_ONLY_IMPERSONATION)', async () => {
      const { admin, member, teamId, request } = await approvedFromEmail('read');
      const started = await impersonate(t, admin, member, { teamId });
      expect([started.status, started.body.impersonation?.mode]).toEqual([200, 'read']);
      for (const decision of ['approve', 'deny', 'revoke'] as const) {
        const res = await decide({ accessToken: started.body.accessToken }, request.id, decision);
        expect([decision, res.status, res.body.code]).toEqual([decision, 403, 'READ_ONLY_IMPERSONATION']);
      }
    });

    it('a write grant: deciding from inside is 403 FORBIDDEN_DURING_IMPERSONATION; revoking from outside ends the session on every instance', async () => {
      const { admin, member, teamId, request } = await approvedFromEmail('write');
      const started = await impersonate(t, admin, member, { teamId });
      expect([started.status, started.body.impersonation?.mode]).toEqual([200, 'write']);
      const inside = { accessToken: started.body.accessToken as string };
      for (const decision of ['approve', 'deny', 'revoke'] as const) {
        const res = await decide(inside, request.id, decision);
        expect([decision, res.status, res.body.code]).toEqual([decision, 403, 'FORBIDDEN_DURING_IMPERSONATION']);
      }
      await second.http().get('/api/auth/me').set(bearer(inside.accessToken)).expect(200);

      await decide(member, request.id, 'revoke').expect(200);
      for (const instance of [t, second]) {
        const res = await instance.http().get('/api/businesses').set(bearer(inside.accessToken));
        expect([res.status, res.body.code]).toEqual([401, 'IMPERSONATION_ENDED']);
      }
      const [record] = await t.db.query(`SELECT end_reason FROM impersonations WHERE id = $1`, [started.body.impersonation.id]);
      expect(record.end_reason).toBe('revoked');
      // And no new session starts under it.
      const again = await impersonate(t, { ...admin, ...(await newSession(t, admin)) }, member, { teamId });
      expect([again.status, again.body.code]).toEqual([403, 'IMPERSONATION_APPROVAL_REQUIRED']);
    });

    it('a start racing a revocation: refused, or started and ended by it — never left running under a revoked grant', async () => {
      const admin = await newAdmin();
      const customer = await newUser(t);
      await setSupportAccess(t, customer.teamId, 'approval');
      for (let round = 0; round < 6; round++) {
        // A successful start closes the admin's sign-in: each round signs in afresh.
        const signedIn = { ...admin, ...(await newSession(t, admin)) };
        const request = await pendingRequest(signedIn, customer, customer.teamId, { mode: 'write' });
        await decide(customer, request.id, 'approve').expect(200);
        const code = await stepUpCode(t, signedIn);
        const [start, revoke] = await Promise.all([
          t
            .http()
            .post('/api/2fa/impersonate')
            .set(bearer(signedIn.accessToken))
            .send({ userId: customer.id, teamId: customer.teamId, code }),
          decide(customer, request.id, 'revoke'),
        ]);
        expect([round, revoke.status]).toEqual([round, 200]);
        if (start.status === 200) {
          const res = await t.http().get('/api/auth/me').set(bearer(start.body.accessToken));
          expect([round, res.status, res.body.code]).toEqual([round, 401, 'IMPERSONATION_ENDED']);
        } else {
          expect([round, start.status, start.body.code]).toEqual([round, 403, 'IMPERSONATION_APPROVAL_REQUIRED']);
        }
        const running = await t.db.query(`SELECT id FROM impersonations WHERE access_request_id = $1 AND ended_at IS NULL`, [request.id]);
        expect([round, running]).toEqual([round, []]);
      }
    });

    it('a grant ending before the 30 minutes: the session ends with it, and once both are over the token is refused', async () => {
      const { admin, member, teamId, request } = await approvedFromEmail('write', { durationMinutes: 15 });
      // Five minutes of the window left (as if ten had passed since the approval).
      await t.db.query(`UPDATE access_requests SET expires_at = now() + interval '5 minutes' WHERE id = $1`, [request.id]);
      const [{ expires_at: grantEnds }]: { expires_at: Date }[] = await t.db.query(`SELECT expires_at FROM access_requests WHERE id = $1`, [
        request.id,
      ]);
      const started = await impersonate(t, admin, member, { teamId });
      expect(started.status).toBe(200);
      expect(Date.parse(started.body.impersonation.expiresAt)).toBe(grantEnds.getTime());
      const me = await second.http().get('/api/auth/me').set(bearer(started.body.accessToken)).expect(200);
      expect(Date.parse(me.body.impersonationExpiresAt)).toBe(grantEnds.getTime());

      // Both over: the window and the session.
      await t.db.query(`UPDATE access_requests SET expires_at = now() - interval '1 second' WHERE id = $1`, [request.id]);
      await t.db.query(`UPDATE impersonations SET expires_at = now() - interval '1 second' WHERE id = $1`, [started.body.impersonation.id]);
      for (const instance of [second, t]) {
        const res = await instance.http().get('/api/auth/me').set(bearer(started.body.accessToken));
        expect([res.status, res.body.code]).toEqual([401, 'IMPERSONATION_ENDED']);
      }
      const listed = await t.http().get('/api/access-requests').set(bearer(member.accessToken)).expect(200);
      expect(listed.body.items[0]).toMatchObject({ id: request.id, status: 'expired' });
      const [record] = await t.db.query(`SELECT end_reason FROM impersonations WHERE id = $1`, [started.body.impersonation.id]);
      expect(record.end_reason).toBe('expired');
    });
  });
});
