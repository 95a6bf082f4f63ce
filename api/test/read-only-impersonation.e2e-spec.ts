import { randomUUID } from 'node:crypto';
import { type CurrentUser, ErrorCode } from '@vantage/contracts';
import { IS_PUBLIC } from '../src/auth/auth.decorators';
import { routesOf, type Route } from '../src/bootstrap/openapi-document';
import { impersonateDirectly, newUser, type RegisteredUser } from './support/fixtures';
import { bearer, startAppWithMailbox, type TestApp } from './support/test-app';

/** Every write route of the app, read from Nest's route table: a route added later is tried without editing this file. */
function writeRoutesOf(t: TestApp): Route[] {
  return routesOf(t.app).filter((route) => !['get', 'head'].includes(route.method));
}

function isPublic(route: Route): boolean {
  return (Reflect.getMetadata(IS_PUBLIC, route.handler) ?? Reflect.getMetadata(IS_PUBLIC, route.controller)) === true;
}

/** `/api/teams/{id}/members/{userId}` with every parameter filled: a fresh UUID (or a token-shaped string for link tokens). */
function filled(path: string): string {
  return path.replace(/\{(\w+)\}/g, (_all, name: string) => (name === 'token' ? 'A'.repeat(43) : randomUUID()));
}

/** Rows that a write by support would add or change, counted in the database (the action log itself aside). */
async function writtenState(t: TestApp, owner: RegisteredUser): Promise<Record<string, unknown>> {
  const [row] = await t.db.query(
    `SELECT (SELECT count(*) FROM audit_logs WHERE team_id = $2 AND action <> 'impersonation.refused')::int AS audit,
            (SELECT count(*) FROM business_comments)::int + (SELECT count(*) FROM lead_comments)::int AS comments,
            (SELECT count(*) FROM businesses WHERE team_id = $2)::int AS businesses,
            (SELECT count(*) FROM leads WHERE team_id = $2)::int AS leads,
            (SELECT count(*) FROM teams)::int AS teams,
            (SELECT count(*) FROM team_members WHERE user_id = $1)::int AS memberships,
            (SELECT count(*) FROM team_invitations WHERE team_id = $2)::int AS invitations,
            (SELECT count(*) FROM access_requests)::int AS access_requests,
            (SELECT count(*) FROM auth_sessions WHERE user_id = $1 AND revoked_at IS NULL)::int AS live_sessions,
            (SELECT row(first_name, last_name, impersonation_allowed, is_two_factor_enabled, password_hash, current_team_id)::text
               FROM users WHERE id = $1) AS user_row,
            (SELECT row(name, require_two_factor, support_access)::text FROM teams WHERE id = $2) AS team_row`,
    [owner.id, owner.teamId],
  );
  return row;
}

