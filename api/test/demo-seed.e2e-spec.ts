import { seedDemoData } from '../src/database/seed';
import { newUser, type RegisteredUser } from './support/fixtures';
import { bearer, createTestApp, type TestApp } from './support/test-app';

/**
 * The teams the demo accounts belong to: the run's database is shared by every spec file, whose own
 * teams, businesses and impersonations are not the demo's.
 */
const DEMO_TEAMS = `(SELECT m.team_id FROM team_members m JOIN users u ON u.id = m.user_id WHERE u.email LIKE '%.demo')`;

// Signing in as a demo account is not what these tests are about: a cheap stand-in for bcrypt.
const hashForTest = (password: string) => Promise.resolve(`test-hash:${password.length}`);

describe('demo data', () => {
  let t: TestApp;
  let seeded: boolean;
  let seedMs: number;

  let namesake: RegisteredUser;

  beforeAll(async () => {
    t = await createTestApp();
    // A customer whose team and business happen to carry demo names: the demo's comments and visits are not theirs.
    namesake = await newUser(t, { teamName: 'Acme Logistics' });
    await t.http().post('/api/businesses').set(bearer(namesake.accessToken)).send({ name: 'Harbor Freight Co' }).expect(201);
    const started = Date.now();
    seeded = await seedDemoData(t.db, hashForTest, 'http://localhost:3000');
    seedMs = Date.now() - started;
  });
  afterAll(() => t.close());

  it('is seeded once, quickly: a second start finds it and adds nothing', async () => {
    expect(seeded).toBe(true);
    expect(seedMs).toBeLessThan(5_000);
    const count = async () =>
      (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM business_comments WHERE team_id IN ${DEMO_TEAMS}`))[0].n;
    const before = await count();
    await expect(seedDemoData(t.db, hashForTest, 'http://localhost:3000')).resolves.toBe(false);
    expect(await count()).toBe(before);
  });

  it('has real descriptions and leads in every status', async () => {
    const undescribed = await t.db.query(
      `SELECT name FROM businesses WHERE team_id IN ${DEMO_TEAMS} AND (description IS NULL OR description LIKE '%a customer of%')`,
    );
    expect(undescribed).toEqual([]);
    const statuses = await t.db.query<{ status: string }[]>(
      `SELECT DISTINCT status FROM leads WHERE team_id IN ${DEMO_TEAMS} ORDER BY status`,
    );
    expect(statuses.map((row) => row.status)).toEqual(['contacted', 'lost', 'new', 'qualified', 'won']);
  });

  it('has comments by customers and by support, attributed as support and tied to an ended visit', async () => {
    const comments = await t.db.query<{ author_name: string; is_impersonated: boolean; end_reason: string | null }[]>(
      `SELECT c.author_name, c.is_impersonated, i.end_reason
         FROM (SELECT author_name, is_impersonated, impersonation_id FROM business_comments WHERE team_id IN ${DEMO_TEAMS}
               UNION ALL SELECT author_name, is_impersonated, impersonation_id FROM lead_comments WHERE team_id IN ${DEMO_TEAMS}) c
         LEFT JOIN impersonations i ON i.id = c.impersonation_id`,
    );
    expect(comments.filter((c) => !c.is_impersonated).length).toBeGreaterThanOrEqual(3);
    expect(comments.filter((c) => c.is_impersonated)).toEqual([
      { author_name: 'Support team (Ada Admin)', is_impersonated: true, end_reason: 'cancelled' },
    ]);
  });

  it('has a history of support access: ended visits, each with its reason', async () => {
    const visits = await t.db.query<{ reason: string; end_reason: string; ended: boolean }[]>(
      `SELECT reason, end_reason, ended_at IS NOT NULL AND ended_at <= expires_at AS ended FROM impersonations WHERE team_id IN ${DEMO_TEAMS} ORDER BY created_at`,
    );
    expect(visits.length).toBeGreaterThanOrEqual(3);
    for (const visit of visits) {
      expect(visit.reason).toMatch(/\w{3,}/);
      expect(visit.ended).toBe(true);
    }
    expect(new Set(visits.map((visit) => visit.end_reason))).toEqual(new Set(['cancelled', 'expired', 'ended_by_admin']));
  });

  it("leaves a team that only shares a demo team's name alone: no demo comments or visits in it", async () => {
    const [{ comments, visits }] = await t.db.query<{ comments: number; visits: number }[]>(
      `SELECT (SELECT count(*)::int FROM business_comments WHERE team_id = $1) AS comments,
              (SELECT count(*)::int FROM impersonations WHERE team_id = $1) AS visits`,
      [namesake.teamId],
    );
    expect({ comments, visits }).toEqual({ comments: 0, visits: 0 });
  });
});
