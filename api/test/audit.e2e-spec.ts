import { joinTeam, newUser, type RegisteredUser } from './support/fixtures';
import { bearer, type TestApp, startAppWithMailbox } from './support/test-app';

describe('Audit log (GET /api/audit-logs)', () => {
  let t: TestApp;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    // With a mailbox: members join by invitation (fixtures.joinTeam).
    ({ t, stop } = await startAppWithMailbox());
  });
  afterAll(() => stop());

  const get = (user: { accessToken: string }, query = '') => t.http().get(`/api/audit-logs${query}`).set(bearer(user.accessToken));
  const createBusiness = async (user: RegisteredUser, name: string) =>
    (await t.http().post('/api/businesses').set(bearer(user.accessToken)).send({ name }).expect(201)).body;

  /** A second person in the owner's team, joined by invitation and working in it. */
  async function memberOf(owner: RegisteredUser): Promise<RegisteredUser> {
    const member = await newUser(t, { firstName: 'Marco', lastName: 'Mendes' });
    return { ...member, teamId: owner.teamId, accessToken: await joinTeam(t, owner, member) };
  }

  it("shows any member their current team's entries, in the contract shape, and nothing of other teams", async () => {
    const owner = await newUser(t, { firstName: 'Olivia', lastName: 'Owens' });
    const member = await memberOf(owner);
    const outsider = await newUser(t);
    const business = await createBusiness(owner, 'Harbor Freight Co');
    await createBusiness(outsider, 'Not yours');

    const res = await get(member).expect(200);
    const entry = res.body.items.find((e: { action: string }) => e.action === 'business.created');
    expect(entry).toEqual({
      id: expect.any(String),
      action: 'business.created',
      actor: { id: owner.id, name: 'Olivia Owens' },
      actorName: 'Olivia Owens',
      isImpersonated: false,
      entityType: 'business',
      entityId: business.id,
      createdAt: expect.any(String),
      details: { name: 'Harbor Freight Co' },
    });
    const outsiderView = await get(outsider).expect(200);
    expect(outsiderView.body.items.map((e: { entityId: string }) => e.entityId)).not.toContain(business.id);
    expect(res.body.items.map((e: { details: { name?: string } | null }) => e.details?.name)).not.toContain('Not yours');
  });

  it('lists newest first, page by page, with the total', async () => {
    const owner = await newUser(t);
    for (const name of ['One', 'Two', 'Three']) await createBusiness(owner, name);
    const all = await get(owner).expect(200);
    // Registration writes its own entries first; the three businesses are the newest.
    const names = all.body.items
      .filter((e: { action: string }) => e.action === 'business.created')
      .map((e: { details: { name: string } }) => e.details.name);
    expect(names).toEqual(['Three', 'Two', 'One']);
    const times = all.body.items.map((e: { createdAt: string }) => new Date(e.createdAt).getTime());
    expect(times).toEqual([...times].sort((a, b) => b - a));

    const total = all.body.total;
    expect(total).toBe(all.body.items.length);
    const page2 = await get(owner, '?page=2&pageSize=2').expect(200);
    expect(page2.body).toMatchObject({ total, page: 2, pageSize: 2 });
    expect(page2.body.items).toEqual(all.body.items.slice(2, 4));
  });

  it('orders entries written in the same instant by id, newest id first', async () => {
    const owner = await newUser(t);
    await t.db.query(
      `INSERT INTO audit_logs (team_id, actor_name, action, created_at)
       SELECT $1, 'System', 'test.same_instant', now() + interval '1 hour' FROM generate_series(1, 4)`,
      [owner.teamId],
    );
    const res = await get(owner, '?pageSize=4').expect(200);
    const ids = res.body.items.map((e: { id: string; action: string }) => e.id);
    expect(res.body.items.every((e: { action: string }) => e.action === 'test.same_instant')).toBe(true);
    expect(ids).toEqual([...ids].sort().reverse());
  });

  it('needs a signed-in user and refuses bad paging with a 400 naming the field', async () => {
    await t.http().get('/api/audit-logs').expect(401);
    const owner = await newUser(t);
    for (const [query, field] of [
      ['?page=0', 'page'],
      ['?pageSize=101', 'pageSize'],
      ['?pageSize=10000', 'pageSize'],
      ['?page=abc', 'page'],
      ['?teamId=00000000-0000-0000-0000-000000000000', 'teamId'],
    ]) {
      const res = await get(owner, query).expect(400);
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    }
  });
});