describe('Read-only support sessions (SPEC §10)', () => {
  let t: TestApp;
  let stop: () => Promise<void>;
  let admin: RegisteredUser;
  let owner: RegisteredUser;
  beforeAll(async () => {
    ({ t, stop } = await startAppWithMailbox());
    admin = await newUser(t, { role: 'admin' });
    owner = await newUser(t, { teamName: 'Read Only Ltd' });
    // Something to read, and to try to change.
    await t.http().post('/api/businesses').set(bearer(owner.accessToken)).send({ name: 'Bluebird Bakery' }).expect(201);
  });
  afterAll(() => stop());

  it('refuses every write route of the route table with 403 READ_ONLY_IMPERSONATION, except returning, and writes nothing', async () => {
    const { accessToken } = await impersonateDirectly(t, admin, owner, { mode: 'read' });
    const routes = writeRoutesOf(t).filter((route) => !isPublic(route));
    const before = await writtenState(t, owner);

    const answered: string[] = [];
    const notRefused: string[] = [];
    for (const route of routes) {
      const name = `${route.method.toUpperCase()} ${route.path}`;
      // Returning ends the session: it is tried last, below.
      if (name === 'POST /api/2fa/cancel-impersonation') {
        notRefused.push(name);
        continue;
      }
      const res = await t.http()[route.method as 'post'](filled(route.path)).set(bearer(accessToken)).send({});
      answered.push(name);
      if (res.status !== 403 || res.body.code !== ErrorCode.READ_ONLY_IMPERSONATION)
        notRefused.push(`${name} → ${res.status} ${res.body.code}`);
    }

    expect(notRefused).toEqual(['POST /api/2fa/cancel-impersonation']);
    // The table is the app's: every authenticated write of it was tried (more than 25 today, and each new one from now on).
    expect(answered.length).toBe(routes.length - 1);
    expect(routes.length).toBeGreaterThan(25);
    expect(await writtenState(t, owner)).toEqual(before);

    // The session itself is still running, and returning from it works.
    await t.http().get('/api/auth/me').set(bearer(accessToken)).expect(200);
    const back = await t.http().post('/api/2fa/cancel-impersonation').set(bearer(accessToken)).expect(200);
    expect(back.body.user.id).toBe(admin.id);
  });

  it('public writes (sign-in, refresh, sign-out) do not read the token at all; signing out with it works', async () => {
    const publicWrites = writeRoutesOf(t)
      .filter(isPublic)
      .map((route) => `${route.method.toUpperCase()} ${route.path}`);
    expect(publicWrites).toEqual(expect.arrayContaining(['POST /api/auth/logout', 'POST /api/auth/refresh']));
    const { accessToken } = await impersonateDirectly(t, admin, owner, { mode: 'read' });
    await t.http().post('/api/auth/logout').set(bearer(accessToken)).expect(204);
    await t.http().get('/api/auth/me').set(bearer(accessToken)).expect(401);
  });

  it('reads work in a read-only session', async () => {
    const { accessToken } = await impersonateDirectly(t, admin, owner, { mode: 'read' });
    const businesses = await t.http().get('/api/businesses').set(bearer(accessToken)).expect(200);
    expect(businesses.body.items.map((b: { name: string }) => b.name)).toContain('Bluebird Bakery');
    await t.http().get('/api/leads').set(bearer(accessToken)).expect(200);
    await t.http().get('/api/audit-logs').set(bearer(accessToken)).expect(200);
    await t.http().head('/api/businesses').set(bearer(accessToken)).expect(200);
  });

  it('/auth/me lists change_data with the refusal a write gets, and the decision on access requests', async () => {
    const { accessToken } = await impersonateDirectly(t, admin, owner, { mode: 'read' });
    const me = (await t.http().get('/api/auth/me').set(bearer(accessToken)).expect(200)).body as CurrentUser;
    expect(me.impersonationMode).toBe('read');
    expect(me.restrictions.change_data?.code).toBe('READ_ONLY_IMPERSONATION');
    expect(me.restrictions.decide_access_request?.code).toBe('FORBIDDEN_DURING_IMPERSONATION');
    const res = await t.http().post('/api/businesses').set(bearer(accessToken)).send({ name: 'Made by support' }).expect(403);
    expect(res.body).toEqual({ statusCode: 403, ...me.restrictions.change_data });
  });

  it('a write-mode session is unchanged: it writes, and change_data is not restricted', async () => {
    const { accessToken } = await impersonateDirectly(t, admin, owner, { mode: 'write' });
    const me = (await t.http().get('/api/auth/me').set(bearer(accessToken)).expect(200)).body as CurrentUser;
    expect(me.impersonationMode).toBe('write');
    expect(me.restrictions.change_data).toBeUndefined();
    await t.http().post('/api/businesses').set(bearer(accessToken)).send({ name: 'Made by support' }).expect(201);
  });

  it("the user's own session is never read-only", async () => {
    await impersonateDirectly(t, admin, owner, { mode: 'read' });
    await t.http().post('/api/businesses').set(bearer(owner.accessToken)).send({ name: 'Made by the owner' }).expect(201);
  });
});
