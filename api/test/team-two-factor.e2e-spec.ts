import { randomUUID } from 'node:crypto';
import { type AuditLogEntry, type CurrentUser, ErrorCode, type TeamMemberList } from '@vantage/contracts';
import { isCurrentTeamData } from '../src/auth/team-two-factor';
import { routesOf, type Route } from '../src/bootstrap/openapi-document';
import { enableEmailTwoFactor, impersonateDirectly, joinTeam, newUser, type RegisteredUser } from './support/fixtures';
import { bearer, createTestApp, startAppWithMailbox, type TestApp } from './support/test-app';

/** What a member of a team may do without 2FA while the team requires it (SPEC §11); every other route of a team's data is refused. */
const OPEN_TEAM_ROUTES = ['GET /api/teams/{id}', 'POST /api/teams/{id}/switch'];

/**
 * Every route that does not serve a team's data (its work or its people), so stays open to a member
 * without 2FA whose team requires it. A new route that is not marked @CurrentTeamData() (nor under
 * /api/teams/{id}) fails the route-table test until it is named here: serving the current team's
 * data, it must be marked instead.
 */
const NOT_TEAM_DATA = new Set<string>([
  // Signing in and out, and one's own account: profile, password, sessions, 2FA and passkeys.
  'POST /api/auth/register',
  'POST /api/auth/login',
  'POST /api/2fa/authenticate',
  'POST /api/2fa/send-code',
  'POST /api/2fa/passkey-options',
  'POST /api/auth/refresh',
  'POST /api/auth/logout',
  'POST /api/auth/password-reset',
  'POST /api/auth/password-reset/confirm',
  'GET /api/auth/me',
  'GET /api/auth/sessions',
  'DELETE /api/auth/sessions/{id}',
  'PATCH /api/user/profile',
  'PATCH /api/user/password',
  'GET /api/user/two-factor',
  'POST /api/user/two-factor',
  'PUT /api/user/two-factor',
  'DELETE /api/user/two-factor',
  'POST /api/user/two-factor/recovery-codes',
  'POST /api/user/passkeys/options',
  'POST /api/user/passkeys',
  'GET /api/user/passkeys',
  'DELETE /api/user/passkeys/{id}',
  // My teams (names and my role), creating one, and invitations by their emailed link.
  'GET /api/teams',
  'POST /api/teams',
  'GET /api/invitations/{token}',
  'POST /api/invitations/{token}/accept',
  // Support in my account, and requests for support access to me or a team I own.
  'GET /api/user/impersonations',
  'GET /api/user/impersonations/{id}/actions',
  'POST /api/user/impersonations/{id}/end',
  'GET /api/access-requests',
  'POST /api/access-requests/{id}/approve',
  'POST /api/access-requests/{id}/deny',
  'POST /api/access-requests/{id}/revoke',
  // Staff only (AdminGuard), and the impersonation's own start and return.
  'POST /api/2fa/impersonate',
  'POST /api/2fa/cancel-impersonation',
  'POST /api/auth/return',
  'GET /api/admin/teams',
  'PATCH /api/admin/users/{id}',
  'POST /api/admin/users/{id}/two-factor/reset',
  'GET /api/admin/impersonations',
  'POST /api/admin/impersonations/{id}/end',
  'GET /api/admin/impersonations/{id}/actions',
  'POST /api/admin/access-requests',
  'GET /api/admin/access-requests',
]);

/** A body each route accepts, so the refusal is the rule's and not validation's (routes that check membership in the service). */
const BODIES: Record<string, object> = {
  'PATCH /api/teams/{id}': { name: 'Renamed while blocked' },
  'PATCH /api/teams/{id}/members/{userId}': { role: 'member' },
  'POST /api/teams/{id}/invitations': { email: 'someone@example.test', role: 'member' },
};

const nameOf = (route: Route) => `${route.method.toUpperCase()} ${route.path}`;

