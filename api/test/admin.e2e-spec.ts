import { randomBytes, randomUUID } from 'node:crypto';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { COLLECT_MATCHES_UP_TO, TEAMS_LIST_TOTAL_CAP, teamsListPage } from '../src/admin/teams-list.query';
import { impersonateDirectly, joinTeam, newUser, type RegisteredUser, type Role } from './support/fixtures';
import { bearer, type TestApp, startAppWithMailbox } from './support/test-app';

describe('Admin: Teams List and roles', () => {
  let t: TestApp;
  let stop: () => Promise<void>;
  let admin: RegisteredUser;
  let superAdmin: RegisteredUser;

  beforeAll(async () => {
    // With a mailbox: members join by invitation (fixtures.joinTeam).
    ({ t, stop } = await startAppWithMailbox());
    admin = await newUser(t, { firstName: 'Ada', lastName: 'Admin', role: 'admin' });
    superAdmin = await newUser(t, { firstName: 'Sam', lastName: 'Operator', role: 'super_admin' });
  });
  afterAll(() => stop());

  /** A string no other test's data contains, so searches see only this test's teams. */
  const marker = () => `m${randomBytes(5).toString('hex')}`;
  const teams = (as: { accessToken: string }, query: string) => t.http().get(`/api/admin/teams${query}`).set(bearer(as.accessToken));
  const search = async (term: string, extra = '') =>
    (await teams(admin, `?search=${encodeURIComponent(term)}${extra}`).expect(200)).body as {
      items: { id: string; name: string; owner: { id: string; name: string; email: string } | null; memberCount: number }[];
      total: number;
    };
  const changeRole = (as: { accessToken: string }, userId: string, role: unknown) =>
    t.http().patch(`/api/admin/users/${userId}`).set(bearer(as.accessToken)).send({ role });

  describe('GET /api/admin/teams', () => {
    it('is for admins and super admins only', async () => {
      const user = await newUser(t);
      await t.http().get('/api/admin/teams').expect(401);
      const refused = await teams(user, '').expect(403);
      expect(refused.body.code).toBe('FORBIDDEN');
      await teams(admin, '').expect(200);
      await teams(superAdmin, '').expect(200);
    });

    it('shows each team with its owner and member count, in the contract shape', async () => {
      const tag = marker();
      const owner = await newUser(t, { firstName: 'Chloe', lastName: 'Chen', teamName: `Cobalt ${tag}` });
      const member = await newUser(t);
      await joinTeam(t, owner, member);
      await t.db.query(`UPDATE users SET impersonation_allowed = false WHERE id = $1`, [owner.id]);

      const page = await search(tag);
      expect(page).toEqual({
        items: [
          {
            id: owner.teamId,
            name: `Cobalt ${tag}`,
            owner: { id: owner.id, name: 'Chloe Chen', email: owner.email, role: 'user', impersonationAllowed: false },
            memberCount: 2,
            createdAt: expect.any(String),
            // The caller (an admin without 2FA here) could not impersonate anyone.
            impersonationBlockedReason: 'IMPERSONATOR_TWO_FACTOR_DISABLED',
            supportAccess: 'allowed',
            accessGrant: null,
            pendingAccessRequestId: null,
          },
        ],
        total: 1,
        totalIsCapped: false,
        page: 1,
        pageSize: 20,
      });
    });

    it('finds a team by its name, its owner’s full name or its owner’s email, in any letter case', async () => {
      const tag = marker();
      const owner = await newUser(t, {
        firstName: `Olivia${tag}`,
        lastName: 'Owens',
        teamName: `Acme ${tag} Logistics`,
        email: `olivia.${tag}@acme.example`,
      });
      const member = await newUser(t, { firstName: `Marco${tag}`, lastName: 'Mendes' });
      await joinTeam(t, owner, member);

      for (const term of [
        `ACME ${tag.toUpperCase()} LOG`,
        `${tag} logistics`,
        `olivia${tag} OWENS`,
        `${tag.toUpperCase()} Ow`,
        `.${tag}@ACME`,
        `  ${tag}@acme.example  `,
      ]) {
        const found = await search(term);
        expect({ term, ids: found.items.map((team) => team.id) }).toEqual({ term, ids: [owner.teamId] });
      }
      // Only owners are searched: the member's name finds the member's own team, not this one.
      expect((await search(`Marco${tag}`)).items.map((team) => team.id)).toEqual([member.teamId]);
      // No match spans two fields of the search document.
      expect((await search(`logistics olivia${tag}`)).total).toBe(0);
    });

    it('keeps search in step with renamed teams, renamed owners, changed emails and new owners', async () => {
      const tag = marker();
      const owner = await newUser(t, { firstName: 'Before', lastName: tag, teamName: `Old name ${tag}` });
      const successor = await newUser(t, { firstName: 'Successor', lastName: tag });
      await joinTeam(t, owner, successor);

      await t.db.query(`UPDATE teams SET name = $2 WHERE id = $1`, [owner.teamId, `New name ${tag}`]);
      expect((await search(`old name ${tag}`)).total).toBe(0);
      expect((await search(`new name ${tag}`)).items.map((team) => team.id)).toEqual([owner.teamId]);

      await t.db.query(`UPDATE users SET first_name = 'After', email = $2 WHERE id = $1`, [owner.id, `renamed.${tag}@example.test`]);
      expect((await search(`before ${tag}`)).total).toBe(0);
      expect((await search(`after ${tag}`)).total).toBe(1);
      expect((await search(`renamed.${tag}`)).total).toBe(1);

      await t.db.query(`UPDATE team_members SET role = 'member' WHERE team_id = $1 AND user_id = $2`, [owner.teamId, owner.id]);
      await t.db.query(`UPDATE team_members SET role = 'owner' WHERE team_id = $1 AND user_id = $2`, [owner.teamId, successor.id]);
      expect((await search(`after ${tag}`)).total).toBe(0);
      // The successor also owns the team they registered with; both are theirs now.
      const found = await search(`successor ${tag}`);
      expect(found.items.map((team) => team.id).sort()).toEqual([owner.teamId, successor.teamId].sort());
      expect(found.items.find((team) => team.id === owner.teamId)).toMatchObject({ owner: { id: successor.id }, memberCount: 2 });

      await t.db.query(`DELETE FROM team_members WHERE team_id = $1 AND role = 'owner'`, [owner.teamId]);
      expect((await search(`successor ${tag}`)).items.map((team) => team.id)).toEqual([successor.teamId]);
      const ownerless = await search(`new name ${tag}`);
      expect(ownerless.items).toEqual([expect.objectContaining({ id: owner.teamId, owner: null, memberCount: 1 })]);
    });

    it('treats %, _ and \\ in a search as plain characters', async () => {
      const tag = marker();
      await newUser(t, { teamName: `Rate 100%_${tag}` });
      expect((await search(`100%_${tag}`)).total).toBe(1);
      expect((await search(`%${tag}`)).total).toBe(0);
      expect((await search(`100__${tag}`)).total).toBe(0);
      expect((await search(`\\${tag}`)).total).toBe(0);
    });

    it('pages newest first with a stable order and the total', async () => {
      const tag = marker();
      const owner = await newUser(t, { teamName: `${tag} one` });
      for (const name of [`${tag} two`, `${tag} three`]) {
        await t.http().post('/api/teams').set(bearer(owner.accessToken)).send({ name }).expect(201);
      }
      const first = await search(tag, '&page=1&pageSize=2');
      expect(first.total).toBe(3);
      expect(first.items.map((team) => team.name)).toEqual([`${tag} three`, `${tag} two`]);
      const second = await search(tag, '&page=2&pageSize=2');
      expect(second.items.map((team) => team.name)).toEqual([`${tag} one`]);

      const everything = await teams(admin, '?pageSize=100').expect(200);
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM teams`);
      expect(everything.body.total).toBe(Math.min(count, TEAMS_LIST_TOTAL_CAP));
      expect(everything.body.totalIsCapped).toBe(count > TEAMS_LIST_TOTAL_CAP);
      const times = everything.body.items.map((team: { createdAt: string }) => new Date(team.createdAt).getTime());
      expect(times).toEqual([...times].sort((a, b) => b - a));
    });

    it('finds the same pages whichever way it collects them (few matches: sorted; many: index walk)', async () => {
      const tag = marker();
      for (let i = 0; i < 5; i += 1) await newUser(t, { teamName: `${tag} ${i}` });
      const pageOf = async (total: number, offset: number) => {
        const statement = teamsListPage(tag, total, 2, offset);
        return (await t.db.query(statement.sql, statement.params)).map((row: { id: string }) => row.id);
      };
      const pages = [];
      for (const offset of [0, 2, 4]) {
        const collected = await pageOf(5, offset);
        expect(await pageOf(COLLECT_MATCHES_UP_TO + 1, offset)).toEqual(collected);
        pages.push(...collected);
      }
      expect(pages).toEqual((await search(tag)).items.map((team) => team.id));
      expect(new Set(pages).size).toBe(5);
    });

    it('answers any page size with the same statements (no query per team): a search one, the whole list two', async () => {
      const tag = marker();
      for (let i = 0; i < 5; i += 1) await newUser(t, { teamName: `${tag} ${i}` });
      const teamQueries = async (query: string) => {
        const spy = vi.spyOn(PostgresQueryRunner.prototype, 'query');
        try {
          await teams(admin, query).expect(200);
          // The request's own session query (auth_sessions, which also reads the caller's team) is not the list's.
          return spy.mock.calls.filter(([sql]) => /\b(teams|team_members)\b/.test(String(sql)) && !/\bauth_sessions\b/.test(String(sql)))
            .length;
        } finally {
          spy.mockRestore();
        }
      };
      // The search's matches are collected, counted and paged by one scan (a full page or not).
      expect(await teamQueries(`?search=${tag}&pageSize=1`)).toBe(1);
      expect(await teamQueries(`?search=${tag}&pageSize=5`)).toBe(1);
      expect(await teamQueries('?pageSize=100')).toBe(2);
    });

    it('pages a search with more matches than it collects by walking the teams, newest first, total capped', async () => {
      const tag = marker();
      const teamCount = COLLECT_MATCHES_UP_TO + 5;
      await t.db.query(
        `INSERT INTO teams (name, created_at) SELECT $1 || ' ' || i, now() - make_interval(secs => i) FROM generate_series(1, $2) i`,
        [tag, teamCount],
      );
      const first = await search(tag, '&page=1&pageSize=20');
      expect(first).toMatchObject({ total: TEAMS_LIST_TOTAL_CAP, totalIsCapped: true });
      expect(first.items.map((team) => team.name)).toEqual(Array.from({ length: 20 }, (_, i) => `${tag} ${i + 1}`));
      const pastTheCap = await search(tag, `&page=${COLLECT_MATCHES_UP_TO / 20 + 1}&pageSize=20`);
      expect(pastTheCap.items.map((team) => team.name)).toEqual(
        Array.from({ length: teamCount - COLLECT_MATCHES_UP_TO }, (_, i) => `${tag} ${COLLECT_MATCHES_UP_TO + i + 1}`),
      );
    });

    it("finds an owner by their whole email address through the exact index, and still finds an address's part", async () => {
      const tag = marker();
      const owner = await newUser(t, { email: `Pat.${tag}@Harbor.example`, teamName: `Harbor ${tag}` });
      const second = await t
        .http()
        .post('/api/teams')
        .set(bearer(owner.accessToken))
        .send({ name: `Harbor two ${tag}` })
        .expect(201);
      const member = await newUser(t, { email: `member.${tag}@harbor.example` });
      await joinTeam(t, owner, member);
      const statements = async (term: string) => {
        const spy = vi.spyOn(PostgresQueryRunner.prototype, 'query');
        try {
          const found = await search(term);
          const sent = spy.mock.calls.filter(([sql]) => /\bteams\b/.test(String(sql)) && !/\bauth_sessions\b/.test(String(sql)));
          return { ids: found.items.map((team) => team.id).sort(), total: found.total, sent: sent.map(([sql]) => String(sql)) };
        } finally {
          spy.mockRestore();
        }
      };

      const exact = await statements(`pat.${tag}@HARBOR.example`);
      expect(exact.ids).toEqual([owner.teamId, second.body.id].sort());
      expect(exact.total).toBe(2);
      expect(exact.sent).toHaveLength(1);
      expect(exact.sent[0]).toContain('lower(u.email) = lower($5)');
      // Only owners are found: a member's whole address finds the member's own team.
      expect((await statements(`member.${tag}@harbor.example`)).ids).toEqual([member.teamId]);
      // No owner has this exact address: the search document answers, as for any part of an address.
      const part = await statements(`${tag}@harbor.example`);
      expect(part.ids).toEqual([owner.teamId, second.body.id, member.teamId].sort());
      expect(part.sent).toHaveLength(2);
    });

    it.each([
      ['a 101-character search', `?search=${'x'.repeat(101)}`, 'search'],
      ['a search with a line break', '?search=a%0Ab', 'search'],
      ['two searches', '?search=a&search=b', 'search'],
      ['page 0', '?page=0', 'page'],
      ['pageSize 101', '?pageSize=101', 'pageSize'],
      ['pageSize 10,000', '?pageSize=10000', 'pageSize'],
      ['pageSize not a number', '?pageSize=abc', 'pageSize'],
      ['an unknown parameter', '?ownerId=1', 'ownerId'],
    ])('refuses %s with a 400 naming the field', async (_name, query, field) => {
      const res = await teams(admin, query).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });

  describe('PATCH /api/admin/users/:id', () => {
    it('lets a super admin change a role, audited, and answers the user with the new role', async () => {
      const user = await newUser(t, { firstName: 'Grace', lastName: 'Hopper' });
      const res = await changeRole(superAdmin, user.id, 'admin').expect(200);
      expect(res.body).toEqual({ id: user.id, email: user.email, name: 'Grace Hopper', role: 'admin' });
      // The user's existing token now reaches the admin pages.
      await teams(user, '').expect(200);

      const log = await t.http().get('/api/audit-logs').set(bearer(superAdmin.accessToken)).expect(200);
      const entry = log.body.items.find(
        (e: { action: string; entityId: string }) => e.action === 'user.role_changed' && e.entityId === user.id,
      );
      expect(entry).toMatchObject({
        entityType: 'user',
        details: { from: 'user', to: 'admin' },
        actor: { id: superAdmin.id, name: 'Sam Operator' },
      });

      // Setting the role it already has changes nothing and writes nothing.
      await changeRole(superAdmin, user.id, 'admin').expect(200);
      const [{ entries }] = await t.db.query(
        `SELECT count(*)::int AS entries FROM audit_logs WHERE action = 'user.role_changed' AND entity_id = $1`,
        [user.id],
      );
      expect(entries).toBe(1);
    });

    it('refuses admins and users (403) and leaves the role alone', async () => {
      const target = await newUser(t);
      const user = await newUser(t);
      for (const caller of [admin, user]) {
        const res = await changeRole(caller, target.id, 'super_admin').expect(403);
        expect(res.body.code).toBe('FORBIDDEN');
      }
      const [{ role }] = await t.db.query(`SELECT role FROM users WHERE id = $1`, [target.id]);
      expect(role).toBe('user');
    });

    it('refuses a super admin’s change of their own role with 403 ROLE_CHANGE_SELF', async () => {
      const res = await changeRole(superAdmin, superAdmin.id, 'user').expect(403);
      expect(res.body.code).toBe('ROLE_CHANGE_SELF');
      await teams(superAdmin, '').expect(200);
    });

    it('answers 404 USER_NOT_FOUND for an unknown user and 400 for bad input', async () => {
      const missing = await changeRole(superAdmin, randomUUID(), 'admin').expect(404);
      expect(missing.body.code).toBe('USER_NOT_FOUND');
      const user = await newUser(t);
      for (const [path, body, field] of [
        [`/api/admin/users/${user.id}`, { role: 'owner' }, 'role'],
        [`/api/admin/users/${user.id}`, { role: 1 }, 'role'],
        [`/api/admin/users/${user.id}`, {}, 'role'],
        [`/api/admin/users/${user.id}`, { role: 'admin', email: 'x@example.test' }, 'email'],
        ['/api/admin/users/not-a-uuid', { role: 'admin' }, 'id'],
      ] as const) {
        const res = await t.http().patch(path).set(bearer(superAdmin.accessToken)).send(body).expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
    });

    it('takes an admin role away at once: the same token is refused on the next request', async () => {
      const demoted = await newUser(t, { role: 'admin' });
      await teams(demoted, '').expect(200);
      await changeRole(superAdmin, demoted.id, 'user').expect(200);
      const res = await teams(demoted, '').expect(403);
      expect(res.body.code).toBe('FORBIDDEN');
    });

    it.each<[Role, Role]>([
      ['admin', 'user'],
      ['super_admin', 'admin'],
    ])('ends the impersonations an admin runs when they go from %s to %s', async (from, to) => {
      const impersonator = await newUser(t, { role: from });
      const customer = await newUser(t);
      const session = await impersonateDirectly(t, impersonator, customer);
      await t.http().get('/api/businesses').set(bearer(session.accessToken)).expect(200);

      await changeRole(superAdmin, impersonator.id, to).expect(200);
      const [record] = await t.db.query(`SELECT ended_at, end_reason FROM impersonations WHERE id = $1`, [session.impersonationId]);
      expect(record).toEqual({ ended_at: expect.any(Date), end_reason: 'revoked' });
      const refused = await t.http().get('/api/businesses').set(bearer(session.accessToken)).expect(401);
      expect(refused.body.code).toBe('IMPERSONATION_ENDED');
    });

    it('ends impersonations of a user who becomes an admin, and keeps those of an admin promoted further', async () => {
      const customer = await newUser(t);
      const ofCustomer = await impersonateDirectly(t, admin, customer);
      await changeRole(superAdmin, customer.id, 'admin').expect(200);
      const [ended] = await t.db.query(`SELECT end_reason FROM impersonations WHERE id = $1`, [ofCustomer.impersonationId]);
      expect(ended.end_reason).toBe('revoked');

      const rising = await newUser(t, { role: 'admin' });
      const byRising = await impersonateDirectly(t, rising, await newUser(t));
      await changeRole(superAdmin, rising.id, 'super_admin').expect(200);
      const [kept] = await t.db.query(`SELECT ended_at FROM impersonations WHERE id = $1`, [byRising.impersonationId]);
      expect(kept.ended_at).toBeNull();
    });
  });
});
