import { type CappedPage, LIST_TOTAL_CAP } from '@vantage/contracts';
import { cappedCountSql } from '../src/common/capped-total';
import { newUser, type RegisteredUser } from './support/fixtures';
import { bearer, createTestApp, type TestApp } from './support/test-app';

/**
 * Every list counts its total exactly up to LIST_TOTAL_CAP and answers the cap with `totalIsCapped`
 * beyond it, while the pages past the cap stay readable. Rows are written by SQL (generate_series):
 * a thousand requests would take minutes.
 */
describe('List totals: exact up to the cap, capped beyond it', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const read = async (user: RegisteredUser, path: string): Promise<CappedPage<unknown>> =>
    (await t.http().get(path).set(bearer(user.accessToken)).expect(200)).body as CappedPage<unknown>;

  const count = async (sql: string, params: unknown[]): Promise<number> => {
    const [{ n }] = await t.db.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM ${sql}`, params);
    return n;
  };

  const newBusiness = async (owner: RegisteredUser): Promise<string> => {
    const [{ id }] = await t.db.query<{ id: string }[]>(`INSERT INTO businesses (team_id, name) VALUES ($1, 'Parent') RETURNING id`, [
      owner.teamId,
    ]);
    return id;
  };

  interface PlanNode {
    'Actual Rows': number;
    Plans?: PlanNode[];
  }

  interface ListCase {
    name: string;
    /** Writes `rows` items into the list as `owner` sees it; answers the list's path. */
    seed: (owner: RegisteredUser, rows: number) => Promise<string>;
    /** The items the list holds, counted in full by SQL. */
    holds: (owner: RegisteredUser, path: string) => Promise<number>;
  }

  const lists: ListCase[] = [
    {
      name: 'GET /audit-logs',
      seed: async (owner, rows) => {
        await t.db.query(
          `INSERT INTO audit_logs (team_id, actor_name, action, created_at)
           SELECT $1, 'System', 'business.created', now() - make_interval(secs => i) FROM generate_series(1, $2) i`,
          [owner.teamId, rows],
        );
        return '/api/audit-logs';
      },
      holds: (owner) => count(`audit_logs WHERE team_id = $1`, [owner.teamId]),
    },
    {
      name: 'GET /businesses',
      seed: async (owner, rows) => {
        await t.db.query(`INSERT INTO businesses (team_id, name) SELECT $1, 'Business ' || i FROM generate_series(1, $2) i`, [
          owner.teamId,
          rows,
        ]);
        return '/api/businesses';
      },
      holds: (owner) => count(`businesses WHERE team_id = $1`, [owner.teamId]),
    },
    {
      name: 'GET /leads',
      seed: async (owner, rows) => {
        await t.db.query(`INSERT INTO leads (team_id, name) SELECT $1, 'Lead ' || i FROM generate_series(1, $2) i`, [owner.teamId, rows]);
        return '/api/leads';
      },
      holds: (owner) => count(`leads WHERE team_id = $1`, [owner.teamId]),
    },
    {
      name: 'GET /businesses/:id/comments',
      seed: async (owner, rows) => {
        const businessId = await newBusiness(owner);
        await t.db.query(
          `INSERT INTO business_comments (business_id, team_id, text, author_id, author_name)
           SELECT $1, $2, 'Comment ' || i, $3, 'Test User' FROM generate_series(1, $4) i`,
          [businessId, owner.teamId, owner.id, rows],
        );
        return `/api/businesses/${businessId}/comments`;
      },
      holds: (_owner, path) => count(`business_comments WHERE business_id = $1`, [path.split('/')[3]]),
    },
    {
      name: 'GET /leads/:id/comments',
      seed: async (owner, rows) => {
        const [{ id }] = await t.db.query<{ id: string }[]>(`INSERT INTO leads (team_id, name) VALUES ($1, 'Parent') RETURNING id`, [
          owner.teamId,
        ]);
        await t.db.query(
          `INSERT INTO lead_comments (lead_id, team_id, text, author_id, author_name)
           SELECT $1, $2, 'Comment ' || i, $3, 'Test User' FROM generate_series(1, $4) i`,
          [id, owner.teamId, owner.id, rows],
        );
        return `/api/leads/${id}/comments`;
      },
      holds: (_owner, path) => count(`lead_comments WHERE lead_id = $1`, [path.split('/')[3]]),
    },
  ];

  describe.each(lists)('$name', ({ seed, holds }) => {
    it('answers the exact total below the cap, on a full page (counted) and on a short one (from the page)', async () => {
      const owner = await newUser(t);
      const path = await seed(owner, LIST_TOTAL_CAP - 30);
      const exact = await holds(owner, path);
      expect(exact).toBeLessThanOrEqual(LIST_TOTAL_CAP);

      const full = await read(owner, `${path}?page=1&pageSize=20`);
      expect(full).toMatchObject({ total: exact, totalIsCapped: false });
      const last = Math.ceil(exact / 20);
      const short = await read(owner, `${path}?page=${last}&pageSize=20`);
      expect(short.items.length).toBe(exact - (last - 1) * 20);
      expect(short).toMatchObject({ total: exact, totalIsCapped: false });
    });

    it('answers the cap with totalIsCapped above it, and still serves the pages past the cap', async () => {
      const owner = await newUser(t);
      const path = await seed(owner, LIST_TOTAL_CAP + 5);
      const exact = await holds(owner, path);
      expect(exact).toBeGreaterThan(LIST_TOTAL_CAP);

      expect(await read(owner, `${path}?page=1&pageSize=20`)).toMatchObject({ total: LIST_TOTAL_CAP, totalIsCapped: true });
      const lastFullBeforeCap = await read(owner, `${path}?page=${LIST_TOTAL_CAP / 20}&pageSize=20`);
      expect(lastFullBeforeCap).toMatchObject({ total: LIST_TOTAL_CAP, totalIsCapped: true });
      expect(lastFullBeforeCap.items).toHaveLength(20);

      const pastTheCap = await read(owner, `${path}?page=${LIST_TOTAL_CAP / 20 + 1}&pageSize=20`);
      expect(pastTheCap.items).toHaveLength(exact - LIST_TOTAL_CAP);
      expect(pastTheCap).toMatchObject({ total: LIST_TOTAL_CAP, totalIsCapped: true });
    });
  });

  it('counts only the leads the filters keep', async () => {
    const owner = await newUser(t);
    await t.db.query(`INSERT INTO leads (team_id, name, status) SELECT $1, 'Won ' || i, 'won' FROM generate_series(1, $2) i`, [
      owner.teamId,
      LIST_TOTAL_CAP + 3,
    ]);
    await t.db.query(`INSERT INTO leads (team_id, name, status) SELECT $1, 'New ' || i, 'new' FROM generate_series(1, 25) i`, [
      owner.teamId,
    ]);
    const businessId = await newBusiness(owner);
    await t.db.query(
      `INSERT INTO leads (team_id, name, status, business_id) SELECT $1, 'Of it ' || i, 'won', $2 FROM generate_series(1, 21) i`,
      [owner.teamId, businessId],
    );

    expect(await read(owner, '/api/leads?status=won')).toMatchObject({ total: LIST_TOTAL_CAP, totalIsCapped: true });
    expect(await read(owner, '/api/leads?status=new')).toMatchObject({ total: 25, totalIsCapped: false });
    expect(await read(owner, `/api/leads?businessId=${businessId}&status=won`)).toMatchObject({ total: 21, totalIsCapped: false });
    expect(await read(owner, `/api/leads?businessId=${businessId}&status=new`)).toMatchObject({ total: 0, totalIsCapped: false });
  });

  it('stops reading rows once the count passes the cap, however many the team holds', async () => {
    const owner = await newUser(t);
    await lists[0].seed(owner, 3 * LIST_TOTAL_CAP);
    // With the statistics a live database has: without them the planner takes the team for a few rows
    // and may collect all of them through a bitmap before the LIMIT applies.
    await t.db.query('ANALYZE audit_logs');
    const [{ 'QUERY PLAN': plans }] = await t.db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${cappedCountSql('audit_logs', 'team_id = $1')}`,
      [owner.teamId],
    );
    const rowsRead = (node: PlanNode): number[] => [node['Actual Rows'], ...(node.Plans ?? []).flatMap(rowsRead)];
    expect(Math.max(...rowsRead(plans[0].Plan))).toBe(LIST_TOTAL_CAP + 1);
  });

  it("counts only the caller's team", async () => {
    const crowded = await newUser(t);
    await lists[1].seed(crowded, LIST_TOTAL_CAP + 1);
    const quiet = await newUser(t);
    await lists[1].seed(quiet, 21);
    expect(await read(quiet, '/api/businesses')).toMatchObject({ total: 21, totalIsCapped: false });
  });
});
