import { seedDemoData } from '../src/database/seed';
import { createTestApp, type TestApp } from './support/test-app';

// Signing in as a demo account is not what these tests are about: a cheap stand-in for bcrypt.
const hashForTest = (password: string) => Promise.resolve(`test-hash:${password.length}`);

describe('demo data', () => {
  let t: TestApp;
  let seeded: boolean;
  let seedMs: number;

  beforeAll(async () => {
    t = await createTestApp();
    const started = Date.now();
    seeded = await seedDemoData(t.db, hashForTest, 'http://localhost:3000');
    seedMs = Date.now() - started;
  });
  afterAll(() => t.close());

  it('is seeded once, quickly: a second start finds it and adds nothing', async () => {
    expect(seeded).toBe(true);
    expect(seedMs).toBeLessThan(5_000);
    const count = async () => (await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM business_comments`))[0].n;
    const before = await count();
    await expect(seedDemoData(t.db, hashForTest, 'http://localhost:3000')).resolves.toBe(false);
    expect(await count()).toBe(before);
  });

  it('has real descriptions and leads in every status', async () => {
    const undescribed = await t.db.query(`SELECT name FROM businesses WHERE description IS NULL OR description LIKE '%a customer of%'`);
    expect(undescribed).toEqual([]);
    const statuses = await t.db.query<{ status: string }[]>(`SELECT DISTINCT status FROM leads ORDER BY status`);
    expect(statuses.map((row) => row.status)).toEqual(['contacted', 'lost', 'new', 'qualified', 'won']);
  });

  it('has comments by customers and by support, attributed as support and tied to an ended visit', async () => {
    const comments = await t.db.query<{ author_name: string; is_impersonated: boolean; end_reason: string | null }[]>(
      `SELECT c.author_name, c.is_impersonated, i.end_reason
         FROM (SELECT author_name, is_impersonated, impersonation_id FROM business_comments
               UNION ALL SELECT author_name, is_impersonated, impersonation_id FROM lead_comments) c
         LEFT JOIN impersonations i ON i.id = c.impersonation_id`,
    );
    expect(comments.filter((c) => !c.is_impersonated).length).toBeGreaterThanOrEqual(3);
    expect(comments.filter((c) => c.is_impersonated)).toEqual([
      { author_name: 'Support team (Ada Admin)', is_impersonated: true, end_reason: 'cancelled' },
    ]);
  });

  it('has a history of support access: ended visits, each with its reason', async () => {
    const visits = await t.db.query<{ reason: string; end_reason: string; ended: boolean }[]>(
      `SELECT reason, end_reason, ended_at IS NOT NULL AND ended_at <= expires_at AS ended FROM impersonations ORDER BY created_at`,
    );
    expect(visits.length).toBeGreaterThanOrEqual(3);
    for (const visit of visits) {
      expect(visit.reason).toMatch(/\w{3,}/);
      expect(visit.ended).toBe(true);
    }
    expect(new Set(visits.map((visit) => visit.end_reason))).toEqual(new Set(['cancelled', 'expired', 'ended_by_admin']));
  });
});
