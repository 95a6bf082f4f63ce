import { ErrorCode, type KeysetPage, LIST_CURSOR_MAX_LENGTH } from '@vantage/contracts';
import { encodeCursor, KeysetPaginationQuery, keysetPageIds } from '../src/common/keyset-pagination';
import { newUser, type RegisteredUser } from './support/fixtures';
import { bearer, createTestApp, type TestApp } from './support/test-app';

/**
 * The audit log and the businesses list read by cursor (`?after=` with the previous page's
 * `nextCursor`): every row once, in the list's order, ties on created_at included; bad cursors are
 * refused by field; a cursor never reaches another team's rows. Rows are written by SQL.
 */
describe('Lists read by cursor (keyset pagination)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  interface Item {
    id: string;
  }

  const get = (user: RegisteredUser, path: string) => t.http().get(path).set(bearer(user.accessToken));
  const read = async (user: RegisteredUser, path: string): Promise<KeysetPage<Item>> =>
    (await get(user, path).expect(200)).body as KeysetPage<Item>;

  /**
   * Rows in groups of five sharing one instant, and instants that differ only in their microseconds
   * (a cursor kept to the millisecond, as a JavaScript Date is, would skip or repeat them).
   */
  const INSTANTS = `timestamptz '2026-11-30 12:00:00.123456+00' - make_interval(secs => (i / 5) * 0.000217)`;

  interface ListCase {
    path: string;
    seed: (owner: RegisteredUser, rows: number) => Promise<void>;
    /** The list's ids in its order, straight from SQL. */
    ids: (owner: RegisteredUser) => Promise<string[]>;
  }

  const lists: ListCase[] = [
    {
      path: '/api/audit-logs',
      seed: async (owner, rows) => {
        await t.db.query(
          `INSERT INTO audit_logs (team_id, actor_name, action, created_at)
           SELECT $1, 'System', 'business.created', ${INSTANTS} FROM generate_series(1, $2) i`,
          [owner.teamId, rows],
        );
      },
      ids: async (owner) =>
        (await t.db.query<Item[]>(`SELECT id FROM audit_logs WHERE team_id = $1 ORDER BY created_at DESC, id DESC`, [owner.teamId])).map(
          (row) => row.id,
        ),
    },
    {
      path: '/api/businesses',
      seed: async (owner, rows) => {
        await t.db.query(
          `INSERT INTO businesses (team_id, name, created_at) SELECT $1, 'Business ' || i, ${INSTANTS} FROM generate_series(1, $2) i`,
          [owner.teamId, rows],
        );
      },
      ids: async (owner) =>
        (await t.db.query<Item[]>(`SELECT id FROM businesses WHERE team_id = $1 ORDER BY created_at DESC, id ASC`, [owner.teamId])).map(
          (row) => row.id,
        ),
    },
  ];

  /** Every page from the first (by page number) on by nextCursor; answers the pages. */
  const walk = async (owner: RegisteredUser, path: string, pageSize: number): Promise<KeysetPage<Item>[]> => {
    const pages = [await read(owner, `${path}?pageSize=${pageSize}`)];
    for (let n = 2; pages[pages.length - 1].nextCursor; n += 1) {
      expect(n).toBeLessThan(100);
      pages.push(await read(owner, `${path}?pageSize=${pageSize}&page=${n}&after=${pages[pages.length - 1].nextCursor}`));
    }
    return pages;
  };

  describe.each(lists)('$path', ({ path, seed, ids }) => {
    it('walks every row once, in order, by cursor — ties on created_at and microsecond steps included', async () => {
      const owner = await newUser(t);
      await seed(owner, 47);
      const expected = await ids(owner);

      const pages = await walk(owner, path, 10);
      expect(pages.flatMap((page) => page.items.map((item) => item.id))).toEqual(expected);
      expect(pages.map((page) => page.items.length)).toEqual(
        Array.from({ length: Math.ceil(expected.length / 10) }, (_, i) => Math.min(10, expected.length - 10 * i)),
      );
      expect(pages.at(-1)!.nextCursor).toBeNull();
      for (const [i, page] of pages.entries()) {
        expect(page).toMatchObject({ total: expected.length, totalIsCapped: false, page: i + 1, pageSize: 10 });
      }
    });

    it('gives a cursor on offset pages too, and the page after it is the next offset page', async () => {
      const owner = await newUser(t);
      await seed(owner, 30);
      const second = await read(owner, `${path}?page=2&pageSize=7`);
      const third = await read(owner, `${path}?page=3&pageSize=7`);
      expect((await read(owner, `${path}?pageSize=7&after=${second.nextCursor}`)).items).toEqual(third.items);
    });

    it('answers nextCursor null when the page holds the last row, even a full page', async () => {
      const owner = await newUser(t);
      await seed(owner, 5);
      const holds = (await ids(owner)).length;
      const everything = await read(owner, `${path}?pageSize=${holds}`);
      expect(everything.items).toHaveLength(holds);
      expect(everything.nextCursor).toBeNull();
      expect((await read(owner, `${path}?pageSize=${holds - 1}`)).nextCursor).toEqual(expect.any(String));
    });

    it('numbers a cursor page by `page` without skipping rows for it', async () => {
      const owner = await newUser(t);
      await seed(owner, 25);
      const first = await read(owner, `${path}?pageSize=10`);
      const plain = await read(owner, `${path}?pageSize=10&after=${first.nextCursor}`);
      const numbered = await read(owner, `${path}?pageSize=10&page=7&after=${first.nextCursor}`);
      expect(plain.page).toBe(1);
      expect(numbered.page).toBe(7);
      expect(numbered.items).toEqual(plain.items);
    });

    it("reads nothing of another team with that team's cursor: the walk stays in the caller's team", async () => {
      const other = await newUser(t);
      await seed(other, 30);
      const otherIds = new Set(await ids(other));
      const cursor = (await read(other, `${path}?pageSize=5`)).nextCursor!;

      const caller = await newUser(t);
      await seed(caller, 30);
      const page = await read(caller, `${path}?pageSize=100&after=${cursor}`);
      expect(page.items.length).toBeGreaterThan(0);
      expect(page.items.filter((item) => otherIds.has(item.id))).toEqual([]);
      const callerIds = new Set(await ids(caller));
      expect(page.items.every((item) => callerIds.has(item.id))).toBe(true);
    });

    const position = (text: string) => Buffer.from(text, 'utf8').toString('base64url');
    const someId = '0b7c5c2e-8f0a-4d57-9a63-3f1f1c7c2b11';
    it.each([
      ['characters outside base64url', 'abc+/=='],
      ['an empty cursor', ''],
      ['not base64 of a position', position('page 2')],
      ['a date that does not exist', position(`2026-02-30T10:00:00.000000Z~${someId}`)],
      ['a year PostgreSQL refuses', position(`0000-01-01T10:00:00.000000Z~${someId}`)],
      ['milliseconds only', position(`2026-02-03T10:00:00.000Z~${someId}`)],
      ['an id that is no UUID', position('2026-02-03T10:00:00.000000Z~42')],
      ['a non-canonical spelling of a good cursor', `${encodeCursor({ createdAt: '2026-02-03T10:00:00.000000Z', id: someId })}x`],
      ['a cursor too long', 'A'.repeat(200)],
    ])('refuses %s with 400 VALIDATION_FAILED on `after`', async (_name, cursor) => {
      const owner = await newUser(t);
      const res = await get(owner, `${path}?after=${encodeURIComponent(cursor)}`).expect(400);
      expect(res.body.code).toBe(ErrorCode.VALIDATION_FAILED);
      expect(res.body.errors.length).toBeGreaterThan(0);
      expect(res.body.errors.every((error: { field: string }) => error.field === 'after')).toBe(true);
    });

    it('refuses two cursors', async () => {
      const owner = await newUser(t);
      const cursor = encodeCursor({ createdAt: '2026-02-03T10:00:00.000000Z', id: someId });
      const res = await get(owner, `${path}?after=${cursor}&after=${cursor}`).expect(400);
      expect(res.body.errors).toEqual([expect.objectContaining({ field: 'after' })]);
    });

    it('accepts a well-formed cursor it never gave out as a place in the list (nothing after the oldest row)', async () => {
      const owner = await newUser(t);
      const page = await read(owner, `${path}?after=${encodeCursor({ createdAt: '1970-01-01T00:00:00.000000Z', id: someId })}`);
      expect(page).toMatchObject({ items: [], nextCursor: null });
    });
  });

  it.each(['/api/audit-logs', '/api/businesses'])('documents `after` and nextCursor of %s in the OpenAPI document', async (path) => {
    const document = (await t.http().get('/api/docs/openapi.json').expect(200)).body as {
      paths: Record<
        string,
        { get: { parameters: { name: string; in: string; schema: Record<string, unknown> }[]; responses: Record<string, unknown> } }
      >;
      components: { schemas: Record<string, unknown> };
    };
    const operation = document.paths[path].get;
    expect(operation.parameters.find((parameter) => parameter.name === 'after')).toMatchObject({
      in: 'query',
      schema: { type: 'string', maxLength: LIST_CURSOR_MAX_LENGTH, pattern: '^[A-Za-z0-9_-]+$' },
    });
    expect(JSON.stringify(operation.responses['200'])).toContain('nextCursor');
    expect(JSON.stringify(operation.responses['200'])).toMatch(/"nextCursor":\{[^}]*"nullable":true/);
  });

  it('reads one page of index entries for a cursor page deep in a large team, whatever its depth', async () => {
    const owner = await newUser(t);
    await lists[1].seed(owner, 3000);
    await t.db.query('ANALYZE businesses');
    const query = Object.assign(new KeysetPaginationQuery(), {
      pageSize: 20,
      after: encodeCursor({ createdAt: '2026-11-30T12:00:00.060000Z', id: '00000000-0000-4000-8000-000000000000' }),
    });
    const statement = keysetPageIds('businesses', 'ASC', owner.teamId, query);
    const [{ 'QUERY PLAN': plans }] = await t.db.query<{ 'QUERY PLAN': [{ Plan: PlanNode }] }[]>(
      `EXPLAIN (ANALYZE, FORMAT JSON) ${statement.sql}`,
      statement.params,
    );
    const nodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(nodes)];
    const all = nodes(plans[0].Plan);
    expect(all.map((node) => node['Node Type'])).not.toContain('Seq Scan');
    expect(all.map((node) => node['Node Type'])).not.toContain('Sort');
    expect(Math.max(...all.map((node) => node['Actual Rows']))).toBe(21);
  });

  interface PlanNode {
    'Node Type': string;
    'Actual Rows': number;
    Plans?: PlanNode[];
  }
});
