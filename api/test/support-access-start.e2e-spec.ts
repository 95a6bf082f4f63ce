import {
  ACCESS_REQUEST_PENDING_DAYS,
  type AdminTeamRow,
  type AdminTeamsPage,
  type CurrentUser,
  type ImpersonateResponse,
} from '@vantage/contracts';
import {
  approvedAccessGrant,
  impersonate,
  impersonateDirectly,
  joinTeam,
  newSession,
  newUser,
  type RegisteredUser,
  setSupportAccess,
} from './support/fixtures';
import type { TestMailbox } from './support/mailbox';
import { bearer, type TestApp, startAppWithMailbox } from './support/test-app';

/** Starting an impersonation under the team's support access policy, with a mode (SPEC §10). */
describe('Starting support access under the team policy (SPEC §10)', () => {
  let t: TestApp;
  let mailbox: TestMailbox;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ t, mailbox, stop } = await startAppWithMailbox());
  });
  afterAll(() => stop());

  async function signedInAdmin(): Promise<RegisteredUser> {
    const admin = await newUser(t, { role: 'admin', twoFactor: 'email', firstName: 'Ada', lastName: 'Admin' });
    return { ...admin, ...(await newSession(t, admin)) };
  }

  async function refusalsAudited(admin: RegisteredUser): Promise<string[]> {
    const rows: { code: string }[] = await t.db.query(
      `SELECT details->>'code' AS code FROM audit_logs WHERE actor_id = $1 AND action = 'impersonation.refused' ORDER BY created_at`,
      [admin.id],
    );
    return rows.map((r) => r.code);
  }

  async function impersonationsBy(admin: RegisteredUser): Promise<{ mode: string; access_request_id: string | null; expires_at: Date }[]> {
    return t.db.query(`SELECT mode, access_request_id, expires_at FROM impersonations WHERE impersonator_id = $1 ORDER BY created_at`, [
      admin.id,
    ]);
  }

  describe('refusals, nothing written but the refusal audit', () => {
    it.each([
      ['never: nobody from support enters', 'IMPERSONATION_TEAM_POLICY', 'never', null, undefined],
      ['never: even with an approved grant', 'IMPERSONATION_TEAM_POLICY', 'never', 'write', undefined],
      ['approval: no grant', 'IMPERSONATION_APPROVAL_REQUIRED', 'approval', null, undefined],
      ['approval: no grant, read asked', 'IMPERSONATION_APPROVAL_REQUIRED', 'approval', null, 'read'],
      ['approval: write asked under a read grant', 'IMPERSONATION_MODE_NOT_GRANTED', 'approval', 'read', 'write'],
    ] as const)('%s → 403 %s', async (_name, code, policy, grantMode, asked) => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      await setSupportAccess(t, owner.teamId, policy);
      if (grantMode) await approvedAccessGrant(t, { adminId: admin.id, userId: owner.id, teamId: owner.teamId, mode: grantMode });
      const mailsBefore = mailbox.for(owner.email).length;
      const res = await impersonate(t, admin, owner, asked ? { mode: asked } : {});
      expect([res.status, res.body.code]).toEqual([403, code]);
      expect(await impersonationsBy(admin)).toEqual([]);
      expect(await refusalsAudited(admin)).toEqual([code]);
      // The admin's own session goes on working (starting revokes it; a refusal must not).
      await t.http().get('/api/auth/me').set(bearer(admin.accessToken)).expect(200);
      expect(mailbox.for(owner.email)).toHaveLength(mailsBefore);
    });

    it("a grant for another user, another team or another admin is not this admin's grant", async () => {
      const admin = await signedInAdmin();
      const colleague = await newUser(t, { role: 'admin' });
      const owner = await newUser(t);
      const other = await newUser(t);
      await setSupportAccess(t, owner.teamId, 'approval');
      await approvedAccessGrant(t, { adminId: colleague.id, userId: owner.id, teamId: owner.teamId, mode: 'write' });
      await approvedAccessGrant(t, { adminId: admin.id, userId: other.id, teamId: owner.teamId, mode: 'write' });
      await approvedAccessGrant(t, { adminId: admin.id, userId: owner.id, teamId: other.teamId, mode: 'write' });
      const res = await impersonate(t, admin, owner);
      expect([res.status, res.body.code]).toEqual([403, 'IMPERSONATION_APPROVAL_REQUIRED']);
    });

    it('an expired or revoked grant is no grant', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      await setSupportAccess(t, owner.teamId, 'approval');
      const expired = await approvedAccessGrant(t, { adminId: admin.id, userId: owner.id, teamId: owner.teamId, mode: 'write' });
      await t.db.query(`UPDATE access_requests SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired.id]);
      const revoked = await approvedAccessGrant(t, { adminId: admin.id, userId: owner.id, teamId: owner.teamId, mode: 'write' });
      await t.db.query(`UPDATE access_requests SET status = 'revoked' WHERE id = $1`, [revoked.id]);
      const res = await impersonate(t, admin, owner);
      expect([res.status, res.body.code]).toEqual([403, 'IMPERSONATION_APPROVAL_REQUIRED']);
    });

    it("the target's own rules are reported before the team's", async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      await setSupportAccess(t, owner.teamId, 'never');
      await t.db.query(`UPDATE users SET impersonation_allowed = false WHERE id = $1`, [owner.id]);
      const res = await impersonate(t, admin, owner);
      expect([res.status, res.body.code]).toEqual([403, 'IMPERSONATION_NOT_ALLOWED']);
    });

    it('a wrong code is refused before the team policy is revealed', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      await setSupportAccess(t, owner.teamId, 'never');
      const res = await t.http().post('/api/2fa/impersonate').set(bearer(admin.accessToken)).send({ userId: owner.id, code: '000000' });
      expect([res.status, res.body.code]).toEqual([401, 'INVALID_TWO_FACTOR_CODE']);
    });

    it('a mode that is neither read nor write is 400 with the field', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      const res = await impersonate(t, admin, owner, { mode: 'admin' });
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'mode' })]);
    });
  });

  describe('modes', () => {
    it('allowed: write by default, recorded and shown', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      const res = await impersonate(t, admin, owner);
      expect(res.status).toBe(200);
      const body = res.body as ImpersonateResponse;
      expect(body.impersonation.mode).toBe('write');
      expect(body.user.impersonationMode).toBe('write');
      expect(await impersonationsBy(admin)).toEqual([expect.objectContaining({ mode: 'write', access_request_id: null })]);
    });

    it('allowed: read when asked; /auth/me says so and the email says read-only', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t, { firstName: 'Rita' });
      const res = await impersonate(t, admin, owner, { mode: 'read' });
      expect(res.status).toBe(200);
      expect((res.body as ImpersonateResponse).impersonation.mode).toBe('read');
      const me = (await t.http().get('/api/auth/me').set(bearer(res.body.accessToken)).expect(200)).body as CurrentUser;
      expect(me.impersonationMode).toBe('read');
      const mail = await mailbox.waitFor(owner.email, (m) => m.subject === 'Vantage support accessed your account');
      expect(mail.text).toMatch(/started read-only access to your account/);
    });

    it('a plain session has no impersonation mode', async () => {
      const owner = await newUser(t);
      const me = (await t.http().get('/api/auth/me').set(bearer(owner.accessToken)).expect(200)).body as CurrentUser;
      expect(me.impersonationMode).toBeNull();
    });

    it("approval: the grant's mode by default, the grant recorded, and the session never outlasts the grant", async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      await setSupportAccess(t, owner.teamId, 'approval');
      const grant = await approvedAccessGrant(t, { adminId: admin.id, userId: owner.id, teamId: owner.teamId, mode: 'read', minutes: 15 });
      // Ten minutes of the window left: the session ends with it, not 30 minutes from now.
      await t.db.query(`UPDATE access_requests SET expires_at = now() + interval '10 minutes' WHERE id = $1`, [grant.id]);
      const [{ expires_at: grantEnds }]: { expires_at: Date }[] = await t.db.query(`SELECT expires_at FROM access_requests WHERE id = $1`, [
        grant.id,
      ]);
      const res = await impersonate(t, admin, owner);
      expect(res.status).toBe(200);
      const body = res.body as ImpersonateResponse;
      expect(body.impersonation.mode).toBe('read');
      expect(new Date(body.impersonation.expiresAt).getTime()).toBe(grantEnds.getTime());
      const [record] = await impersonationsBy(admin);
      expect(record).toMatchObject({ mode: 'read', access_request_id: grant.id });
      expect(record.expires_at.getTime()).toBe(grantEnds.getTime());
    });

    it('approval: a long grant still gives a 30-minute session', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      await setSupportAccess(t, owner.teamId, 'approval');
      await approvedAccessGrant(t, { adminId: admin.id, userId: owner.id, teamId: owner.teamId, mode: 'write', minutes: 1440 });
      const res = await impersonate(t, admin, owner);
      expect(res.status).toBe(200);
      const minutes = (new Date(res.body.impersonation.expiresAt).getTime() - Date.now()) / 60_000;
      expect(minutes).toBeGreaterThan(29);
      expect(minutes).toBeLessThanOrEqual(30);
    });

    it('approval: read asked under a write grant is a read session', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      await setSupportAccess(t, owner.teamId, 'approval');
      await approvedAccessGrant(t, { adminId: admin.id, userId: owner.id, teamId: owner.teamId, mode: 'write' });
      const res = await impersonate(t, admin, owner, { mode: 'read' });
      expect([res.status, res.body.impersonation?.mode]).toEqual([200, 'read']);
    });

    it('the started audit entry carries the mode and the grant', async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      await setSupportAccess(t, owner.teamId, 'approval');
      const grant = await approvedAccessGrant(t, { adminId: admin.id, userId: owner.id, teamId: owner.teamId, mode: 'write' });
      expect((await impersonate(t, admin, owner)).status).toBe(200);
      const [entry]: { details: Record<string, unknown> }[] = await t.db.query(
        `SELECT details FROM audit_logs WHERE actor_id = $1 AND action = 'impersonation.started'`,
        [admin.id],
      );
      expect(entry.details).toMatchObject({ mode: 'write', accessRequestId: grant.id });
    });
  });

  describe('the Teams List row (SPEC §10)', () => {
    async function rowFor(admin: RegisteredUser, owner: RegisteredUser): Promise<AdminTeamRow> {
      const res = await t
        .http()
        .get(`/api/admin/teams?search=${encodeURIComponent(owner.email)}`)
        .set(bearer(admin.accessToken))
        .expect(200);
      return (res.body as AdminTeamsPage).items[0];
    }

    it("shows the team's policy, and the reason from the same rules as the start", async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      expect(await rowFor(admin, owner)).toMatchObject({
        supportAccess: 'allowed',
        accessGrant: null,
        pendingAccessRequestId: null,
        impersonationBlockedReason: null,
      });
      await setSupportAccess(t, owner.teamId, 'never');
      expect(await rowFor(admin, owner)).toMatchObject({ supportAccess: 'never', impersonationBlockedReason: 'IMPERSONATION_TEAM_POLICY' });
      await setSupportAccess(t, owner.teamId, 'approval');
      expect(await rowFor(admin, owner)).toMatchObject({
        supportAccess: 'approval',
        impersonationBlockedReason: 'IMPERSONATION_APPROVAL_REQUIRED',
      });
    });

    it("shows the caller's own grant (and enables Impersonate), never a colleague's", async () => {
      const admin = await signedInAdmin();
      const colleague = await signedInAdmin();
      const owner = await newUser(t);
      await setSupportAccess(t, owner.teamId, 'approval');
      const grant = await approvedAccessGrant(t, { adminId: admin.id, userId: owner.id, teamId: owner.teamId, mode: 'read' });
      expect(await rowFor(admin, owner)).toMatchObject({
        accessGrant: { requestId: grant.id, mode: 'read', expiresAt: grant.expiresAt.toISOString() },
        impersonationBlockedReason: null,
      });
      expect(await rowFor(colleague, owner)).toMatchObject({
        accessGrant: null,
        impersonationBlockedReason: 'IMPERSONATION_APPROVAL_REQUIRED',
      });
      // Over, or revoked: no grant any more.
      await t.db.query(`UPDATE access_requests SET status = 'revoked' WHERE id = $1`, [grant.id]);
      expect(await rowFor(admin, owner)).toMatchObject({
        accessGrant: null,
        impersonationBlockedReason: 'IMPERSONATION_APPROVAL_REQUIRED',
      });
    });

    it("shows the caller's request still waiting for an answer, until it is answered or too old", async () => {
      const admin = await signedInAdmin();
      const owner = await newUser(t);
      await setSupportAccess(t, owner.teamId, 'approval');
      const [pending]: { id: string }[] = await t.db.query(
        `INSERT INTO access_requests (admin_id, user_id, team_id, reason, mode, duration_minutes)
         VALUES ($1, $2, $3, 'Invoice question', 'read', 60) RETURNING id`,
        [admin.id, owner.id, owner.teamId],
      );
      expect((await rowFor(admin, owner)).pendingAccessRequestId).toBe(pending.id);
      await t.db.query(`UPDATE access_requests SET created_at = now() - make_interval(days => $2) WHERE id = $1`, [
        pending.id,
        ACCESS_REQUEST_PENDING_DAYS,
      ]);
      expect((await rowFor(admin, owner)).pendingAccessRequestId).toBeNull();
      await t.db.query(`UPDATE access_requests SET created_at = now(), status = 'denied', decided_at = now() WHERE id = $1`, [pending.id]);
      expect((await rowFor(admin, owner)).pendingAccessRequestId).toBeNull();
    });
  });

  describe("the team's policy, set by its owners (PATCH /teams/:id)", () => {
    const setPolicy = (user: { accessToken: string }, teamId: string, supportAccess: unknown) =>
      t.http().patch(`/api/teams/${teamId}`).set(bearer(user.accessToken)).send({ supportAccess });

    it('an owner switches it; each change is audited with from and to', async () => {
      const owner = await newUser(t);
      for (const policy of ['approval', 'never', 'allowed'] as const) {
        const res = await setPolicy(owner, owner.teamId, policy).expect(200);
        expect(res.body).toMatchObject({ id: owner.teamId, supportAccess: policy });
      }
      await setPolicy(owner, owner.teamId, 'allowed').expect(200); // unchanged: not audited again
      const entries: { details: unknown }[] = await t.db.query(
        `SELECT details FROM audit_logs WHERE team_id = $1 AND action = 'team.support_access_changed' ORDER BY created_at, id`,
        [owner.teamId],
      );
      expect(entries.map((e) => e.details)).toEqual([
        { from: 'allowed', to: 'approval' },
        { from: 'approval', to: 'never' },
        { from: 'never', to: 'allowed' },
      ]);
    });

    it('a member is refused with TEAM_OWNER_REQUIRED and nothing changes', async () => {
      const owner = await newUser(t);
      const member = await newUser(t);
      const memberToken = await joinTeam(t, owner, member);
      const res = await setPolicy({ accessToken: memberToken }, owner.teamId, 'never').expect(403);
      expect(res.body.code).toBe('TEAM_OWNER_REQUIRED');
      const [team]: { support_access: string }[] = await t.db.query(`SELECT support_access FROM teams WHERE id = $1`, [owner.teamId]);
      expect(team.support_access).toBe('allowed');
    });

    it.each([['sometimes'], [null], [true], ['NEVER']])('refuses %p with 400 naming supportAccess', async (value) => {
      const owner = await newUser(t);
      const res = await setPolicy(owner, owner.teamId, value).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'supportAccess' })]);
    });

    it('approval ends the sessions running without a grant at once (401 IMPERSONATION_ENDED, revoked); one under a grant goes on', async () => {
      const owner = await newUser(t);
      const admin = await newUser(t, { role: 'admin' });
      const granted = await newUser(t, { role: 'admin' });
      const plain = await impersonateDirectly(t, admin, owner);
      const grant = await approvedAccessGrant(t, { adminId: granted.id, userId: owner.id, teamId: owner.teamId, mode: 'read' });
      const underGrant = await impersonateDirectly(t, granted, owner, { mode: 'read', accessRequestId: grant.id });
      await t.http().get('/api/businesses').set(bearer(plain.accessToken)).expect(200);

      await setPolicy(owner, owner.teamId, 'approval').expect(200);
      const refused = await t.http().get('/api/businesses').set(bearer(plain.accessToken)).expect(401);
      expect(refused.body.code).toBe('IMPERSONATION_ENDED');
      await t.http().get('/api/businesses').set(bearer(underGrant.accessToken)).expect(200);
      const [ended]: { end_reason: string; ended_by_id: string }[] = await t.db.query(
        `SELECT end_reason, ended_by_id FROM impersonations WHERE id = $1`,
        [plain.impersonationId],
      );
      expect(ended).toEqual({ end_reason: 'revoked', ended_by_id: owner.id });
      const audited: unknown[] = await t.db.query(`SELECT 1 FROM audit_logs WHERE entity_id = $1 AND action = 'impersonation.revoked'`, [
        plain.impersonationId,
      ]);
      expect(audited).toHaveLength(1);

      // never: the one under a grant ends too.
      await setPolicy(owner, owner.teamId, 'never').expect(200);
      const alsoRefused = await t.http().get('/api/businesses').set(bearer(underGrant.accessToken)).expect(401);
      expect(alsoRefused.body.code).toBe('IMPERSONATION_ENDED');
    });

    it('never revokes the team’s approved access windows too: switching back to approval does not revive them', async () => {
      const owner = await newUser(t);
      const admin = await newUser(t, { role: 'admin' });
      const otherTeamOwner = await newUser(t);
      await setSupportAccess(t, owner.teamId, 'approval');
      await setSupportAccess(t, otherTeamOwner.teamId, 'approval');
      const grant = await approvedAccessGrant(t, { adminId: admin.id, userId: owner.id, teamId: owner.teamId, mode: 'read' });
      const elsewhere = await approvedAccessGrant(t, {
        adminId: admin.id,
        userId: otherTeamOwner.id,
        teamId: otherTeamOwner.teamId,
        mode: 'read',
      });

      await setPolicy(owner, owner.teamId, 'never').expect(200);
      await setPolicy(owner, owner.teamId, 'approval').expect(200);
      const rows: { id: string; status: string; decided_by_id: string | null }[] = await t.db.query(
        `SELECT id, status, decided_by_id FROM access_requests WHERE id = ANY($1::uuid[])`,
        [[grant.id, elsewhere.id]],
      );
      expect(rows.find((r) => r.id === grant.id)).toMatchObject({ status: 'revoked', decided_by_id: owner.id });
      expect(rows.find((r) => r.id === elsewhere.id)).toMatchObject({ status: 'approved' });
      const audited: unknown[] = await t.db.query(`SELECT 1 FROM audit_logs WHERE entity_id = $1 AND action = 'access_request.revoked'`, [
        grant.id,
      ]);
      expect(audited).toHaveLength(1);
    });

    it('loosening the policy ends nothing; sessions in other teams are untouched', async () => {
      const owner = await newUser(t);
      const neighbour = await newUser(t);
      const admin = await newUser(t, { role: 'admin' });
      const colleague = await newUser(t, { role: 'admin' });
      await setSupportAccess(t, owner.teamId, 'approval');
      const grant = await approvedAccessGrant(t, { adminId: admin.id, userId: owner.id, teamId: owner.teamId, mode: 'write' });
      const inTeam = await impersonateDirectly(t, admin, owner, { accessRequestId: grant.id });
      const elsewhere = await impersonateDirectly(t, colleague, neighbour);
      await setPolicy(owner, owner.teamId, 'allowed').expect(200);
      await t.http().get('/api/businesses').set(bearer(inTeam.accessToken)).expect(200);
      await setPolicy(owner, owner.teamId, 'never').expect(200);
      await t.http().get('/api/businesses').set(bearer(elsewhere.accessToken)).expect(200);
    });
  });
});
