import { newUser } from './support/fixtures';
import { bearer, createTestApp, type TestApp } from './support/test-app';

describe('Teams', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('creates a second team, lists both, and switching issues tokens for the new team', async () => {
    const user = await newUser(t, { teamName: 'First' });
    const created = await t.http().post('/api/teams').set(bearer(user.accessToken)).send({ name: 'Second' }).expect(201);
    expect(created.body).toMatchObject({ name: 'Second', role: 'owner' });
    const list = await t.http().get('/api/teams').set(bearer(user.accessToken)).expect(200);
    expect(list.body.map((team: { name: string }) => team.name)).toEqual(['First', 'Second']);

    const switched = await t.http().post(`/api/teams/${created.body.id}/switch`).set(bearer(user.accessToken)).expect(200);
    expect(switched.body.user.currentTeam).toMatchObject({ id: created.body.id, name: 'Second' });
    const claims = JSON.parse(Buffer.from(switched.body.accessToken.split('.')[1], 'base64url').toString());
    expect(claims.teamId).toBe(created.body.id);

    // The choice survives a new sign-in and a refresh.
    const refreshed = await t.http().post('/api/auth/refresh').set('Cookie', user.refreshCookie).expect(200);
    expect(refreshed.body.user.currentTeam.id).toBe(created.body.id);
    const login = await t.http().post('/api/auth/login').send({ email: user.email, password: user.password }).expect(200);
    expect(login.body.user.currentTeam.id).toBe(created.body.id);
  });

  it("answers 404 when switching to another user's team", async () => {
    const owner = await newUser(t);
    const stranger = await newUser(t);
    const res = await t.http().post(`/api/teams/${owner.teamId}/switch`).set(bearer(stranger.accessToken)).expect(404);
    expect(res.body.code).toBe('TEAM_NOT_FOUND');
  });

  it('answers 400 for a team id that is not a UUID, and for bad team names', async () => {
    const user = await newUser(t);
    const res = await t.http().post('/api/teams/not-a-uuid/switch').set(bearer(user.accessToken)).expect(400);
    expect(res.body.errors).toEqual([{ field: 'id', message: 'must be a UUID' }]);
    for (const body of [{}, { name: '' }, { name: 'x'.repeat(101) }, { name: 5 }, { name: 'ok', ownerId: user.id }]) {
      const bad = await t.http().post('/api/teams').set(bearer(user.accessToken)).send(body).expect(400);
      expect(bad.body.code).toBe('VALIDATION_FAILED');
    }
  });
});
