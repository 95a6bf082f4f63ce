import {
  type AdminTeamsPage,
  type ApiError,
  type Business,
  type Comment,
  type CurrentUser,
  ErrorCode,
  type Lead,
  type Page,
  type TeamSummary,
} from '@vantage/contracts';
import fc from 'fast-check';
import type { InjectOptions } from 'fastify';
import {
  encode,
  hostileBody,
  hostilePathValue,
  hostileQuery,
  hostileString,
  type HostileBody,
  unreadableBody,
} from '../support/hostile-input';
import { impersonateDirectly, newUser, passwordStep, type RegisteredUser } from '../support/fixtures';
import { type ApiRoute, apiRoutes, auditActionsSince, dbNow, fillPath, tableFingerprints } from '../support/security';
import { bearer, createTestApp, type TestApp } from '../support/test-app';

/**
 * Hostile input on every endpoint: a property-based sweep (fast-check) over every route of the
 * OpenAPI document — so a new route is swept without touching this file — with every kind of
 * caller. Wrong types, missing and unknown fields, nested objects and arrays, 1 MB strings,
 * Unicode and control characters, SQL/NoSQL injection, malformed JSON, other media types,
 * oversized bodies, hostile path and query parameters.
 *
 *   HOSTILE_RUNS=200 HOSTILE_SEED=42 npm test -w api -- hostile-input   # a longer or a replayed sweep
 */
const RUNS_PER_ROUTE = Number(process.env.HOSTILE_RUNS ?? 30);
/** Generous: a request takes a few milliseconds, but this machine may be busy. */
const TIMEOUT_MS = 60_000 + RUNS_PER_ROUTE * 40 * 50;
const SEED = process.env.HOSTILE_SEED ? Number(process.env.HOSTILE_SEED) : Date.now() % 2_147_483_647;

