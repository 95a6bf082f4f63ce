import SwaggerParser from '@apidevtools/swagger-parser';
import { PAGE_MAX, PAGE_SIZE_MAX } from '@vantage/contracts';
import { DocumentedAnswers, type Paths } from './support/openapi-answers';
import { acceptInvitation, invite, newSession, newUser, stepUpCode, uniqueEmail } from './support/fixtures';
import { bearer, startAppWithMailbox, type TestApp } from './support/test-app';

/**
 * The routes of members, invitations, password reset, sessions and recovery (SPEC §8–9) answer
 * exactly what their OpenAPI entries state: each status they answer is documented, with its body's
 * schema — successes and refusals alike.
 */
describe('OpenAPI: the answers of the §8–9 routes are the documented ones', () => {
  let t: TestApp;
  let stop: () => Promise<void>;
  let answers: DocumentedAnswers;
  beforeAll(async () => {
    ({ t, stop } = await startAppWithMailbox());
    answers = await DocumentedAnswers.load(() => t.http());
  });
  afterAll(() => stop());

  it('members, team settings and invitations', async () => {
    const owner = await newUser(t);
    const member = await newUser(t);
    const http = () => t.http();
    const as = (user: { accessToken: string }) => bearer(user.accessToken);

    answers.check('GET /api/teams/{id}/members', await http().get(`/api/teams/${owner.teamId}/members`).set(as(owner)));
    answers.check('GET /api/teams/{id}/members', await http().get(`/api/teams/${owner.teamId}/members`).set(as(member)));
    answers.check('PATCH /api/teams/{id}', await http().patch(`/api/teams/${owner.teamId}`).set(as(owner)).send({ name: 'Renamed 🚚' }));
    answers.check('PATCH /api/teams/{id}', await http().patch(`/api/teams/${owner.teamId}`).set(as(owner)).send({ name: '' }));

    const sent = await invite(t, owner, member.email);
    answers.check(
      'POST /api/teams/{id}/invitations',
      await http().post(`/api/teams/${owner.teamId}/invitations`).set(as(owner)).send({ email: owner.email, role: 'member' }),
    );
    answers.check('GET /api/teams/{id}/invitations', await http().get(`/api/teams/${owner.teamId}/invitations`).set(as(owner)));
    answers.check('GET /api/invitations/{token}', await http().get(`/api/invitations/${sent.token}`));
    answers.check('POST /api/invitations/{token}/accept', await acceptInvitation(t, sent.token, owner));
    const joined = await acceptInvitation(t, sent.token, member);
    answers.check('POST /api/invitations/{token}/accept', joined);
    const memberInTeam = { accessToken: joined.body.accessToken as string };
    answers.check('GET /api/invitations/{token}', await http().get(`/api/invitations/${sent.token}`));

    const newcomer = await invite(t, owner, uniqueEmail('newcomer'));
    answers.check(
      'POST /api/invitations/{token}/accept',
      await acceptInvitation(t, newcomer.token, null, { firstName: 'Nina', lastName: 'New', password: 'a good password' }),
    );
    const withdrawn = await invite(t, owner, uniqueEmail('withdrawn'));
    answers.check(
      'DELETE /api/teams/{id}/invitations/{invitationId}',
      await http().delete(`/api/teams/${owner.teamId}/invitations/${withdrawn.id}`).set(as(owner)),
    );
    answers.check(
      'DELETE /api/teams/{id}/invitations/{invitationId}',
      await http().delete(`/api/teams/${owner.teamId}/invitations/${withdrawn.id}`).set(as(owner)),
    );

    answers.check(
      'PATCH /api/teams/{id}/members/{userId}',
      await http().patch(`/api/teams/${owner.teamId}/members/${owner.id}`).set(as(owner)).send({ role: 'member' }),
    );
    answers.check(
      'PATCH /api/teams/{id}/members/{userId}',
      await http().patch(`/api/teams/${owner.teamId}/members/${member.id}`).set(as(memberInTeam)).send({ role: 'owner' }),
    );
    answers.check(
      'PATCH /api/teams/{id}/members/{userId}',
      await http().patch(`/api/teams/${owner.teamId}/members/${member.id}`).set(as(owner)).send({ role: 'owner' }),
    );
    answers.check(
      'DELETE /api/teams/{id}/members/{userId}',
      await http().delete(`/api/teams/${owner.teamId}/members/${member.id}`).set(as(owner)),
    );
    answers.check(
      'DELETE /api/teams/{id}/members/{userId}',
      await http().delete(`/api/teams/${owner.teamId}/members/${member.id}`).set(as(owner)),
    );
  });

  it('password reset, sessions, recovery codes and the assisted reset', async () => {
    const user = await newUser(t, { twoFactor: 'totp' });
    const http = () => t.http();
    answers.check('POST /api/auth/password-reset', await http().post('/api/auth/password-reset').send({ email: user.email }));
    answers.check('POST /api/auth/password-reset', await http().post('/api/auth/password-reset').send({ email: 'not an email' }));
    answers.check(
      'POST /api/auth/password-reset/confirm',
      await http()
        .post('/api/auth/password-reset/confirm')
        .send({ token: 'A'.repeat(43), password: 'a good password' }),
    );

    const other = await newSession(t, user);
    answers.check('GET /api/auth/sessions', await http().get('/api/auth/sessions').set(bearer(user.accessToken)));
    const [{ id: otherId }] = (
      (await http().get('/api/auth/sessions').set(bearer(other.accessToken))).body as { items: { id: string; current: boolean }[] }
    ).items.filter((s) => s.current);
    answers.check('DELETE /api/auth/sessions/{id}', await http().delete(`/api/auth/sessions/${otherId}`).set(bearer(user.accessToken)));
    answers.check('DELETE /api/auth/sessions/{id}', await http().delete(`/api/auth/sessions/${otherId}`).set(bearer(user.accessToken)));

    answers.check(
      'POST /api/user/two-factor/recovery-codes',
      await http().post('/api/user/two-factor/recovery-codes').set(bearer(user.accessToken)).send({ password: user.password }),
    );
    answers.check(
      'POST /api/user/two-factor/recovery-codes',
      await http().post('/api/user/two-factor/recovery-codes').set(bearer(user.accessToken)).send({ password: 'not my password' }),
    );

    const superAdmin = await newUser(t, { role: 'super_admin', twoFactor: 'totp' });
    const reset = (code: string, userId = user.id) =>
      http()
        .post(`/api/admin/users/${userId}/two-factor/reset`)
        .set(bearer(superAdmin.accessToken))
        .send({ code, reason: 'Lost their phone 📱' });
    answers.check('POST /api/admin/users/{id}/two-factor/reset', await reset(await stepUpCode(t, superAdmin), superAdmin.id));
    answers.check('POST /api/admin/users/{id}/two-factor/reset', await reset(await stepUpCode(t, superAdmin)));
  });
});

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

