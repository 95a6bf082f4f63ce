import { Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { QueryFailedError, QueryRunnerAlreadyReleasedError, QueryRunnerProviderAlreadyReleasedError } from 'typeorm';
import { BusinessesService } from '../../src/crm/businesses.service';
import {
  acceptInvitation,
  approvedAccessGrant,
  impersonate,
  impersonateDirectly,
  invite,
  joinTeam,
  newSession,
  newUser,
  lockTwoFactor,
  passwordStep,
  type RegisteredUser,
  type TotpUser,
  uniqueEmail,
} from '../support/fixtures';
import { apiRoutes, claimsOf, fillPath, tableFingerprints, unknownLinkToken, wrongCode } from '../support/security';
import { failureProvokedOnPurpose } from '../support/openapi-answers';
import { bearer, createTestApp, refreshCookieOf, type TestApp, startAppWithMailbox } from '../support/test-app';

/**
 * OWASP ASVS-derived requirements, part 3: revocation, mass assignment, IDOR, impersonation,
 * headers and errors. Each `describe` is one requirement of the security issue, by its number.
 */
describe('ASVS (access control, impersonation, headers and errors)', () => {
  let t: TestApp;
  let second: TestApp;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    // With a mailbox: invitations are only ever seen through their emailed link.
    ({ t, stop } = await startAppWithMailbox());
    // A second API instance on the same database, sharing nothing in memory with the first.
    second = await createTestApp();
  });
  afterAll(async () => {
    await second.close();
    await stop();
  });

  const impersonationCount = async () => (await t.db.query(`SELECT count(*)::int AS n FROM impersonations`))[0].n as number;

  describe('ASVS 27 — logout, cancel and force-end revoke at once, on every instance', () => {
    it('logout on one instance: the access token and the refresh cookie are refused on the other', async () => {
      const user = await newUser(t);
      await second.http().get('/api/teams').set(bearer(user.accessToken)).expect(200);
      await t.http().post('/api/auth/logout').set(bearer(user.accessToken)).set('Cookie', user.refreshCookie).expect(204);
      expect((await second.http().get('/api/teams').set(bearer(user.accessToken)).expect(401)).body.code).toBe('SESSION_EXPIRED');
      await second.http().post('/api/auth/refresh').set('Cookie', user.refreshCookie).expect(401);
    });

    it('cancelling an impersonation on one instance ends its token and cookie on the other', async () => {
      const admin = await newUser(t, { role: 'admin', twoFactor: 'totp' });
      const started = await impersonate(t, admin, await newUser(t));
      await second.http().get('/api/auth/me').set(bearer(started.body.accessToken)).expect(200);
      await t.http().post('/api/2fa/cancel-impersonation').set(bearer(started.body.accessToken)).expect(200);
      expect((await second.http().get('/api/auth/me').set(bearer(started.body.accessToken)).expect(401)).body.code).toBe(
        'IMPERSONATION_ENDED',
      );
      expect((await second.http().post('/api/auth/refresh').set('Cookie', refreshCookieOf(started)).expect(401)).body.code).toBe(
        'IMPERSONATION_ENDED',
      );
    });

    it("a super admin's force-end on one instance ends it on the other", async () => {
      const admin = await newUser(t, { role: 'admin', twoFactor: 'totp' });
      const superAdmin = await newUser(t, { role: 'super_admin', twoFactor: 'totp' });
      const started = await impersonate(t, admin, await newUser(t));
      await t.http().post(`/api/admin/impersonations/${started.body.impersonation.id}/end`).set(bearer(superAdmin.accessToken)).expect(204);
      expect((await second.http().get('/api/teams').set(bearer(started.body.accessToken)).expect(401)).body.code).toBe(
        'IMPERSONATION_ENDED',
      );
    });
  });

  describe('ASVS 28 — no mass assignment: role, isTwoFactorEnabled, teamId, impersonationAllowed are set nowhere else', () => {
    const PROTECTED: Record<string, unknown> = {
      role: 'super_admin',
      isTwoFactorEnabled: false,
      teamId: '00000000-0000-4000-8000-000000000000',
      impersonationAllowed: false,
      currentTeamId: '00000000-0000-4000-8000-000000000000',
      twoFactorMethod: 'email',
      passwordHash: '$2b$04$abcdefghijklmnopqrstuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuuu',
      id: '00000000-0000-4000-8000-000000000000',
      isImpersonated: true,
      authorName: 'Someone else',
    };

    it('every route with a body (from the OpenAPI document) refuses each field it does not declare, naming it', async () => {
      const superAdmin = await newUser(t, { role: 'super_admin', twoFactor: 'totp' });
      const before = await tableFingerprints(t);
      const routes = (await apiRoutes(t)).filter((r) => r.body);
      expect(routes.length).toBeGreaterThanOrEqual(15);
      let checked = 0;
      for (const route of routes) {
        for (const [field, value] of Object.entries(PROTECTED)) {
          if (route.body!.properties?.[field]) continue; // the route's own field (e.g. role on PATCH /admin/users/:id)
          const res = await t
            .http()
            [route.method](fillPath(route.path, { id: randomUUID() }))
            .set(bearer(superAdmin.accessToken))
            .send({ [field]: value });
          expect({ route: route.name, field, status: res.status }).toEqual({ route: route.name, field, status: 400 });
          expect(res.body.errors).toContainEqual({ field, message: 'is not an accepted field' });
          checked++;
        }
      }
      expect(checked).toBeGreaterThan(100);
      expect(await tableFingerprints(t)).toEqual(before);
    });

    it('alongside otherwise valid input, nothing is written either', async () => {
      const user = await newUser(t);
      const other = await newUser(t);
      const teamId = other.teamId;
      const invitation = await invite(t, other, user.email, 'member');
      const business = (await t.http().post('/api/businesses').set(bearer(user.accessToken)).send({ name: 'Acme' }).expect(201)).body;
      const cases: [string, 'post' | 'patch' | 'put', string, object][] = [
        [
          'registration with a role',
          'post',
          '/api/auth/register',
          {
            email: `x-${randomUUID()}@example.test`,
            password: 'password123',
            firstName: 'A',
            lastName: 'B',
            teamName: 'T',
            role: 'super_admin',
          },
        ],
        ['a profile change with a role', 'patch', '/api/user/profile', { firstName: 'Changed', role: 'admin' }],
        ['a profile change setting the 2FA flag', 'patch', '/api/user/profile', { firstName: 'Changed', isTwoFactorEnabled: true }],
        ['a business in another team', 'post', '/api/businesses', { name: 'Planted', teamId: randomUUID() }],
        [
          'a comment as someone else',
          'post',
          `/api/businesses/${business.id}/comments`,
          { text: 'hi', authorName: 'Support team (Nobody)', isImpersonated: true },
        ],
        ['2FA settings with a flag', 'put', '/api/user/two-factor', { enabled: true, method: 'email', isTwoFactorEnabled: true }],
        ['a new team with an owner', 'post', '/api/teams', { name: 'Mine', role: 'owner', impersonationAllowed: false }],
        ['a rename with a creation date', 'patch', `/api/teams/${user.teamId}`, { name: 'Renamed', createdAt: '2000-01-01T00:00:00.000Z' }],
        [
          'an invitation into another team',
          'post',
          `/api/teams/${user.teamId}/invitations`,
          { email: uniqueEmail(), role: 'member', teamId },
        ],
        [
          'a role change setting the 2FA flag',
          'patch',
          `/api/teams/${user.teamId}/members/${user.id}`,
          { role: 'owner', isTwoFactorEnabled: false },
        ],
        ['accepting an invitation with another role', 'post', `/api/invitations/${invitation.token}/accept`, { role: 'owner' }],
        ['a password reset naming a user', 'post', '/api/auth/password-reset', { email: user.email, id: user.id }],
      ];
      const before = await tableFingerprints(t);
      for (const [name, method, path, body] of cases) {
        const res = await t.http()[method](path).set(bearer(user.accessToken)).send(body);
        expect([name, res.status, res.body.code]).toEqual([name, 400, 'VALIDATION_FAILED']);
      }
      expect(await tableFingerprints(t)).toEqual(before);
    });
  });

  describe('ASVS 29 — no IDOR: a team-scoped id of another team is 404, for reading and writing', () => {
    /**
     * How each route with an id in its path is protected; a new such route must be added here.
     * - `team`: ids inside a team (the team's, its members', its invitations'): another team's → 404;
     * - `super_admin`: staff routes, closed to everyone else (403);
     * - `own`: ids of the caller's own records (sign-in sessions, support sessions in my account, passkeys): another
     *   user's → 404, untouched;
     * - `link`: the token of an emailed link, the only credential for it: an unknown one → 404, and
     *   holding someone else's link lets nobody else join with it.
     */
    const ID_ROUTES: Record<string, 'team' | 'super_admin' | 'own' | 'link'> = {
      'POST /api/teams/{id}/switch': 'team',
      'PATCH /api/teams/{id}': 'team',
      'GET /api/teams/{id}': 'team',
      'GET /api/teams/{id}/members': 'team',
      'PATCH /api/teams/{id}/members/{userId}': 'team',
      'DELETE /api/teams/{id}/members/{userId}': 'team',
      'POST /api/teams/{id}/invitations': 'team',
      'GET /api/teams/{id}/invitations': 'team',
      'DELETE /api/teams/{id}/invitations/{invitationId}': 'team',
      'GET /api/businesses/{id}': 'team',
      'GET /api/businesses/{id}/comments': 'team',
      'POST /api/businesses/{id}/comments': 'team',
      'GET /api/leads/{id}': 'team',
      'PATCH /api/leads/{id}': 'team',
      'GET /api/leads/{id}/comments': 'team',
      'POST /api/leads/{id}/comments': 'team',
      // Access requests: only the person concerned and the team's owners reach one.
      'POST /api/access-requests/{id}/approve': 'team',
      'POST /api/access-requests/{id}/deny': 'team',
      'POST /api/access-requests/{id}/revoke': 'team',
      'POST /api/admin/impersonations/{id}/end': 'super_admin',
      'GET /api/admin/impersonations/{id}/actions': 'super_admin',
      'PATCH /api/admin/users/{id}': 'super_admin',
      'POST /api/admin/users/{id}/two-factor/reset': 'super_admin',
      'DELETE /api/auth/sessions/{id}': 'own',
      'GET /api/user/impersonations/{id}/actions': 'own',
      'POST /api/user/impersonations/{id}/end': 'own',
      'DELETE /api/user/passkeys/{id}': 'own',
      'GET /api/invitations/{token}': 'link',
      'POST /api/invitations/{token}/accept': 'link',
    };
    const BODIES: Record<string, object> = {
      'POST /api/businesses/{id}/comments': { text: 'sneaky' },
      'POST /api/leads/{id}/comments': { text: 'sneaky' },
      'PATCH /api/leads/{id}': { status: 'lost' },
      'PATCH /api/admin/users/{id}': { role: 'admin' },
      'PATCH /api/teams/{id}': { name: 'Taken over' },
      'PATCH /api/teams/{id}/members/{userId}': { role: 'owner' },
      'POST /api/teams/{id}/invitations': { email: 'accomplice@example.test', role: 'owner' },
      'POST /api/admin/users/{id}/two-factor/reset': { code: '123456', reason: 'sneaky' },
      // The caller's own (right) password: only the id is wrong.
      'DELETE /api/user/passkeys/{id}': { password: 'correct horse battery' },
    };
    let owner: RegisteredUser;
    let stranger: RegisteredUser;
    let strangersMember: RegisteredUser;
    const theirs: Record<string, string> = {};
    beforeAll(async () => {
      owner = await newUser(t);
      stranger = await newUser(t);
      strangersMember = await newUser(t);
      await joinTeam(t, stranger, strangersMember);
      const invitation = await invite(t, stranger, uniqueEmail('invited'));
      const business = (await t.http().post('/api/businesses').set(bearer(stranger.accessToken)).send({ name: 'Theirs' }).expect(201)).body;
      const lead = (
        await t.http().post('/api/leads').set(bearer(stranger.accessToken)).send({ name: 'Theirs', businessId: business.id }).expect(201)
      ).body;
      const requester = await newUser(t, { role: 'admin' });
      const accessRequest = await approvedAccessGrant(t, {
        adminId: requester.id,
        userId: stranger.id,
        teamId: stranger.teamId,
        mode: 'read',
      });
      Object.assign(theirs, {
        'access-requests': accessRequest.id,
        teams: stranger.teamId,
        businesses: business.id,
        leads: lead.id,
        users: stranger.id,
        // A support session running in the stranger's account.
        impersonations: (await impersonateDirectly(t, requester, stranger)).impersonationId,
        sessions: claimsOf(stranger.accessToken).sid as string,
        passkeys: (
          await t.db.query<{ id: string }[]>(
            `INSERT INTO passkeys (user_id, name, credential_id, public_key) VALUES ($1, 'Theirs', $2, '\\x00') RETURNING id`,
            [stranger.id, `credential-${stranger.id}`],
          )
        )[0].id,
        members: strangersMember.id,
        invitations: invitation.id,
        token: invitation.token,
      });
    });
    const idFor = (path: string) =>
      theirs[path.startsWith('/api/auth/sessions') ? 'sessions' : path.split('/')[/^\/api\/(admin|user)\//.test(path) ? 3 : 2]];
    /** Every id in the path: the stranger's (their team, its member, its invitation, their session). */
    const theirParams = (path: string) => ({
      id: idFor(path),
      userId: theirs.members,
      invitationId: theirs.invitations,
      token: theirs.token,
    });
    const send = (name: string, params: Record<string, string>, token = owner.accessToken) => {
      const [method, path] = name.split(' ');
      const req = t.http()[method.toLowerCase() as 'post'](fillPath(path, params)).set(bearer(token));
      return BODIES[name] ? req.send(BODIES[name]) : req;
    };

    it('every route with an id in its path is classified (a new one fails here until it is)', async () => {
      const withId = (await apiRoutes(t)).filter((r) => r.pathParams.length).map((r) => r.name);
      expect(withId.sort()).toEqual(Object.keys(ID_ROUTES).sort());
    });

    it("each team-scoped route answers 404 for another team's record, and changes nothing", async () => {
      const before = await tableFingerprints(t);
      for (const [name, kind] of Object.entries(ID_ROUTES)) {
        if (kind !== 'team') continue;
        const res = await send(name, theirParams(name.split(' ')[1]));
        expect([name, res.status, res.body.code]).toEqual([name, 404, expect.stringMatching(/_NOT_FOUND$/)]);
      }
      expect(await tableFingerprints(t)).toEqual(before);
    });

    it("under the caller's own team, another team's member or invitation is 404 too (an owner reaches only their team's)", async () => {
      const before = await tableFingerprints(t);
      let checked = 0;
      for (const [name, kind] of Object.entries(ID_ROUTES)) {
        const path = name.split(' ')[1];
        if (kind !== 'team' || !/\{(userId|invitationId)\}/.test(path)) continue;
        const res = await send(name, { ...theirParams(path), id: owner.teamId });
        expect([name, res.status, res.body.code]).toEqual([name, 404, expect.stringMatching(/^(MEMBER|INVITATION)_NOT_FOUND$/)]);
        checked++;
      }
      expect(checked).toBe(3);
      expect(await tableFingerprints(t)).toEqual(before);
      // The stranger's team still has its member and its open invitation.
      const members = (await t.http().get(`/api/teams/${stranger.teamId}/members`).set(bearer(stranger.accessToken)).expect(200)).body;
      expect(members.items.map((m: { user: { id: string } }) => m.user.id)).toContain(strangersMember.id);
      await t.http().get(`/api/invitations/${theirs.token}`).expect(200);
    });

    it('the admin routes with an id are closed to anyone but a super admin', async () => {
      for (const [name, kind] of Object.entries(ID_ROUTES)) {
        if (kind !== 'super_admin') continue;
        const res = await send(name, theirParams(name.split(' ')[1]));
        expect([name, res.status]).toEqual([name, 403]);
      }
    });

    it("the caller's own ids: another user's sign-in or support session is 404, and it goes on", async () => {
      const before = await tableFingerprints(t);
      for (const [name, kind] of Object.entries(ID_ROUTES)) {
        if (kind !== 'own') continue;
        const res = await send(name, theirParams(name.split(' ')[1]));
        const code = name.includes('/impersonations/')
          ? 'IMPERSONATION_NOT_FOUND'
          : name.includes('/passkeys/')
            ? 'PASSKEY_NOT_FOUND'
            : 'SESSION_NOT_FOUND';
        expect([name, res.status, res.body.code]).toEqual([name, 404, code]);
      }
      expect(await tableFingerprints(t)).toEqual(before);
      await second.http().get('/api/teams').set(bearer(stranger.accessToken)).expect(200);
      const live = await second.http().get('/api/auth/me').set(bearer(stranger.accessToken)).expect(200);
      expect(live.body.supportSession).toMatchObject({ id: theirs.impersonations });
    });

    it("links: a token never issued is 404 INVITATION_NOT_FOUND; someone else's link lets nobody else join", async () => {
      const before = await tableFingerprints(t);
      for (const [name, kind] of Object.entries(ID_ROUTES)) {
        if (kind !== 'link') continue;
        const guessed = await send(name, { token: unknownLinkToken() });
        expect([name, guessed.status, guessed.body.code]).toEqual([name, 404, 'INVITATION_NOT_FOUND']);
      }
      // Anonymous people fare no better with a guessed token.
      const guessed = unknownLinkToken();
      expect((await t.http().get(`/api/invitations/${guessed}`).expect(404)).body.code).toBe('INVITATION_NOT_FOUND');
      const person = { firstName: 'Eve', lastName: 'Guess', password: 'a good password' };
      expect((await acceptInvitation(t, guessed, null, person).expect(404)).body.code).toBe('INVITATION_NOT_FOUND');
      // The stranger's invitation was sent to another address: the owner holding its link cannot use it.
      const res = await acceptInvitation(t, theirs.token, owner).expect(403);
      expect(res.body.code).toBe('INVITATION_EMAIL_MISMATCH');
      expect(await tableFingerprints(t)).toEqual(before);
    });

    it("ids inside bodies and queries are held to the same rule (a lead for another team's business, a filter by it)", async () => {
      const res = await t
        .http()
        .post('/api/leads')
        .set(bearer(owner.accessToken))
        .send({ name: 'Mine', businessId: theirs.businesses })
        .expect(404);
      expect(res.body.code).toBe('BUSINESS_NOT_FOUND');
      expect((await t.http().get(`/api/leads?businessId=${theirs.businesses}`).set(bearer(owner.accessToken)).expect(200)).body.total).toBe(
        0,
      );
      const log = await t.http().get('/api/audit-logs?pageSize=100').set(bearer(owner.accessToken)).expect(200);
      expect(log.body.items.some((e: { entityId: string }) => [theirs.businesses, theirs.leads].includes(e.entityId))).toBe(false);
    });
  });

  describe('ASVS 30 — every impersonation rule of SPEC §4, and the blocked actions', () => {
    let admin: TotpUser;
    let superAdmin: TotpUser;
    beforeAll(async () => {
      admin = await newUser(t, { role: 'admin', twoFactor: 'totp', firstName: 'Ada', lastName: 'Admin' });
      superAdmin = await newUser(t, { role: 'super_admin', twoFactor: 'totp' });
    });

    /** A refusal writes nothing but its audit entry (and a wrong code its counted attempt). */
    async function expectRefusal(
      send: () => Promise<{ status: number; body: { code: string } }>,
      status: number,
      code: string,
      callerId: string,
    ) {
      const impersonations = await impersonationCount();
      const [{ n: refusals }] = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_logs WHERE actor_id = $1 AND action = 'impersonation.refused'`,
        [callerId],
      );
      const res = await send();
      expect([res.status, res.body.code]).toEqual([status, code]);
      expect(await impersonationCount()).toBe(impersonations);
      const [{ n: after }] = await t.db.query(
        `SELECT count(*)::int AS n FROM audit_logs WHERE actor_id = $1 AND action = 'impersonation.refused'`,
        [callerId],
      );
      expect(after).toBe(refusals + 1);
    }

    it('IMPERSONATOR_TWO_FACTOR_DISABLED (403)', async () => {
      const noTwoFactor = await newUser(t, { role: 'admin' });
      const target = await newUser(t);
      await expectRefusal(
        () => t.http().post('/api/2fa/impersonate').set(bearer(noTwoFactor.accessToken)).send({ userId: target.id, code: '123456' }),
        403,
        'IMPERSONATOR_TWO_FACTOR_DISABLED',
        noTwoFactor.id,
      );
    });
    it('INVALID_TWO_FACTOR_CODE (401), counted toward the lockout', async () => {
      const target = await newUser(t);
      const right = await admin.freshCode();
      await expectRefusal(
        () =>
          t
            .http()
            .post('/api/2fa/impersonate')
            .set(bearer(admin.accessToken))
            .send({ userId: target.id, code: wrongCode(right) }),
        401,
        'INVALID_TWO_FACTOR_CODE',
        admin.id,
      );
      expect((await t.db.query(`SELECT two_factor_failed_attempts AS n FROM users WHERE id = $1`, [admin.id]))[0].n).toBe(1);
    });
    it('IMPERSONATION_SELF (403)', async () => {
      await expectRefusal(() => impersonate(t, admin, admin), 403, 'IMPERSONATION_SELF', admin.id);
    });
    it('IMPERSONATION_TARGET_SUPER_ADMIN (403), even for a super admin', async () => {
      const other = await newUser(t, { role: 'super_admin' });
      await expectRefusal(() => impersonate(t, superAdmin, other), 403, 'IMPERSONATION_TARGET_SUPER_ADMIN', superAdmin.id);
    });
    it('IMPERSONATION_TARGET_ADMIN (403) for an admin; allowed to a super admin', async () => {
      const otherAdmin = await newUser(t, { role: 'admin' });
      await expectRefusal(() => impersonate(t, admin, otherAdmin), 403, 'IMPERSONATION_TARGET_ADMIN', admin.id);
      const allowed = await impersonate(t, superAdmin, otherAdmin);
      expect(allowed.status).toBe(200);
      // Starting ended the super admin's own sign-in; a new one for the next tests.
      superAdmin = { ...superAdmin, ...(await newSession(t, superAdmin)) };
    });
    it('IMPERSONATION_NESTED (403)', async () => {
      const target = await newUser(t);
      const { accessToken: token } = await impersonateDirectly(t, await newUser(t, { role: 'admin' }), target);
      const supportId = claimsOf(token).impersonatedBy as string;
      await expectRefusal(
        () => t.http().post('/api/2fa/impersonate').set(bearer(token)).send({ userId: admin.id, code: '123456' }),
        403,
        'IMPERSONATION_NESTED',
        supportId,
      );
    });
    it('IMPERSONATION_NOT_ALLOWED (403)', async () => {
      const target = await newUser(t);
      await t.http().patch('/api/user/profile').set(bearer(target.accessToken)).send({ impersonationAllowed: false }).expect(200);
      await expectRefusal(() => impersonate(t, admin, target), 403, 'IMPERSONATION_NOT_ALLOWED', admin.id);
    });
    it('USER_NOT_FOUND (404)', async () => {
      await expectRefusal(() => impersonate(t, admin, { id: randomUUID() }), 404, 'USER_NOT_FOUND', admin.id);
    });
    it('FORBIDDEN (403): the caller is not an admin', async () => {
      const user = await newUser(t, { twoFactor: 'totp' });
      const target = await newUser(t);
      await expectRefusal(() => impersonate(t, user, target), 403, 'FORBIDDEN', user.id);
    });

    it('allowed: 30 minutes at most (refresh cannot extend it), attributed to "Support team (<admin>)"', async () => {
      const target = await newUser(t);
      const business = (await t.http().post('/api/businesses').set(bearer(target.accessToken)).send({ name: 'Theirs' }).expect(201)).body;
      const started = await impersonate(t, admin, target);
      expect(started.status).toBe(200);
      const claims = claimsOf(started.body.accessToken) as { exp: number; impersonatedAt: number };
      expect(claims.exp * 1000 - claims.impersonatedAt).toBeLessThanOrEqual(30 * 60 * 1000);
      const refreshed = await t.http().post('/api/auth/refresh').set('Cookie', refreshCookieOf(started)).expect(200);
      expect(claimsOf(refreshed.body.accessToken).exp).toBe(claims.exp);
      const comment = await t
        .http()
        .post(`/api/businesses/${business.id}/comments`)
        .set(bearer(started.body.accessToken))
        .send({ text: 'from support' })
        .expect(201);
      expect(comment.body).toMatchObject({ author: { id: admin.id }, authorName: 'Support team (Ada Admin)', isImpersonated: true });
      admin = { ...admin, ...(await newSession(t, admin)) };
    });

    it('blocked during impersonation: 403 FORBIDDEN_DURING_IMPERSONATION (or IMPERSONATION_NESTED), and nothing changes', async () => {
      const target = await newUser(t);
      const targetSession = claimsOf(target.accessToken).sid as string;
      const { accessToken: token } = await impersonateDirectly(t, await newUser(t, { role: 'admin' }), target);
      const blocked: [string, 'get' | 'post' | 'put' | 'patch' | 'delete', string, object | undefined, string][] = [
        ['switching team', 'post', `/api/teams/${target.teamId}/switch`, undefined, 'FORBIDDEN_DURING_IMPERSONATION'],
        ['creating a team', 'post', '/api/teams', { name: 'Support made this' }, 'FORBIDDEN_DURING_IMPERSONATION'],
        [
          'changing the password',
          'patch',
          '/api/user/password',
          { currentPassword: target.password, newPassword: 'chosen by support' },
          'FORBIDDEN_DURING_IMPERSONATION',
        ],
        ['changing impersonationAllowed', 'patch', '/api/user/profile', { impersonationAllowed: false }, 'FORBIDDEN_DURING_IMPERSONATION'],
        ['reading 2FA settings', 'get', '/api/user/two-factor', undefined, 'FORBIDDEN_DURING_IMPERSONATION'],
        ['starting TOTP setup', 'post', '/api/user/two-factor', undefined, 'FORBIDDEN_DURING_IMPERSONATION'],
        ['turning 2FA on', 'put', '/api/user/two-factor', { enabled: true, method: 'email' }, 'FORBIDDEN_DURING_IMPERSONATION'],
        ['turning 2FA off', 'delete', '/api/user/two-factor', { password: target.password }, 'FORBIDDEN_DURING_IMPERSONATION'],
        ['emailing a code', 'post', '/api/2fa/send-code', undefined, 'FORBIDDEN_DURING_IMPERSONATION'],
        ['listing impersonations', 'get', '/api/admin/impersonations', undefined, 'FORBIDDEN_DURING_IMPERSONATION'],
        ['starting another impersonation', 'post', '/api/2fa/impersonate', { userId: target.id, code: '123456' }, 'IMPERSONATION_NESTED'],
        ['renaming the team', 'patch', `/api/teams/${target.teamId}`, { name: 'Support renamed this' }, 'FORBIDDEN_DURING_IMPERSONATION'],
        [
          'inviting someone',
          'post',
          `/api/teams/${target.teamId}/invitations`,
          { email: uniqueEmail('accomplice'), role: 'owner' },
          'FORBIDDEN_DURING_IMPERSONATION',
        ],
        ['listing invitations', 'get', `/api/teams/${target.teamId}/invitations`, undefined, 'FORBIDDEN_DURING_IMPERSONATION'],
        [
          'withdrawing an invitation',
          'delete',
          `/api/teams/${target.teamId}/invitations/${randomUUID()}`,
          undefined,
          'FORBIDDEN_DURING_IMPERSONATION',
        ],
        [
          'changing a role',
          'patch',
          `/api/teams/${target.teamId}/members/${target.id}`,
          { role: 'member' },
          'FORBIDDEN_DURING_IMPERSONATION',
        ],
        ['leaving the team', 'delete', `/api/teams/${target.teamId}/members/${target.id}`, undefined, 'FORBIDDEN_DURING_IMPERSONATION'],
        ['accepting an invitation', 'post', `/api/invitations/${unknownLinkToken()}/accept`, {}, 'FORBIDDEN_DURING_IMPERSONATION'],
        ['ending a sign-in session', 'delete', `/api/auth/sessions/${targetSession}`, undefined, 'FORBIDDEN_DURING_IMPERSONATION'],
        [
          'new recovery codes',
          'post',
          '/api/user/two-factor/recovery-codes',
          { password: target.password },
          'FORBIDDEN_DURING_IMPERSONATION',
        ],
      ];
      const before = await tableFingerprints(t);
      for (const [name, method, path, body, code] of blocked) {
        const req = t.http()[method](path).set(bearer(token));
        const res = await (body ? req.send(body) : req);
        expect([name, res.status, res.body.code]).toEqual([name, 403, code]);
      }
      expect(await tableFingerprints(t)).toEqual(before);
    });
  });

  describe('ASVS 31 — impersonation needs a fresh 2FA check; a reused step-up code is refused', () => {
    it('no code: 400; a fresh one: 200; the same again: 401', async () => {
      const admin = await newUser(t, { role: 'admin', twoFactor: 'totp' });
      const target = await newUser(t);
      await t.http().post('/api/2fa/impersonate').set(bearer(admin.accessToken)).send({ userId: target.id }).expect(400);
      const code = await admin.freshCode();
      const started = await t
        .http()
        .post('/api/2fa/impersonate')
        .set(bearer(admin.accessToken))
        .send({ userId: target.id, code })
        .expect(200);
      const back = await t.http().post('/api/2fa/cancel-impersonation').set(bearer(started.body.accessToken)).expect(200);
      const again = await t
        .http()
        .post('/api/2fa/impersonate')
        .set(bearer(back.body.accessToken))
        .send({ userId: target.id, code })
        .expect(401);
      expect(again.body.code).toBe('CODE_ALREADY_USED');
    });

    it('the code that signed the session in is not the fresh check', async () => {
      const admin = await newUser(t, { role: 'admin', twoFactor: 'totp' });
      const target = await newUser(t);
      const challenge = await passwordStep(t, admin);
      const code = await admin.freshCode();
      const signedIn = await t.http().post('/api/2fa/authenticate').set(bearer(challenge)).send({ code }).expect(200);
      await t.http().post('/api/2fa/impersonate').set(bearer(signedIn.body.accessToken)).send({ userId: target.id, code }).expect(401);
    });
  });

  describe('ASVS 32 — headers, CORS, errors without internals, security events logged and audited', () => {
    const expectSecurityHeaders = (headers: Record<string, string>) => {
      expect(headers['x-content-type-options']).toBe('nosniff');
      expect(headers['content-security-policy']).toMatch(/frame-ancestors 'none'/);
      expect(headers['content-security-policy']).toMatch(/default-src 'self'/);
      expect(headers['referrer-policy']).toBe('no-referrer');
    };

    it('nosniff, a CSP with frame-ancestors and a Referrer-Policy on answers of every kind; no HSTS over plain HTTP', async () => {
      const user = await newUser(t);
      for (const res of [
        await t.http().get('/api/health'),
        await t.http().get('/api/teams'),
        await t.http().get('/api/teams').set(bearer(user.accessToken)),
        await t.http().post('/api/businesses').set(bearer(user.accessToken)).set('Content-Type', 'application/json').send('{"name":'),
        await t.http().post('/api/businesses').set(bearer(user.accessToken)).set('Content-Type', 'text/plain').send('x'),
        await t.http().get('/api/no-such-route'),
      ]) {
        expectSecurityHeaders(res.headers);
        expect(res.headers['strict-transport-security']).toBeUndefined();
        expect(res.headers['x-powered-by']).toBeUndefined();
      }
    });

    it('HSTS (and Secure cookies) when the app is served over HTTPS', async () => {
      const https = await createTestApp({ APP_URL: 'https://vantage.example.test' });
      try {
        const res = await https.http().get('/api/health');
        expect(res.headers['strict-transport-security']).toMatch(/max-age=31536000; includeSubDomains/);
        expectSecurityHeaders(res.headers);
        const login = await https
          .http()
          .post('/api/auth/register')
          .send({ email: `s-${randomUUID()}@example.test`, password: 'password123', firstName: 'A', lastName: 'B', teamName: 'T' });
        expect(([] as string[]).concat(login.headers['set-cookie']).find((c) => c.startsWith('vantage_refresh='))).toMatch(/; Secure/);
      } finally {
        await https.close();
      }
    });

    it('CORS never reflects an arbitrary or null origin, with or without credentials, nor answers a preflight', async () => {
      const user = await newUser(t);
      for (const origin of ['https://evil.example', 'null', 'http://localhost:3000.evil.example']) {
        const res = await t
          .http()
          .get('/api/auth/me')
          .set(bearer(user.accessToken))
          .set('Origin', origin)
          .set('Cookie', user.refreshCookie);
        expect(res.headers['access-control-allow-origin']).toBeUndefined();
        expect(res.headers['access-control-allow-credentials']).toBeUndefined();
        const preflight = await t
          .http()
          .options('/api/auth/refresh')
          .set('Origin', origin)
          .set('Access-Control-Request-Method', 'POST')
          .set('Access-Control-Request-Headers', 'authorization');
        expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
        expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
      }
    });

    it('an unexpected failure is a plain 500 with a request id: no stack trace, no SQL, no driver message', async () => {
      const user = await newUser(t);
      failureProvokedOnPurpose(500);
      const quiet = vi.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
      const failing = vi
        .spyOn(BusinessesService.prototype, 'list')
        .mockRejectedValueOnce(
          new QueryFailedError(
            'SELECT password_hash FROM users WHERE email = $1',
            ['ada@example.test'],
            new Error('column "secret_column" does not exist'),
          ),
        );
      try {
        const res = await t.http().get('/api/businesses').set(bearer(user.accessToken)).expect(500);
        expect(res.body).toEqual({ statusCode: 500, code: 'INTERNAL_ERROR', message: expect.any(String), requestId: expect.any(String) });
        expect(res.text).not.toMatch(/SELECT|password_hash|secret_column|ada@example|at \S+ \(|\.ts:\d+/);
        // The details went to the server log under the same request id.
        expect(quiet.mock.calls.some(([line]) => String(line).includes(res.body.requestId) && String(line).includes('secret_column'))).toBe(
          true,
        );
      } finally {
        failing.mockRestore();
        quiet.mockRestore();
      }
    });

    it.each([
      ['refused connections', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { code: 'ECONNREFUSED' })],
      ['a server shutting down', Object.assign(new Error('terminating connection due to administrator command'), { code: '57P01' })],
      // Over the embedded PostgreSQL's Unix socket (found by npm run test:faults).
      ['a socket closed under a query', Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' })],
      [
        'a server whose socket is gone',
        Object.assign(new Error('connect ENOENT /data/pgdata/.s.PGSQL.5432'), { code: 'ENOENT', syscall: 'connect' }),
      ],
      // What a transaction meets when its connection drops half-way (found by npm run test:faults).
      ['a connection lost inside a transaction', new QueryRunnerAlreadyReleasedError()],
      ['a connection lost before a transaction statement', new QueryRunnerProviderAlreadyReleasedError()],
    ])('a database outage (%s) is a 503 with Retry-After, not a 500', async (_name, outage) => {
      const user = await newUser(t);
      const quiet = vi.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
      const failing = vi.spyOn(BusinessesService.prototype, 'list').mockRejectedValueOnce(outage);
      try {
        const res = await t.http().get('/api/businesses').set(bearer(user.accessToken)).expect(503);
        expect(res.body.code).toBe('SERVICE_UNAVAILABLE');
        expect(res.headers['retry-after']).toBeDefined();
        expect(res.text).not.toMatch(/ECONNREFUSED|EPIPE|ENOENT|5432|terminating|runner/i);
      } finally {
        failing.mockRestore();
        quiet.mockRestore();
      }
    });

    it('logins, failed logins, 2FA failures, lockouts and impersonation are written to the audit log and the server log', async () => {
      const logged = vi.spyOn(Logger.prototype, 'log');
      try {
        const admin = await newUser(t, { role: 'admin', twoFactor: 'totp' });
        const target = await newUser(t);
        await t.http().post('/api/auth/login').send({ email: target.email, password: 'wrong password' }).expect(401);
        await t.http().post('/api/auth/login').send({ email: target.email, password: target.password }).expect(200);
        await lockTwoFactor(t, admin);
        await t.db.query(`UPDATE users SET two_factor_locked_until = NULL, two_factor_failed_attempts = 0 WHERE id = $1`, [admin.id]);
        await impersonate(t, admin, admin);
        expect((await impersonate(t, admin, target)).status).toBe(200);

        const actions: string[] = (
          await t.db.query(`SELECT DISTINCT action FROM audit_logs WHERE entity_id = ANY($1::varchar[]) OR actor_id = ANY($2::uuid[])`, [
            [admin.id, target.id],
            [admin.id, target.id],
          ])
        ).map((r: { action: string }) => r.action);
        const expected = [
          'auth.login_failed',
          'auth.login',
          'auth.password_accepted',
          'two_factor.failed',
          'two_factor.locked',
          'impersonation.refused',
          'impersonation.started',
        ];
        expect(actions).toEqual(expect.arrayContaining(expected));
        const lines = logged.mock.calls.map(([line]) => String(line));
        for (const action of expected) expect(lines.some((line) => line.startsWith(`${action} by `))).toBe(true);
      } finally {
        logged.mockRestore();
      }
    });
  });
});