const ERROR_CODES = new Set<string>(Object.values(ErrorCode));
const STACK_TRACE = /\bat \S+ \(|node_modules|\.(ts|js):\d+:\d+|QueryFailedError|syntax error at or near/;
/** The only audit entries a refused request may write: refused impersonation attempts are audited by design. */
const DESIGNED_AUDIT = new Set(['impersonation.refused']);

type PersonaName = 'anonymous' | 'user' | 'admin' | 'superAdmin' | 'impersonation' | 'loginChallenge';
const PERSONAS: PersonaName[] = ['anonymous', 'user', 'admin', 'superAdmin', 'impersonation', 'loginChallenge'];

describe('Hostile input on every endpoint (fast-check sweep)', () => {
  let t: TestApp;
  let routes: ApiRoute[];
  const tokens = {} as Record<PersonaName, string | null>;
  let owner: RegisteredUser;
  const own: Record<string, string> = {};
  let sent = 0;
  const statuses = new Map<number, number>();

  beforeAll(async () => {
    t = await createTestApp();
    routes = await apiRoutes(t);
    owner = await newUser(t);
    const business = (await t.http().post('/api/businesses').set(bearer(owner.accessToken)).send({ name: 'Sweep business' }).expect(201))
      .body;
    const lead = (
      await t.http().post('/api/leads').set(bearer(owner.accessToken)).send({ name: 'Sweep lead', businessId: business.id }).expect(201)
    ).body;
    Object.assign(own, { businesses: business.id, leads: lead.id, teams: owner.teamId, users: owner.id, impersonations: owner.id });
    const admin = await newUser(t, { role: 'admin', twoFactor: 'totp' });
    const superAdmin = await newUser(t, { role: 'super_admin', twoFactor: 'totp' });
    const withTwoFactor = await newUser(t, { twoFactor: 'totp' });
    tokens.anonymous = null;
    tokens.user = owner.accessToken;
    tokens.admin = admin.accessToken;
    tokens.superAdmin = superAdmin.accessToken;
    tokens.impersonation = (await impersonateDirectly(t, await newUser(t, { role: 'admin' }), await newUser(t))).accessToken;
    tokens.loginChallenge = await passwordStep(t, withTwoFactor);
  });

  afterAll(async () => {
    const byStatus = [...statuses.entries()]
      .sort(([a], [b]) => a - b)
      .map(([status, n]) => `${status}×${n}`)
      .join(', ');
    console.log(
      `Hostile input sweep: ${sent} requests to ${routes?.length ?? 0} routes (seed ${SEED}, ${RUNS_PER_ROUTE} runs per route). Statuses: ${byStatus}`,
    );
    await t.close();
  });

  async function send(options: InjectOptions) {
    sent++;
    const res = await t.app.getHttpAdapter().getInstance().inject(options);
    statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
    return res;
  }

  /** The id a persona's own record would have for this path (to reach past "not found"). */
  const ownIdFor = (path: string) => own[path.split('/')[path.startsWith('/api/admin') ? 3 : 2]] ?? owner.id;

  function requestFor(
    route: ApiRoute,
  ): fc.Arbitrary<{ persona: PersonaName; url: string; body: HostileBody | null; query: string; [fc.toStringMethod]: () => string }> {
    return fc
      .record({
        persona: fc.constantFrom(...PERSONAS),
        path: route.pathParams.length ? fc.option(hostilePathValue, { nil: null, freq: 4 }) : fc.constant(null),
        query: fc.option(hostileQuery(route), { nil: '' }),
        body: route.method === 'get' ? fc.option(unreadableBody, { nil: null }) : hostileBody(route),
      })
      .map(({ persona, path, query, body }) => {
        const url = !route.pathParams.length
          ? route.path
          : path === null
            ? fillPath(route.path, { id: ownIdFor(route.path) })
            : // The hostile value in the first parameter; any other gets a well-shaped value naming nothing.
              fillPath(route.path, { id: ownIdFor(route.path) }, { [route.pathParams[0]]: path.raw ? path.text : encode(path.text) });
        // fast-check prints a failing request with this: short, whatever the payload's size.
        const describe = () =>
          `${persona} ${route.method.toUpperCase()} ${url.slice(0, 200)}${query ? `?${query.slice(0, 200)}` : ''} — ${body ? `${body.kind}, ${body.contentType}: ${body.payload.slice(0, 300)}${body.payload.length > 300 ? `… (${body.payload.length} characters)` : ''}` : 'no body'}`;
        return { persona, url, body, query, [fc.toStringMethod]: describe };
      });
  }

  it('covers every route of the OpenAPI document', () => {
    expect(routes.length).toBeGreaterThanOrEqual(35);
    for (const name of [
      'POST /api/auth/register',
      'POST /api/2fa/impersonate',
      'PATCH /api/admin/users/{id}',
      'POST /api/leads/{id}/comments',
      'DELETE /api/teams/{id}/members/{userId}',
      'POST /api/invitations/{token}/accept',
      'POST /api/auth/password-reset/confirm',
      'POST /api/admin/users/{id}/two-factor/reset',
    ]) {
      expect(routes.map((r) => r.name)).toContain(name);
    }
  });

  it(
    'answers every broken request with a 4xx in the SPEC error format — never a 500 — and stores nothing',
    async () => {
      const before = await tableFingerprints(t);
      const since = await dbNow(t);

      for (const route of routes) {
        const property = fc.asyncProperty(requestFor(route), async ({ persona, url, body, query }) => {
          const token = tokens[persona];
          const res = await send({
            method: route.method.toUpperCase(),
            url: query ? `${url}?${query}` : url,
            headers: { ...(token ? bearer(token) : {}), ...(body ? { 'content-type': body.contentType } : {}) },
            ...(body ? { payload: body.payload } : {}),
          });
          const what = `${route.name} as ${persona}: ${body?.kind ?? 'no body'} → ${res.statusCode} ${res.body.slice(0, 300)}`;
          if (res.statusCode >= 500) throw new Error(`server error — ${what}`);
          // A GET may well succeed (it writes nothing); any other method got input it must refuse.
          if (route.method !== 'get' && res.statusCode < 400) throw new Error(`accepted — ${what}`);
          if (STACK_TRACE.test(res.body)) throw new Error(`internals leaked — ${what}`);
          if (res.statusCode >= 400) {
            const error = res.json<Partial<Record<keyof ApiError, unknown>>>();
            if (error.statusCode !== res.statusCode || !ERROR_CODES.has(String(error.code)) || typeof error.message !== 'string') {
              throw new Error(`not the SPEC error format — ${what}`);
            }
          }
        });
        await fc.assert(property, { numRuns: RUNS_PER_ROUTE, seed: SEED });
      }

      expect(await tableFingerprints(t)).toEqual(before);
      const written = await auditActionsSince(t, since);
      expect(Object.keys(written).filter((action) => !DESIGNED_AUDIT.has(action))).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it('a hostile refresh cookie is refused with a 4xx on every route that reads it — never a 500', async () => {
    // Shaped like a credential (`<session id>.<secret>`) but not one, or any printable junk.
    const credentialShaped = fc
      .tuple(fc.stringMatching(/^[0-9a-f-]{36}$/), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/))
      .map(([id, secret]) => `${id}.${secret}`);
    const junk = fc.stringMatching(/^[\x21-\x2b\x2d-\x3a\x3c-\x7e]{0,200}$/);
    await fc.assert(
      fc.asyncProperty(fc.oneof(credentialShaped, junk), fc.constantFrom('/api/auth/refresh', '/api/auth/logout'), async (value, url) => {
        const res = await send({ method: 'POST', url, headers: { cookie: `vantage_refresh=${value}` } });
        if (res.statusCode >= 500 || STACK_TRACE.test(res.body))
          throw new Error(`${url} with cookie ${value} → ${res.statusCode} ${res.body.slice(0, 200)}`);
      }),
      { numRuns: RUNS_PER_ROUTE * 4, seed: SEED },
    );
  });

  describe('valid requests carrying hostile strings: stored and shown verbatim, never interpreted', () => {
    /** Hostile strings that are valid names or text (no control characters, within the lengths). */
    const storable = hostileString.filter((s) => s.trim().length > 0 && [...s.trim()].length <= 100 && !/[\p{Cc}\p{Cf}]/u.test(s));
    /** A JSON answer as its route's contract type. */
    const json = <T>(res: { json: () => unknown }) => res.json() as T;
    const write = (method: 'POST' | 'PATCH', url: string, payload: object, token = owner.accessToken) =>
      send({ method, url, headers: { ...bearer(token), 'content-type': 'application/json' }, payload: JSON.stringify(payload) });
    const read = (url: string, token = owner.accessToken) => send({ method: 'GET', url, headers: bearer(token) });

    it('a search for an injection string or a wildcard matches it literally instead of everything', async () => {
      // Other test files may have made teams whose names really contain '%' or '_': every row found
      // must contain the term itself, and the search must not return the whole list.
      const all = json<AdminTeamsPage>(await read('/api/admin/teams?pageSize=100', tokens.superAdmin!));
      for (const term of ["' OR '1'='1", "%' OR 1=1 --", '%', '_', '\\']) {
        const res = await read(`/api/admin/teams?search=${encode(term)}&pageSize=100`, tokens.superAdmin!);
        expect([term, res.statusCode]).toEqual([term, 200]);
        const found = json<AdminTeamsPage>(res);
        for (const row of found.items) {
          expect(`${row.name}\n${row.owner?.name ?? ''}\n${row.owner?.email ?? ''}`.toLowerCase()).toContain(term.toLowerCase());
        }
        expect(found.total).toBeLessThan(all.total);
      }
    });

    it(
      'businesses, leads, comments, teams and names',
      async () => {
        const runs = Math.min(30, Math.max(10, Math.round(RUNS_PER_ROUTE / 2)));
        const roundTrip = (create: (value: string) => Promise<string | null>, readBack: (id: string) => Promise<string>) =>
          fc.assert(
            fc.asyncProperty(storable, async (value) => {
              const id = await create(value);
              if (id !== null) expect(await readBack(id)).toBe(value.trim());
            }),
            { numRuns: runs, seed: SEED },
          );
        const created = (res: { statusCode: number; json: () => unknown }) => {
          expect(res.statusCode).toBeLessThan(500);
          return res.statusCode === 201 || res.statusCode === 200 ? json<{ id: string }>(res).id : null;
        };

        await roundTrip(
          async (value) => created(await write('POST', '/api/businesses', { name: value, description: value })),
          async (id) => json<Business>(await read(`/api/businesses/${id}`)).name,
        );
        await roundTrip(
          async (value) => created(await write('POST', '/api/leads', { name: value, businessId: own.businesses })),
          async (id) => json<Lead>(await read(`/api/leads/${id}`)).name,
        );
        await roundTrip(
          async (value) => created(await write('POST', `/api/leads/${own.leads}/comments`, { text: value })),
          async (id) => {
            const { total } = json<Page<Comment>>(await read(`/api/leads/${own.leads}/comments?pageSize=100`));
            const last = json<Page<Comment>>(await read(`/api/leads/${own.leads}/comments?pageSize=100&page=${Math.ceil(total / 100)}`));
            return last.items.find((c) => c.id === id)!.text;
          },
        );
        await roundTrip(
          async (value) => created(await write('POST', '/api/teams', { name: value })),
          async (id) => json<TeamSummary[]>(await read('/api/teams')).find((team) => team.id === id)!.name,
        );
        await roundTrip(
          async (value) => (created(await write('PATCH', '/api/user/profile', { firstName: value })) ? owner.id : null),
          async () => json<CurrentUser>(await read('/api/auth/me')).firstName,
        );
      },
      TIMEOUT_MS,
    );
  });
});