/** Every schema inside `schema`, itself included. */
function* schemasIn(schema: unknown): Generator<Json> {
  if (!schema || typeof schema !== 'object') return;
  if (!Array.isArray(schema)) yield schema;
  for (const value of Object.values(schema)) yield* schemasIn(value);
}

describe('OpenAPI: the served document states what the API does', () => {
  let t: TestApp;
  let stop: () => Promise<void>;
  let document: Json;
  let operations: { route: string; operation: Json }[];
  beforeAll(async () => {
    ({ t, stop } = await startAppWithMailbox());
    document = (await t.http().get('/api/docs/openapi.json').expect(200)).body as Json;
    operations = Object.entries(document.paths as Record<string, Json>).flatMap(([path, item]) =>
      Object.entries(item).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation: operation as Json })),
    );
  });
  afterAll(() => stop());

  it('is a valid OpenAPI document', async () => {
    await expect(SwaggerParser.validate(structuredClone(document) as never)).resolves.toBeDefined();
  });

  it('gives every operation one success answer with an exact body, and the error body for every refusal', () => {
    expect(operations.length).toBeGreaterThan(40);
    for (const { route, operation } of operations) {
      const statuses = Object.keys(operation.responses as Json);
      const successes = statuses.filter((status) => status.startsWith('2'));
      expect({ route, successes: successes.length }).toEqual({ route, successes: expect.any(Number) as number });
      expect(successes.length).toBeGreaterThan(0);
      for (const status of statuses) {
        const schema = operation.responses[status].content?.['application/json']?.schema as Json | undefined;
        if (status === '204') expect({ route, status, schema }).toEqual({ route, status, schema: undefined });
        else expect({ route, status, hasSchema: Boolean(schema) }).toEqual({ route, status, hasSchema: true });
        if (Number(status) >= 400)
          expect({ route, status, code: schema?.properties?.code?.enum?.length > 0 }).toEqual({ route, status, code: true });
        for (const inner of schemasIn(schema)) {
          // No bare object: each object lists its properties (or says it takes any, like audit details).
          if (inner.type === 'object')
            expect({ route, status, inner, closed: 'properties' in inner || inner.additionalProperties === true }).toMatchObject({
              closed: true,
            });
        }
      }
    }
  });

  it('states every shared refusal from the route: 401 unless public, 415 with a body, 429 when throttled', () => {
    const at = (route: string) => operations.find((o) => o.route === route)?.operation as Json;
    expect(Object.keys(at('GET /api/businesses').responses)).toEqual(['200', '400', '401', '403', '503']);
    expect(Object.keys(at('POST /api/auth/login').responses)).toEqual(['200', '400', '401', '413', '415', '429', '503']);
    const refusals403 = (route: string): string[] =>
      at(route).responses['403']?.content['application/json'].schema.properties.code.enum ?? [];
    expect(refusals403('POST /api/teams/{id}/switch')).toEqual(['READ_ONLY_IMPERSONATION', 'FORBIDDEN_DURING_IMPERSONATION']);
    // A read-only support session: refused on every authenticated write, never on a read, a public route or returning.
    expect(refusals403('POST /api/businesses')).toContain('READ_ONLY_IMPERSONATION');
    expect(refusals403('GET /api/businesses')).not.toContain('READ_ONLY_IMPERSONATION');
    expect(refusals403('POST /api/2fa/cancel-impersonation')).not.toContain('READ_ONLY_IMPERSONATION');
    expect(refusals403('POST /api/auth/logout')).not.toContain('READ_ONLY_IMPERSONATION');
    expect(at('PATCH /api/admin/users/{id}').responses['403'].content['application/json'].schema.properties.code.enum).toEqual(
      expect.arrayContaining(['FORBIDDEN', 'ROLE_CHANGE_SELF']),
    );
  });

  it('states the inputs as the validation checks them', () => {
    for (const { route, operation } of operations) {
      for (const parameter of (operation.parameters ?? []) as Json[]) {
        if (parameter.in === 'path' && parameter.name !== 'token')
          expect({ route, parameter }).toMatchObject({ parameter: { schema: { format: 'uuid' } } });
        if (parameter.in === 'path' && parameter.name === 'token') expect(parameter.schema.pattern).toBe('^[A-Za-z0-9_-]{43}$');
        if (parameter.name === 'page')
          expect({ route, schema: parameter.schema }).toMatchObject({ schema: { type: 'integer', minimum: 1, maximum: PAGE_MAX } });
        if (parameter.name === 'pageSize')
          expect({ route, schema: parameter.schema }).toMatchObject({ schema: { type: 'integer', minimum: 1, maximum: PAGE_SIZE_MAX } });
      }
    }
    const bodies = document.components.schemas as Record<string, Json>;
    for (const [name, schema] of Object.entries(bodies))
      expect({ name, additionalProperties: schema.additionalProperties }).toEqual({ name, additionalProperties: false });
    expect(bodies.RegisterDto.properties).toMatchObject({
      email: { format: 'email', maxLength: 254 },
      password: { minLength: 8, maxLength: 128 },
      firstName: { minLength: 1, maxLength: 100 },
    });
    expect(bodies.AuthenticateDto.properties.code.pattern).toBeDefined();
    expect(bodies.ChangeMemberRoleDto.properties.role.enum).toEqual(['owner', 'member']);
    const active = operations.find((o) => o.route === 'GET /api/admin/impersonations')!.operation.parameters[0] as Json;
    expect(active.schema.enum).toEqual(['true', 'false']);
    // Generators without the regex `u` flag read every pattern.
    for (const inner of schemasIn(document)) if (typeof inner.pattern === 'string') expect(inner.pattern).not.toMatch(/\\[pP]\{/);
  });

  it('names the credentials each route reads: the bearer token everywhere but public routes, the cookie where it is read', () => {
    const security = (route: string) => operations.find((o) => o.route === route)!.operation.security as Json[] | undefined;
    expect(security('POST /api/auth/logout')).toEqual(expect.arrayContaining([{ bearer: [] }, { cookie: [] }]));
    expect(security('POST /api/auth/refresh')).toEqual([{ cookie: [] }]);
    expect(security('GET /api/invitations/{token}')).toBeUndefined();
    expect(security('POST /api/invitations/{token}/accept')).toEqual([{ bearer: [] }, {}]);
    for (const { route, operation } of operations) {
      if (operation.responses['401']?.content['application/json'].schema.properties.code.enum.includes('UNAUTHORIZED')) {
        expect({ route, bearer: (operation.security as Json[] | undefined)?.some((entry) => 'bearer' in entry) }).toEqual({
          route,
          bearer: true,
        });
      }
    }
  });

  it('the answer checker refuses a status the operation does not list, and a body of the wrong shape', async () => {
    const answers = new DocumentedAnswers(document.paths as Paths);
    const user = await newUser(t);
    const me = await t.http().get('/api/auth/me').set(bearer(user.accessToken)).expect(200);
    expect(answers.violationOf('GET', '/api/auth/me', 200, me.text)).toBeNull();
    expect(answers.violationOf('GET', '/api/auth/me', 418, me.text)).toMatch(/answered 418, which its OpenAPI operation does not list/);
    expect(answers.violationOf('GET', '/api/auth/me', 500, '{"statusCode":500,"code":"INTERNAL_ERROR","message":"x"}')).toMatch(
      /does not list/,
    );
    const withoutEmail = JSON.stringify({ ...(me.body as Json), email: undefined });
    expect(answers.violationOf('GET', '/api/auth/me', 200, withoutEmail)).toMatch(/does not match its OpenAPI schema.*email/);
    const extraField = JSON.stringify({ ...(me.body as Json), password: 'x' });
    expect(answers.violationOf('GET', '/api/auth/me', 200, extraField)).toMatch(/must NOT have additional properties/);
    expect(answers.violationOf('POST', '/api/auth/logout', 204, '{}')).toMatch(/with a body its OpenAPI operation does not state/);
    expect(answers.violationOf('GET', '/api/teams', 401, '{"statusCode":401,"code":"NOT_A_CODE","message":"x"}')).toMatch(/code/);
    expect(answers.violationOf('GET', '/api/nowhere', 200, '{}')).toMatch(/is not in the OpenAPI document/);
  });
});
