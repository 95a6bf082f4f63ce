import type { AuditLogEntry, Page, PendingInvitationList, TeamMemberList, TeamSummary } from '@vantage/contracts';
import { createHash, randomUUID } from 'node:crypto';
import {
  acceptInvitation,
  impersonate,
  invite,
  joinTeam,
  newUser,
  type RegisteredUser,
  type SentInvitation,
  uniqueEmail,
} from './support/fixtures';
import type { TestMailbox } from './support/mailbox';
import { claimsOf, tableFingerprints, unknownLinkToken } from './support/security';
import { bearer, createTestApp, refreshCookieOf, type TestApp, startAppWithMailbox } from './support/test-app';

/** Team members and invitations (SPEC §8). */
describe('Team members and invitations (SPEC §8)', () => {
  let t: TestApp;
  let mailbox: TestMailbox;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ t, mailbox, stop } = await startAppWithMailbox());
  });
  afterAll(() => stop());

  const NEW_PERSON = { firstName: 'Grace', lastName: 'Hopper', password: 'a good password' };

  const members = (token: string, teamId: string) => t.http().get(`/api/teams/${teamId}/members`).set(bearer(token));
  const memberList = async (token: string, teamId: string) => (await members(token, teamId).expect(200)).body as TeamMemberList;
  const roleOf = async (owner: RegisteredUser, userId: string) =>
    (await memberList(owner.accessToken, owner.teamId)).items.find((m) => m.user.id === userId)?.role;
  const changeRole = (token: string, teamId: string, userId: string, role: unknown) =>
    t.http().patch(`/api/teams/${teamId}/members/${userId}`).set(bearer(token)).send({ role });
  const remove = (token: string, teamId: string, userId: string) =>
    t.http().delete(`/api/teams/${teamId}/members/${userId}`).set(bearer(token));
  const preview = (token: string) => t.http().get(`/api/invitations/${token}`);
  const pending = (token: string, teamId: string) => t.http().get(`/api/teams/${teamId}/invitations`).set(bearer(token));
  /** The current team's audit log as its members see it, newest first. */
  const auditLog = async (token: string) =>
    ((await t.http().get('/api/audit-logs?pageSize=100').set(bearer(token)).expect(200)).body as Page<AuditLogEntry>).items;
  /** A second sign-in of a person (no 2FA), in whatever team they land in. */
  const signIn = async (person: { email: string; password: string }) =>
    (await t.http().post('/api/auth/login').send({ email: person.email, password: person.password }).expect(200)).body;
  const notFound = (res: { status: number; body: { code: string } }) =>
    expect([res.status, res.body.code]).toEqual([404, 'INVITATION_NOT_FOUND']);

  /** An owner and a member who joined by invitation; `memberToken` works in the owner's team. */
  async function teamOfTwo(options: { memberTwoFactor?: 'email' } = {}) {
    const owner = await newUser(t, { firstName: 'Olivia', lastName: 'Owner' });
    const member = await newUser(t, { firstName: 'Marco', lastName: 'Member', twoFactor: options.memberTwoFactor });
    const memberToken = await joinTeam(t, owner, member);
    return { owner, member, memberToken };
  }

  describe('the members list (GET /teams/:id/members)', () => {
    it('any member reads it: each person with name, email, role, joinedAt and whether they use 2FA', async () => {
      const { owner, member, memberToken } = await teamOfTwo({ memberTwoFactor: 'email' });
      const list = await memberList(memberToken, owner.teamId);
      expect(list).toEqual({
        items: [
          {
            user: { id: owner.id, name: 'Olivia Owner', email: owner.email },
            role: 'owner',
            joinedAt: expect.any(String),
            isTwoFactorEnabled: false,
          },
          {
            user: { id: member.id, name: 'Marco Member', email: member.email },
            role: 'member',
            joinedAt: expect.any(String),
            isTwoFactorEnabled: true,
          },
        ],
      });
      const [ownerJoined, memberJoined] = list.items.map((m) => Date.parse(m.joinedAt));
      expect(memberJoined).toBeGreaterThanOrEqual(ownerJoined);
      expect(await memberList(owner.accessToken, owner.teamId)).toEqual(list);
    });

    it('a non-member gets 404 TEAM_NOT_FOUND, like for a team that does not exist; a malformed id is 400', async () => {
      const { owner } = await teamOfTwo();
      const stranger = await newUser(t);
      const theirs = await members(stranger.accessToken, owner.teamId).expect(404);
      expect(theirs.body.code).toBe('TEAM_NOT_FOUND');
      expect((await members(stranger.accessToken, randomUUID()).expect(404)).body).toEqual(theirs.body);
      expect((await members(stranger.accessToken, 'not-a-uuid').expect(400)).body.code).toBe('VALIDATION_FAILED');
    });
  });

  describe("the team's settings (GET /teams/:id)", () => {
    it('every member reads them: name, team-wide two-factor and support access; a non-member gets 404, a malformed id 400', async () => {
      const { owner, memberToken } = await teamOfTwo();
      const expected = { id: owner.teamId, name: expect.any(String), requireTwoFactor: false, supportAccess: 'allowed' };
      expect((await t.http().get(`/api/teams/${owner.teamId}`).set(bearer(owner.accessToken)).expect(200)).body).toEqual(expected);
      expect((await t.http().get(`/api/teams/${owner.teamId}`).set(bearer(memberToken)).expect(200)).body).toEqual(expected);

      const stranger = await newUser(t);
      const refused = await t.http().get(`/api/teams/${owner.teamId}`).set(bearer(stranger.accessToken));
      expect([refused.status, refused.body.code]).toEqual([404, 'TEAM_NOT_FOUND']);
      expect((await t.http().get('/api/teams/not-a-uuid').set(bearer(owner.accessToken))).status).toBe(400);
    });
  });

  describe('renaming the team (PATCH /teams/:id)', () => {
    const rename = (token: string, teamId: string, body: object) => t.http().patch(`/api/teams/${teamId}`).set(bearer(token)).send(body);

    it("an owner renames it: the answer is the team's settings, every member sees the name, and it is audited", async () => {
      const { owner, memberToken } = await teamOfTwo();
      const res = await rename(owner.accessToken, owner.teamId, { name: 'Renamed Ltd' }).expect(200);
      expect(res.body).toEqual({ id: owner.teamId, name: 'Renamed Ltd', requireTwoFactor: false, supportAccess: 'allowed' });
      const teams = (await t.http().get('/api/teams').set(bearer(memberToken)).expect(200)).body as TeamSummary[];
      expect(teams.find((team) => team.id === owner.teamId)?.name).toBe('Renamed Ltd');
      const [entry] = await auditLog(owner.accessToken);
      expect(entry).toMatchObject({ action: 'team.updated', actor: { id: owner.id }, details: { name: { to: 'Renamed Ltd' } } });
    });

    it('a member gets 403 TEAM_OWNER_REQUIRED, a non-member 404; unknown fields and bad names are 400; the name stays', async () => {
      const { owner, memberToken } = await teamOfTwo();
      const stranger = await newUser(t);
      const before = (await t.http().get('/api/teams').set(bearer(owner.accessToken)).expect(200)).body as TeamSummary[];
      expect((await rename(memberToken, owner.teamId, { name: 'Mine now' }).expect(403)).body.code).toBe('TEAM_OWNER_REQUIRED');
      expect((await rename(stranger.accessToken, owner.teamId, { name: 'Mine now' }).expect(404)).body.code).toBe('TEAM_NOT_FOUND');
      for (const [body, field] of [
        [{ name: 'Mine now', ownerId: stranger.id }, 'ownerId'],
        [{ name: '' }, 'name'],
        [{ name: 'x'.repeat(101) }, 'name'],
        [{ name: 42 }, 'name'],
      ] as const) {
        const res = await rename(owner.accessToken, owner.teamId, body).expect(400);
        expect(res.body.code).toBe('VALIDATION_FAILED');
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      expect((await t.http().get('/api/teams').set(bearer(owner.accessToken)).expect(200)).body).toEqual(before);
    });
  });

  describe('inviting (POST /teams/:id/invitations)', () => {
    it('201 {id,email,role,expiresAt} valid 7 days; the invited person is emailed the link <APP_URL>/invitations/<token>', async () => {
      const owner = await newUser(t, { firstName: 'Olivia', lastName: 'Owner', teamName: 'Bluebird Bakery' });
      const email = uniqueEmail('grace');
      const before = mailbox.messages.length;
      const res = await t
        .http()
        .post(`/api/teams/${owner.teamId}/invitations`)
        .set(bearer(owner.accessToken))
        .send({ email, role: 'owner' });
      expect(res.status).toBe(201);
      expect(res.body).toEqual({ id: expect.any(String), email, role: 'owner', expiresAt: expect.any(String) });
      const [{ now }] = await t.db.query<{ now: Date }[]>(`SELECT now() AS now`);
      const days = (Date.parse(res.body.expiresAt) - now.getTime()) / 86_400_000;
      expect(days).toBeGreaterThan(6.99);
      expect(days).toBeLessThanOrEqual(7);

      const mail = await mailbox.waitFor(email, (m) => mailbox.messages.indexOf(m) >= before);
      expect(mail.subject).toBe('Olivia Owner invited you to Bluebird Bakery on Vantage');
      const token = await mailbox.linkToken(email, `${t.config.appUrl}/invitations/`, before);
      expect(mail.text).toContain(`${t.config.appUrl}/invitations/${token}`);
      expect(mail.raw).toContain('text/html');
      expect((await preview(token).expect(200)).body).toEqual({
        teamName: 'Bluebird Bakery',
        email,
        role: 'owner',
        invitedBy: { name: 'Olivia Owner' },
        expiresAt: res.body.expiresAt,
        accountExists: false,
      });
    });

    it('the token is stored only as its hash: no column of any invitation holds it', async () => {
      const owner = await newUser(t);
      const { id, token } = await invite(t, owner, uniqueEmail());
      const [row] = await t.db.query<Record<string, unknown>[]>(`SELECT * FROM team_invitations WHERE id = $1`, [id]);
      expect(Object.values(row).map(String)).not.toContain(token);
      const [{ n }] = await t.db.query<{ n: number }[]>(
        `SELECT count(*)::int AS n FROM team_invitations i WHERE strpos(i::text, $1) > 0 OR strpos(i::text, $2) > 0`,
        [token, Buffer.from(token, 'base64url').toString('hex')],
      );
      expect(n).toBe(0);
      expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    });

    it('someone already in the team is 409 ALREADY_MEMBER, in any letter case; bad input is 400 naming the field', async () => {
      const { owner, member } = await teamOfTwo();
      const send = (body: object) => t.http().post(`/api/teams/${owner.teamId}/invitations`).set(bearer(owner.accessToken)).send(body);
      expect((await send({ email: member.email, role: 'member' }).expect(409)).body.code).toBe('ALREADY_MEMBER');
      expect((await send({ email: owner.email.toUpperCase(), role: 'owner' }).expect(409)).body.code).toBe('ALREADY_MEMBER');
      for (const [body, field] of [
        [{ role: 'member' }, 'email'],
        [{ email: 'not an email', role: 'member' }, 'email'],
        [{ email: uniqueEmail() }, 'role'],
        [{ email: uniqueEmail(), role: 'admin' }, 'role'],
        [{ email: uniqueEmail(), role: 'member', expiresAt: '2099-01-01T00:00:00Z' }, 'expiresAt'],
      ] as const) {
        const res = await send(body).expect(400);
        expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
      }
      expect((await pending(owner.accessToken, owner.teamId).expect(200)).body).toEqual({ items: [] });
    });

    it('inviting the same email again replaces the invitation: the old link is 404, the new one works', async () => {
      const owner = await newUser(t);
      const email = uniqueEmail();
      const first = await invite(t, owner, email, 'owner');
      const second = await invite(t, owner, email.toUpperCase(), 'member');
      notFound(await preview(first.token));
      notFound(await acceptInvitation(t, first.token, null, NEW_PERSON));
      expect((await preview(second.token).expect(200)).body.role).toBe('member');
      const list = (await pending(owner.accessToken, owner.teamId).expect(200)).body as PendingInvitationList;
      expect(list.items.map((i) => i.id)).toEqual([second.id]);
      await acceptInvitation(t, second.token, null, NEW_PERSON).expect(201);
    });

    it('a member gets 403 TEAM_OWNER_REQUIRED and a non-member 404, and no invitation is made', async () => {
      const { owner, memberToken } = await teamOfTwo();
      const stranger = await newUser(t);
      const email = uniqueEmail();
      const send = (token: string) =>
        t.http().post(`/api/teams/${owner.teamId}/invitations`).set(bearer(token)).send({ email, role: 'member' });
      expect((await send(memberToken).expect(403)).body.code).toBe('TEAM_OWNER_REQUIRED');
      expect((await send(stranger.accessToken).expect(404)).body.code).toBe('TEAM_NOT_FOUND');
      expect(await t.db.query(`SELECT 1 FROM team_invitations WHERE email = $1`, [email])).toEqual([]);
      expect(mailbox.for(email)).toEqual([]);
    });
  });

  describe('pending invitations (GET and DELETE /teams/:id/invitations)', () => {
    it('owners list the open ones, newest first, with who invited — not accepted, withdrawn or expired ones', async () => {
      const { owner, memberToken } = await teamOfTwo();
      const stranger = await newUser(t);
      const accepted = await invite(t, owner, uniqueEmail());
      await acceptInvitation(t, accepted.token, null, NEW_PERSON).expect(201);
      const withdrawn = await invite(t, owner, uniqueEmail());
      await t.http().delete(`/api/teams/${owner.teamId}/invitations/${withdrawn.id}`).set(bearer(owner.accessToken)).expect(204);
      const expired = await invite(t, owner, uniqueEmail());
      await t.db.query(`UPDATE team_invitations SET expires_at = now() - interval '1 second' WHERE id = $1`, [expired.id]);
      const older = await invite(t, owner, uniqueEmail(), 'owner');
      const newer = await invite(t, owner, uniqueEmail());

      const list = (await pending(owner.accessToken, owner.teamId).expect(200)).body as PendingInvitationList;
      expect(list).toEqual({
        items: [newer, older].map(({ id, email, role, expiresAt }) => ({
          id,
          email,
          role,
          expiresAt,
          invitedBy: { name: 'Olivia Owner' },
        })),
      });
      expect((await pending(memberToken, owner.teamId).expect(403)).body.code).toBe('TEAM_OWNER_REQUIRED');
      expect((await pending(stranger.accessToken, owner.teamId).expect(404)).body.code).toBe('TEAM_NOT_FOUND');
    });

    it('withdrawing: 204 and the link stops working; again, or by a member, it is refused', async () => {
      const { owner, memberToken } = await teamOfTwo();
      const invitation = await invite(t, owner, uniqueEmail());
      const withdraw = (token: string) => t.http().delete(`/api/teams/${owner.teamId}/invitations/${invitation.id}`).set(bearer(token));
      expect((await withdraw(memberToken).expect(403)).body.code).toBe('TEAM_OWNER_REQUIRED');
      await preview(invitation.token).expect(200);
      await withdraw(owner.accessToken).expect(204);
      notFound(await preview(invitation.token));
      notFound(await acceptInvitation(t, invitation.token, null, NEW_PERSON));
      notFound(await withdraw(owner.accessToken));
    });
  });

  describe('the invitation link (GET /invitations/:token)', () => {
    it('anyone may read it: accountExists says whether the invited email has an account (any letter case)', async () => {
      const owner = await newUser(t);
      const existing = await newUser(t);
      const forAccount = await invite(t, owner, existing.email.toUpperCase());
      const forNobody = await invite(t, owner, uniqueEmail());
      expect((await preview(forAccount.token).expect(200)).body.accountExists).toBe(true);
      expect((await preview(forNobody.token).expect(200)).body.accountExists).toBe(false);
    });

    it('an unknown or malformed token is 404 INVITATION_NOT_FOUND', async () => {
      for (const token of [unknownLinkToken(), 'short', `${unknownLinkToken()}x`, encodeURIComponent("' OR '1'='1")]) {
        notFound(await preview(token));
      }
    });
  });

  describe('accepting (POST /invitations/:token/accept)', () => {
    it('signed in as the invited email: 200, now working in the team with the invited role, and audited', async () => {
      const owner = await newUser(t, { teamName: 'Joined Team' });
      const person = await newUser(t);
      const invitation = await invite(t, owner, person.email.toUpperCase(), 'owner');
      const res = await acceptInvitation(t, invitation.token, person).expect(200);
      expect(res.body.user).toMatchObject({ id: person.id, currentTeam: { id: owner.teamId, name: 'Joined Team', role: 'owner' } });
      expect(claimsOf(res.body.accessToken).teamId).toBe(owner.teamId);
      const me = await t.http().get('/api/auth/me').set(bearer(res.body.accessToken)).expect(200);
      expect(me.body.currentTeam.id).toBe(owner.teamId);
      expect(await roleOf(owner, person.id)).toBe('owner');
      const [entry] = await auditLog(owner.accessToken);
      expect(entry).toMatchObject({
        action: 'team.invitation_accepted',
        actor: { id: person.id },
        entityId: invitation.id,
        details: { role: 'owner' },
      });
      // The choice of team holds at the next sign-in.
      expect((await signIn(person)).user.currentTeam.id).toBe(owner.teamId);
    });

    it('the emails are compared in any letter case: an account stored with capitals accepts a link to the lower-case address', async () => {
      const owner = await newUser(t);
      const person = await newUser(t);
      // As an account made before emails were normalised holds it (the unique index is on lower(email)).
      await t.db.query(`UPDATE users SET email = upper(email) WHERE id = $1`, [person.id]);
      const { token } = await invite(t, owner, person.email);
      await acceptInvitation(t, token, person).expect(200);
      expect(await roleOf(owner, person.id)).toBe('member');
    });

    it('signed in as another email: 403 INVITATION_EMAIL_MISMATCH, nobody joins, the link stays open', async () => {
      const owner = await newUser(t);
      const invited = await newUser(t);
      const other = await newUser(t);
      const { token } = await invite(t, owner, invited.email);
      expect((await acceptInvitation(t, token, other).expect(403)).body.code).toBe('INVITATION_EMAIL_MISMATCH');
      expect((await memberList(owner.accessToken, owner.teamId)).items.map((m) => m.user.id)).toEqual([owner.id]);
      // Signed in, the body must be empty (the account exists; nothing is created).
      expect((await acceptInvitation(t, token, invited, NEW_PERSON).expect(400)).body.code).toBe('VALIDATION_FAILED');
      await acceptInvitation(t, token, invited).expect(200);
    });

    it("anonymous, no account: 201 and a refresh cookie; a new account with no team of its own that reads the team's businesses", async () => {
      const owner = await newUser(t, { teamName: 'Acme' });
      const business = (await t.http().post('/api/businesses').set(bearer(owner.accessToken)).send({ name: 'Shared' }).expect(201)).body;
      const email = uniqueEmail('grace');
      const { token } = await invite(t, owner, email);

      const res = await acceptInvitation(t, token, null, NEW_PERSON).expect(201);
      expect(res.body.user).toMatchObject({
        email,
        firstName: 'Grace',
        lastName: 'Hopper',
        currentTeam: { id: owner.teamId, role: 'member' },
      });
      const cookie = refreshCookieOf(res);
      const teams = (await t.http().get('/api/teams').set(bearer(res.body.accessToken)).expect(200)).body as TeamSummary[];
      expect(teams).toEqual([{ id: owner.teamId, name: 'Acme', role: 'member' }]);
      const businesses = await t.http().get('/api/businesses').set(bearer(res.body.accessToken)).expect(200);
      expect(businesses.body.items.map((b: { id: string }) => b.id)).toContain(business.id);
      await t.http().post('/api/auth/refresh').set('Cookie', cookie).expect(200);
      // A real account: the password signs in, into the team.
      expect((await signIn({ email, password: NEW_PERSON.password })).user.currentTeam.id).toBe(owner.teamId);
      // Registering and accepting share one transaction (one timestamp): their order is not meaningful.
      const [login, ...joined] = (await auditLog(owner.accessToken)).map((e) => e.action).slice(0, 3);
      expect([login, joined.sort()]).toEqual(['auth.login', ['auth.registered', 'team.invitation_accepted']]);
    });

    it('anonymous when an account has the email: 409 SIGN_IN_TO_ACCEPT, and the link stays open', async () => {
      const owner = await newUser(t);
      const existing = await newUser(t);
      const { token } = await invite(t, owner, existing.email);
      expect((await acceptInvitation(t, token, null, NEW_PERSON).expect(409)).body.code).toBe('SIGN_IN_TO_ACCEPT');
      // Not a way to take the account over: its password is unchanged.
      await signIn(existing);
      await preview(token).expect(200);
    });

    it('anonymous with missing or bad fields: 400 naming each, and the link stays open', async () => {
      const owner = await newUser(t);
      const email = uniqueEmail();
      const { token } = await invite(t, owner, email);
      const missing = await acceptInvitation(t, token, null, {}).expect(400);
      expect(missing.body.code).toBe('VALIDATION_FAILED');
      expect(missing.body.errors.map((e: { field: string }) => e.field).sort()).toEqual(['firstName', 'lastName', 'password']);
      const onlyNames = await acceptInvitation(t, token, null, { firstName: 'A', lastName: 'B' }).expect(400);
      expect(onlyNames.body.errors.map((e: { field: string }) => e.field)).toEqual(['password']);
      const shortPassword = await acceptInvitation(t, token, null, { ...NEW_PERSON, password: 'short' }).expect(400);
      expect(shortPassword.body.errors.map((e: { field: string }) => e.field)).toEqual(['password']);
      const extra = await acceptInvitation(t, token, null, { ...NEW_PERSON, email: uniqueEmail() }).expect(400);
      expect(extra.body.errors.map((e: { field: string }) => e.field)).toEqual(['email']);
      expect(await t.db.query(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [email])).toEqual([]);
      await preview(token).expect(200);
    });

    it('a link works once: used, it is 404 for reading and accepting, signed in or not', async () => {
      const owner = await newUser(t);
      const person = await newUser(t);
      const { token } = await invite(t, owner, person.email);
      await acceptInvitation(t, token, person).expect(200);
      notFound(await preview(token));
      notFound(await acceptInvitation(t, token, person));
      notFound(await acceptInvitation(t, token, null, NEW_PERSON));
    });

    it('an expired link (past its 7 days) is 404 for reading and accepting', async () => {
      const owner = await newUser(t);
      const person = await newUser(t);
      const forPerson = await invite(t, owner, person.email);
      const forNewcomer = await invite(t, owner, uniqueEmail());
      await t.db.query(`UPDATE team_invitations SET expires_at = now() - interval '1 second' WHERE id = ANY($1::uuid[])`, [
        [forPerson.id, forNewcomer.id],
      ]);
      notFound(await preview(forPerson.token));
      notFound(await acceptInvitation(t, forPerson.token, person));
      notFound(await acceptInvitation(t, forNewcomer.token, null, NEW_PERSON));
      expect((await memberList(owner.accessToken, owner.teamId)).items).toHaveLength(1);
      expect(await t.db.query(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [forNewcomer.email])).toEqual([]);
    });

    it('two acceptances of one link at once: exactly one succeeds (anonymous, and signed in from two sessions)', async () => {
      const owner = await newUser(t);
      const { token, email, id } = await invite(t, owner, uniqueEmail());
      const anonymous = await Promise.all([acceptInvitation(t, token, null, NEW_PERSON), acceptInvitation(t, token, null, NEW_PERSON)]);
      expect(anonymous.map((r) => r.status).sort()).toEqual([201, 404]);
      expect(await t.db.query(`SELECT 1 FROM users WHERE lower(email) = lower($1)`, [email])).toHaveLength(1);

      const person = await newUser(t);
      const other = await signIn(person);
      const invitation = await invite(t, owner, person.email);
      const signedIn = await Promise.all([acceptInvitation(t, invitation.token, person), acceptInvitation(t, invitation.token, other)]);
      expect(signedIn.map((r) => r.status).sort()).toEqual([200, 404]);
      // One acceptance of each link, and one membership each.
      const accepted = (await auditLog(owner.accessToken)).filter((e) => e.action === 'team.invitation_accepted');
      expect(accepted.map((e) => e.entityId).sort()).toEqual([id, invitation.id].sort());
      expect((await memberList(owner.accessToken, owner.teamId)).items).toHaveLength(3);
    });

    it('invitations of one email at once (a double click): no error, and exactly one link works', async () => {
      const owner = await newUser(t);
      const email = uniqueEmail();
      const send = () =>
        t.http().post(`/api/teams/${owner.teamId}/invitations`).set(bearer(owner.accessToken)).send({ email, role: 'member' });
      const answers = await Promise.all([send(), send(), send(), send()]);
      expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201]);
      // Every link is mailed; each replaced the one before.
      const tokens = (await mailbox.waitForCount(email, 4)).map((m) => /\/invitations\/([A-Za-z0-9_-]{43})/.exec(m.text)![1]);
      expect(tokens).toHaveLength(4);
      const open = await Promise.all(tokens.map((token) => preview(token)));
      expect(open.map((r) => r.status).sort()).toEqual([200, 404, 404, 404]);
      expect(((await pending(owner.accessToken, owner.teamId).expect(200)).body as PendingInvitationList).items).toHaveLength(1);
    });
  });

  describe('roles (PATCH /teams/:id/members/:userId)', () => {
    it('an owner changes a role: the answer is the member; audited; a member 403, a non-member 404, no such member 404', async () => {
      const { owner, member, memberToken } = await teamOfTwo();
      const stranger = await newUser(t);
      const res = await changeRole(owner.accessToken, owner.teamId, member.id, 'owner').expect(200);
      expect(res.body).toEqual({
        user: { id: member.id, name: 'Marco Member', email: member.email },
        role: 'owner',
        joinedAt: expect.any(String),
        isTwoFactorEnabled: false,
      });
      expect(await roleOf(owner, member.id)).toBe('owner');
      const [entry] = await auditLog(owner.accessToken);
      expect(entry).toMatchObject({ action: 'team.member_role_changed', entityId: member.id, details: { from: 'member', to: 'owner' } });

      await changeRole(owner.accessToken, owner.teamId, member.id, 'member').expect(200);
      expect((await changeRole(memberToken, owner.teamId, owner.id, 'member').expect(403)).body.code).toBe('TEAM_OWNER_REQUIRED');
      expect((await changeRole(stranger.accessToken, owner.teamId, member.id, 'owner').expect(404)).body.code).toBe('TEAM_NOT_FOUND');
      expect((await changeRole(owner.accessToken, owner.teamId, stranger.id, 'owner').expect(404)).body.code).toBe('MEMBER_NOT_FOUND');
      expect((await changeRole(owner.accessToken, owner.teamId, member.id, 'admin').expect(400)).body.errors[0].field).toBe('role');
      expect(await roleOf(owner, member.id)).toBe('member');
    });

    it('the last owner cannot be demoted (409 LAST_OWNER); with a second owner, an owner steps down', async () => {
      const { owner, member } = await teamOfTwo();
      expect((await changeRole(owner.accessToken, owner.teamId, owner.id, 'member').expect(409)).body.code).toBe('LAST_OWNER');
      await changeRole(owner.accessToken, owner.teamId, member.id, 'owner').expect(200);
      await changeRole(owner.accessToken, owner.teamId, owner.id, 'member').expect(200);
      expect(await roleOf(owner, owner.id)).toBe('member');
    });
  });

  describe('removing and leaving (DELETE /teams/:id/members/:userId)', () => {
    it('the last owner can neither leave nor be removed (409 LAST_OWNER); two owners leaving at once: one stays', async () => {
      const { owner, member, memberToken } = await teamOfTwo();
      expect((await remove(owner.accessToken, owner.teamId, owner.id).expect(409)).body.code).toBe('LAST_OWNER');
      await changeRole(owner.accessToken, owner.teamId, member.id, 'owner').expect(200);
      // Each is not the last owner when they start; the team is locked, so only one goes.
      const answers = await Promise.all([remove(owner.accessToken, owner.teamId, owner.id), remove(memberToken, owner.teamId, member.id)]);
      expect(answers.map((r) => r.status).sort()).toEqual([204, 409]);
      expect(answers.find((r) => r.status === 409)!.body.code).toBe('LAST_OWNER');
      const stayed = answers[0].status === 409 ? owner : member;
      const list = await memberList(answers[0].status === 409 ? owner.accessToken : memberToken, owner.teamId);
      expect(list.items.map((m) => [m.user.id, m.role])).toEqual([[stayed.id, 'owner']]);
      // The one owner left cannot be removed by anyone either (only they could try: they are the only owner).
      expect((await remove(stayed === owner ? owner.accessToken : memberToken, owner.teamId, stayed.id).expect(409)).body.code).toBe(
        'LAST_OWNER',
      );
    });

    it('a member cannot remove someone else (403 TEAM_OWNER_REQUIRED), a non-member gets 404, no such member 404', async () => {
      const { owner, member, memberToken } = await teamOfTwo();
      const third = await newUser(t);
      await joinTeam(t, owner, third);
      const stranger = await newUser(t);
      expect((await remove(memberToken, owner.teamId, third.id).expect(403)).body.code).toBe('TEAM_OWNER_REQUIRED');
      expect((await remove(memberToken, owner.teamId, owner.id).expect(403)).body.code).toBe('TEAM_OWNER_REQUIRED');
      expect((await remove(stranger.accessToken, owner.teamId, member.id).expect(404)).body.code).toBe('TEAM_NOT_FOUND');
      expect((await remove(owner.accessToken, owner.teamId, stranger.id).expect(404)).body.code).toBe('MEMBER_NOT_FOUND');
      expect((await memberList(owner.accessToken, owner.teamId)).items).toHaveLength(3);
    });

    it('a member leaves: 204, audited as leaving, not emailed; their next request in the team is 403 NOT_A_TEAM_MEMBER', async () => {
      const { owner, member, memberToken } = await teamOfTwo();
      const before = mailbox.messages.length;
      await remove(memberToken, owner.teamId, member.id).expect(204);
      expect((await t.http().get('/api/businesses').set(bearer(memberToken)).expect(403)).body.code).toBe('NOT_A_TEAM_MEMBER');
      expect((await memberList(owner.accessToken, owner.teamId)).items.map((m) => m.user.id)).toEqual([owner.id]);
      const [entry] = await auditLog(owner.accessToken);
      expect(entry).toMatchObject({ action: 'team.member_left', actor: { id: member.id }, entityId: member.id });
      // Mails are delivered before the answer: one to the person leaving would be here by now.
      expect(mailbox.messages.slice(before).some((m) => m.to.includes(member.email.toLowerCase()))).toBe(false);
    });

    describe('removal takes effect on the next request, on every instance', () => {
      let second: TestApp;
      beforeAll(async () => {
        // A second API instance on the same database, sharing nothing in memory with the first.
        second = await createTestApp();
      });
      afterAll(() => second.close());

      it('removed on A: on B their token is 403 NOT_A_TEAM_MEMBER for the team, /auth/me works, and they work in their other team', async () => {
        const { owner, member, memberToken } = await teamOfTwo();
        const before = mailbox.messages.length;
        // B has seen (and verified) the token before the removal.
        await second.http().get('/api/businesses').set(bearer(memberToken)).expect(200);
        await second.http().get('/api/audit-logs').set(bearer(memberToken)).expect(200);

        await remove(owner.accessToken, owner.teamId, member.id).expect(204);

        for (const path of ['/api/businesses', '/api/audit-logs', '/api/leads']) {
          const res = await second.http().get(path).set(bearer(memberToken)).expect(403);
          expect(res.body.code).toBe('NOT_A_TEAM_MEMBER');
        }
        expect(
          (await second.http().post('/api/businesses').set(bearer(memberToken)).send({ name: 'After removal' }).expect(403)).body.code,
        ).toBe('NOT_A_TEAM_MEMBER');
        await members(memberToken, owner.teamId).expect(404);
        await second.http().get('/api/auth/me').set(bearer(memberToken)).expect(200);
        const switched = await second.http().post(`/api/teams/${member.teamId}/switch`).set(bearer(memberToken)).expect(200);
        await second.http().post('/api/businesses').set(bearer(switched.body.accessToken)).send({ name: 'In my own team' }).expect(201);

        const mail = await mailbox.waitFor(member.email, (m) => mailbox.messages.indexOf(m) >= before);
        expect(mail.subject).toBe(
          `You were removed from ${(await t.db.query(`SELECT name FROM teams WHERE id = $1`, [owner.teamId]))[0].name} on Vantage`,
        );
        const [entry] = await auditLog(owner.accessToken);
        expect(entry).toMatchObject({ action: 'team.member_removed', actor: { id: owner.id }, entityId: member.id });
      });

      it('after removal, a fresh sign-in lands in another of their teams', async () => {
        const { owner, member } = await teamOfTwo();
        expect((await signIn(member)).user.currentTeam.id).toBe(owner.teamId);
        await remove(owner.accessToken, owner.teamId, member.id).expect(204);
        const again = await second.http().post('/api/auth/login').send({ email: member.email, password: member.password }).expect(200);
        expect(again.body.user.currentTeam).toMatchObject({ id: member.teamId, role: 'owner' });
        await second.http().get('/api/businesses').set(bearer(again.body.accessToken)).expect(200);
      });
    });
  });

  it("invitations, withdrawals, acceptances, role changes, removals and leaving are in the team's audit log, in order", async () => {
    const owner = await newUser(t, { firstName: 'Olivia', lastName: 'Owner' });
    const ann = await newUser(t);
    const bob = await newUser(t);
    const withdrawn = await invite(t, owner, uniqueEmail());
    await t.http().delete(`/api/teams/${owner.teamId}/invitations/${withdrawn.id}`).set(bearer(owner.accessToken)).expect(204);
    const annToken = await joinTeam(t, owner, ann);
    await joinTeam(t, owner, bob);
    await changeRole(owner.accessToken, owner.teamId, bob.id, 'owner').expect(200);
    await remove(owner.accessToken, owner.teamId, bob.id).expect(204);
    await remove(annToken, owner.teamId, ann.id).expect(204);

    const entries = (await auditLog(owner.accessToken)).filter((e) => e.action.startsWith('team.') && e.action !== 'team.created');
    expect(entries.reverse().map((e) => [e.action, e.actor?.id, e.details?.email ?? e.details?.userId])).toEqual([
      ['team.member_invited', owner.id, withdrawn.email],
      ['team.invitation_revoked', owner.id, withdrawn.email],
      ['team.member_invited', owner.id, ann.email],
      ['team.invitation_accepted', ann.id, ann.email],
      ['team.member_invited', owner.id, bob.email],
      ['team.invitation_accepted', bob.id, bob.email],
      ['team.member_role_changed', owner.id, bob.id],
      ['team.member_removed', owner.id, bob.email],
      ['team.member_left', ann.id, ann.email],
    ]);
  });

  it('during an impersonation, every owner route and accepting are 403 FORBIDDEN_DURING_IMPERSONATION; reading members works', async () => {
    const admin = await newUser(t, { role: 'admin', twoFactor: 'totp' });
    const { owner, member } = await teamOfTwo();
    const invitation: SentInvitation = await invite(t, owner, uniqueEmail());
    const elsewhere = await newUser(t);
    const forOwner = await invite(t, elsewhere, owner.email);
    const started = await impersonate(t, admin, owner);
    expect(started.status).toBe(200);
    const token: string = started.body.accessToken;

    const before = await tableFingerprints(t);
    const blocked: [string, 'get' | 'post' | 'patch' | 'delete', string, object?][] = [
      ['rename', 'patch', `/api/teams/${owner.teamId}`, { name: 'Support renamed it' }],
      ['invite', 'post', `/api/teams/${owner.teamId}/invitations`, { email: uniqueEmail(), role: 'owner' }],
      ['list invitations', 'get', `/api/teams/${owner.teamId}/invitations`],
      ['withdraw', 'delete', `/api/teams/${owner.teamId}/invitations/${invitation.id}`],
      ['change a role', 'patch', `/api/teams/${owner.teamId}/members/${member.id}`, { role: 'owner' }],
      ['remove', 'delete', `/api/teams/${owner.teamId}/members/${member.id}`],
      ['leave', 'delete', `/api/teams/${owner.teamId}/members/${owner.id}`],
      ['accept', 'post', `/api/invitations/${forOwner.token}/accept`, {}],
    ];
    for (const [name, method, path, body] of blocked) {
      const req = t.http()[method](path).set(bearer(token));
      const res = await (body ? req.send(body) : req);
      expect([name, res.status, res.body.code]).toEqual([name, 403, 'FORBIDDEN_DURING_IMPERSONATION']);
    }
    expect((await memberList(token, owner.teamId)).items).toHaveLength(2);
    expect(await tableFingerprints(t)).toEqual(before);
    await preview(forOwner.token).expect(200);
  });
});