describe('Team-wide two-factor (SPEC §11)', () => {
  let t: TestApp;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ t, stop } = await startAppWithMailbox());
  });
  afterAll(() => stop());

  const requireTwoFactor = (token: string, teamId: string, value: unknown) =>
    t.http().patch(`/api/teams/${teamId}`).set(bearer(token)).send({ requireTwoFactor: value });
  const me = async (token: string, app = t) => (await app.http().get('/api/auth/me').set(bearer(token)).expect(200)).body as CurrentUser;

  /** An owner with 2FA (email codes) and a member without it, who joined by invitation and works in the owner's team. */
  async function teamOfTwo(options: { required?: boolean } = {}) {
    const owner = await newUser(t, {
      firstName: 'Olivia',
      lastName: 'Owner',
      teamName: `Strict ${randomUUID().slice(0, 6)}`,
      twoFactor: 'email',
    });
    const member = await newUser(t, { firstName: 'Marco', lastName: 'Member' });
    const memberToken = await joinTeam(t, owner, member);
    if (options.required) await requireTwoFactor(owner.accessToken, owner.teamId, true).expect(200);
    const [{ name: teamName }] = await t.db.query<{ name: string }[]>(`SELECT name FROM teams WHERE id = $1`, [owner.teamId]);
    return { owner, member, memberToken, teamName };
  }

  const expectRequiresTwoFactor = (res: { status: number; body: { code: string; details?: unknown } }, teamId: string, teamName: string) =>
    expect([res.status, res.body.code, res.body.details]).toEqual([403, ErrorCode.TEAM_REQUIRES_TWO_FACTOR, { teamId, teamName }]);

  describe('switching it on and off (PATCH /teams/:id)', () => {
    it('an owner with 2FA switches it on and off: the settings show it, and each change is in the audit log', async () => {
      const { owner } = await teamOfTwo();
      const on = await requireTwoFactor(owner.accessToken, owner.teamId, true).expect(200);
      expect(on.body).toMatchObject({ id: owner.teamId, requireTwoFactor: true });
      expect((await t.http().get(`/api/teams/${owner.teamId}`).set(bearer(owner.accessToken)).expect(200)).body.requireTwoFactor).toBe(
        true,
      );
      // Setting the same value again changes nothing and writes nothing.
      await requireTwoFactor(owner.accessToken, owner.teamId, true).expect(200);
      await requireTwoFactor(owner.accessToken, owner.teamId, false).expect(200);

      const log = (await t.http().get('/api/audit-logs').set(bearer(owner.accessToken)).expect(200)).body.items as AuditLogEntry[];
      const changes = log.filter((entry) => entry.action === 'team.two_factor_requirement_changed');
      expect(changes.map((entry) => entry.details)).toEqual([
        { from: true, to: false },
        { from: false, to: true },
      ]);
      expect(changes[0]).toMatchObject({ actor: { id: owner.id }, entityType: 'team', entityId: owner.teamId, isImpersonated: false });
    });

    it('an owner whose own 2FA is off is refused with 400 TWO_FACTOR_REQUIRED_FIRST, and nothing changes', async () => {
      const owner = await newUser(t);
      const res = await requireTwoFactor(owner.accessToken, owner.teamId, true).expect(400);
      expect(res.body.code).toBe(ErrorCode.TWO_FACTOR_REQUIRED_FIRST);
      const [row] = await t.db.query(`SELECT require_two_factor FROM teams WHERE id = $1`, [owner.teamId]);
      expect(row.require_two_factor).toBe(false);
      // Switching it off (already off) and renaming stay open to them.
      await requireTwoFactor(owner.accessToken, owner.teamId, false).expect(200);
    });

    it('a member who is not an owner is refused with 403 TEAM_OWNER_REQUIRED', async () => {
      const { owner, memberToken } = await teamOfTwo();
      expect((await requireTwoFactor(memberToken, owner.teamId, true).expect(403)).body.code).toBe(ErrorCode.TEAM_OWNER_REQUIRED);
    });

    it('refuses anything but true or false with 400 naming the field', async () => {
      const { owner } = await teamOfTwo();
      for (const value of ['true', 1, null]) {
        const res = await requireTwoFactor(owner.accessToken, owner.teamId, value).expect(400);
        expect(res.body.errors).toEqual([expect.objectContaining({ field: 'requireTwoFactor' })]);
      }
    });

    it('a co-owner without 2FA cannot switch it off once it is on (403 TEAM_REQUIRES_TWO_FACTOR)', async () => {
      const { owner, teamName } = await teamOfTwo({ required: true });
      const coOwner = await newUser(t);
      const coOwnerToken = await joinTeam(t, owner, coOwner, 'owner');
      expectRequiresTwoFactor(await requireTwoFactor(coOwnerToken, owner.teamId, false), owner.teamId, teamName);
    });

    it('is blocked during an impersonation (403 FORBIDDEN_DURING_IMPERSONATION)', async () => {
      const { owner } = await teamOfTwo();
      const admin = await newUser(t, { role: 'admin' });
      const { accessToken } = await impersonateDirectly(t, admin, owner);
      expect((await requireTwoFactor(accessToken, owner.teamId, true).expect(403)).body.code).toBe(
        ErrorCode.FORBIDDEN_DURING_IMPERSONATION,
      );
    });
  });

  describe('a member without 2FA in a team that requires it', () => {
    it('is refused every route of the team’s data (read from the route table) with 403 TEAM_REQUIRES_TWO_FACTOR naming the team', async () => {
      const { owner, memberToken, teamName } = await teamOfTwo({ required: true });
      const teamRoutes = routesOf(t.app).filter(
        (route) =>
          isCurrentTeamData(route.handler, route.controller) ||
          (route.path.startsWith('/api/teams/{id}') && !OPEN_TEAM_ROUTES.includes(nameOf(route))),
      );
      const notRefused: string[] = [];
      for (const route of teamRoutes) {
        const path = route.path.replace(/\{(\w+)\}/g, (_all, name: string) =>
          name === 'id' ? owner.teamId : name === 'userId' ? owner.id : randomUUID(),
        );
        const res = await t
          .http()
          [route.method as 'get'](path)
          .set(bearer(memberToken))
          .send(BODIES[nameOf(route)] ?? {});
        if (res.status !== 403 || res.body.code !== ErrorCode.TEAM_REQUIRES_TWO_FACTOR) notRefused.push(`${nameOf(route)} → ${res.status}`);
        else expect(res.body.details).toEqual({ teamId: owner.teamId, teamName });
      }
      expect(notRefused).toEqual([]);
      // Businesses, leads, their comments, the audit log, members and invitations: the table has them all.
      const names = teamRoutes.map(nameOf);
      expect(names).toEqual(
        expect.arrayContaining([
          'GET /api/businesses',
          'POST /api/businesses/{id}/comments',
          'GET /api/leads/{id}',
          'GET /api/audit-logs',
          'GET /api/teams/{id}/members',
          'GET /api/teams/{id}/invitations',
        ]),
      );
      expect(names.length).toBeGreaterThanOrEqual(18);
    });

    it('every route of the API is either the team’s data (the test above) or named here as not: a new route must choose', () => {
      const teamData = (route: Route) =>
        isCurrentTeamData(route.handler, route.controller) ||
        (route.path.startsWith('/api/teams/{id}') && !OPEN_TEAM_ROUTES.includes(nameOf(route)));
      const routes = routesOf(t.app);
      const open = new Set([...OPEN_TEAM_ROUTES, ...NOT_TEAM_DATA]);
      expect(routes.filter((route) => !teamData(route) && !open.has(nameOf(route))).map(nameOf)).toEqual([]);
      // And the list names no route that is gone, or that is the team's data after all.
      const listedWrongly = [...NOT_TEAM_DATA].filter((name) => !routes.some((route) => nameOf(route) === name && !teamData(route)));
      expect(listedWrongly).toEqual([]);
    });

    it('still reaches their profile, 2FA settings, sessions, teams, the team’s settings, switching, leaving and signing out', async () => {
      const { owner, member, memberToken, teamName } = await teamOfTwo({ required: true });
      const who = await me(memberToken);
      expect(who.twoFactorRequiredBy).toEqual({ teamId: owner.teamId, teamName });
      expect(who.currentTeam).toEqual({ id: owner.teamId, name: teamName, role: 'member' });
      await t.http().get('/api/user/two-factor').set(bearer(memberToken)).expect(200);
      await t.http().patch('/api/user/profile').set(bearer(memberToken)).send({ firstName: 'Marcus' }).expect(200);
      await t.http().get('/api/auth/sessions').set(bearer(memberToken)).expect(200);
      await t.http().get('/api/teams').set(bearer(memberToken)).expect(200);
      await t.http().get(`/api/teams/${owner.teamId}`).set(bearer(memberToken)).expect(200);

      // Switching to their own team (no requirement) works there at once; switching back is allowed, and blocked again.
      const own = await t.http().post(`/api/teams/${member.teamId}/switch`).set(bearer(memberToken)).expect(200);
      expect(own.body.user.twoFactorRequiredBy).toBeNull();
      await t.http().get('/api/businesses').set(bearer(own.body.accessToken)).expect(200);
      const back = await t.http().post(`/api/teams/${owner.teamId}/switch`).set(bearer(own.body.accessToken)).expect(200);
      expect(back.body.user.twoFactorRequiredBy).toEqual({ teamId: owner.teamId, teamName });
      expectRequiresTwoFactor(await t.http().get('/api/businesses').set(bearer(back.body.accessToken)), owner.teamId, teamName);

      // Leaving the team is theirs to choose; signing out too.
      await t.http().delete(`/api/teams/${owner.teamId}/members/${member.id}`).set(bearer(back.body.accessToken)).expect(204);
      await t.http().post('/api/auth/logout').set(bearer(back.body.accessToken)).expect(204);
    });

    it('is let in once they turn 2FA on, in the same session', async () => {
      const { owner, memberToken, teamName } = await teamOfTwo({ required: true });
      expectRequiresTwoFactor(await t.http().get('/api/businesses').set(bearer(memberToken)), owner.teamId, teamName);
      await enableEmailTwoFactor(t, { accessToken: memberToken });
      await t.http().get('/api/businesses').set(bearer(memberToken)).expect(200);
      await t.http().get(`/api/teams/${owner.teamId}/members`).set(bearer(memberToken)).expect(200);
      expect((await me(memberToken)).twoFactorRequiredBy).toBeNull();
    });

    it('an impersonation of them satisfies the rule (the admin passed 2FA)', async () => {
      const { owner, member } = await teamOfTwo({ required: true });
      const admin = await newUser(t, { role: 'admin' });
      const { accessToken } = await impersonateDirectly(t, admin, { id: member.id, teamId: owner.teamId });
      await t.http().get('/api/businesses').set(bearer(accessToken)).expect(200);
      await t.http().get('/api/audit-logs').set(bearer(accessToken)).expect(200);
      await t.http().get(`/api/teams/${owner.teamId}/members`).set(bearer(accessToken)).expect(200);
      expect((await me(accessToken)).twoFactorRequiredBy).toBeNull();
    });
  });

  it('turning 2FA off while one of my teams requires it is refused (409 TWO_FACTOR_REQUIRED_BY_TEAM naming the team); after leaving, it works', async () => {
    const { owner, member, memberToken, teamName } = await teamOfTwo({ required: true });
    await enableEmailTwoFactor(t, { accessToken: memberToken });
    for (const person of [
      { token: owner.accessToken, password: owner.password },
      { token: memberToken, password: member.password },
    ]) {
      const res = await t.http().delete('/api/user/two-factor').set(bearer(person.token)).send({ password: person.password }).expect(409);
      expect([res.body.code, res.body.details]).toEqual([ErrorCode.TWO_FACTOR_REQUIRED_BY_TEAM, { teamId: owner.teamId, teamName }]);
    }
    expect((await me(memberToken)).isTwoFactorEnabled).toBe(true);
    await t.http().delete(`/api/teams/${owner.teamId}/members/${member.id}`).set(bearer(memberToken)).expect(204);
    await t.http().delete('/api/user/two-factor').set(bearer(memberToken)).send({ password: member.password }).expect(200);
  });

  it('the members list shows who uses 2FA', async () => {
    const { owner, member } = await teamOfTwo({ required: true });
    const list = (await t.http().get(`/api/teams/${owner.teamId}/members`).set(bearer(owner.accessToken)).expect(200))
      .body as TeamMemberList;
    expect(list.items.map((m) => [m.user.id, m.isTwoFactorEnabled])).toEqual([
      [owner.id, true],
      [member.id, false],
    ]);
  });

  describe('on every instance', () => {
    let second: TestApp;
    beforeAll(async () => {
      // A second API instance on the same database, sharing nothing in memory with the first.
      second = await createTestApp();
    });
    afterAll(() => second.close());

    it('switched on at A, B refuses the member’s next request; switched off at A, B lets them in again', async () => {
      const { owner, memberToken, teamName }: { owner: RegisteredUser; memberToken: string; teamName: string } = await teamOfTwo();
      // B has seen (and verified) the token before the change.
      await second.http().get('/api/businesses').set(bearer(memberToken)).expect(200);

      await requireTwoFactor(owner.accessToken, owner.teamId, true).expect(200);
      expectRequiresTwoFactor(await second.http().get('/api/businesses').set(bearer(memberToken)), owner.teamId, teamName);
      expect((await me(memberToken, second)).twoFactorRequiredBy).toEqual({ teamId: owner.teamId, teamName });

      await requireTwoFactor(owner.accessToken, owner.teamId, false).expect(200);
      await second.http().get('/api/businesses').set(bearer(memberToken)).expect(200);
    });
  });
});
