import { randomUUID } from 'node:crypto';
import { impersonateDirectly, newUser, type RegisteredUser } from './support/fixtures';
import { failureProvokedOnPurpose } from './support/openapi-answers';
import { bearer, createTestApp, type TestApp } from './support/test-app';

type Method = 'get' | 'post' | 'patch';

describe('CRM: businesses, leads and comments (current team only)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const send = (user: { accessToken: string }, method: Method, path: string, body?: object) => {
    const req = t.http()[method](path).set(bearer(user.accessToken));
    return body === undefined ? req : req.send(body);
  };
  const createBusiness = async (user: RegisteredUser, name = `Business ${randomUUID().slice(0, 6)}`, description?: string) =>
    (await send(user, 'post', '/api/businesses', { name, description }).expect(201)).body;
  const createLead = async (user: RegisteredUser, body: object = {}) =>
    (await send(user, 'post', '/api/leads', { name: `Lead ${randomUUID().slice(0, 6)}`, ...body }).expect(201)).body;
  const auditLog = async (user: RegisteredUser) => (await send(user, 'get', '/api/audit-logs?pageSize=100').expect(200)).body.items;

  describe('businesses', () => {
    it('creates a business and reads it back in exactly the contract shape', async () => {
      const owner = await newUser(t);
      const created = await createBusiness(owner, '  Harbor Freight Co  ', 'Ships things.\nMostly boats.');
      expect(created).toEqual({
        id: expect.any(String),
        name: 'Harbor Freight Co',
        description: 'Ships things.\nMostly boats.',
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const fetched = await send(owner, 'get', `/api/businesses/${created.id}`).expect(200);
      expect(fetched.body).toEqual(created);
    });

    it('lists newest first, page by page, with the total', async () => {
      const owner = await newUser(t);
      const names = ['First', 'Second', 'Third'];
      for (const name of names) await createBusiness(owner, name);
      const page1 = await send(owner, 'get', '/api/businesses?page=1&pageSize=2').expect(200);
      expect(page1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
      expect(page1.body.items.map((b: { name: string }) => b.name)).toEqual(['Third', 'Second']);
      const page2 = await send(owner, 'get', '/api/businesses?page=2&pageSize=2').expect(200);
      expect(page2.body.items.map((b: { name: string }) => b.name)).toEqual(['First']);
      expect(page2.body.total).toBe(3);
      const page3 = await send(owner, 'get', '/api/businesses?page=3&pageSize=2').expect(200);
      expect(page3.body).toEqual({ items: [], total: 3, totalIsCapped: false, page: 3, pageSize: 2, nextCursor: null });
    });

    it('writes business.created to the audit log with the author', async () => {
      const owner = await newUser(t, { firstName: 'Olivia', lastName: 'Owens' });
      const business = await createBusiness(owner, 'Northwind Traders');
      const [entry] = await auditLog(owner);
      expect(entry).toMatchObject({
        action: 'business.created',
        entityType: 'business',
        entityId: business.id,
        actor: { id: owner.id, name: 'Olivia Owens' },
        actorName: 'Olivia Owens',
        isImpersonated: false,
        details: { name: 'Northwind Traders' },
      });
    });
  });

  describe('leads', () => {
    it('creates leads (optionally for a business of the team), filters them, and shows one', async () => {
      const owner = await newUser(t);
      const business = await createBusiness(owner);
      const plain = await createLead(owner, { name: 'Sasha Kim' });
      expect(plain).toEqual({
        id: expect.any(String),
        name: 'Sasha Kim',
        email: null,
        status: 'new',
        businessId: null,
        createdAt: expect.any(String),
        updatedAt: expect.any(String),
      });
      const linked = await createLead(owner, {
        name: 'Jordan Lee',
        email: ' Jordan@Example.COM ',
        businessId: business.id,
        status: 'contacted',
      });
      expect(linked).toMatchObject({ email: 'jordan@example.com', businessId: business.id, status: 'contacted' });

      const all = await send(owner, 'get', '/api/leads').expect(200);
      expect(all.body.items.map((l: { id: string }) => l.id)).toEqual([linked.id, plain.id]);
      const ofBusiness = await send(owner, 'get', `/api/leads?businessId=${business.id}`).expect(200);
      expect(ofBusiness.body).toMatchObject({ total: 1, items: [{ id: linked.id }] });
      const contacted = await send(owner, 'get', '/api/leads?status=contacted').expect(200);
      expect(contacted.body).toMatchObject({ total: 1, items: [{ id: linked.id }] });
      const none = await send(owner, 'get', `/api/leads?status=won&businessId=${business.id}`).expect(200);
      expect(none.body).toMatchObject({ total: 0, items: [] });

      await send(owner, 'get', `/api/leads/${plain.id}`).expect(200, plain);
    });

    it("refuses a lead for another team's business (404) and creates nothing", async () => {
      const owner = await newUser(t);
      const stranger = await newUser(t);
      const theirs = await createBusiness(stranger);
      const res = await send(owner, 'post', '/api/leads', { name: 'Sneaky', businessId: theirs.id }).expect(404);
      expect(res.body.code).toBe('BUSINESS_NOT_FOUND');
      const list = await send(owner, 'get', '/api/leads').expect(200);
      expect(list.body.total).toBe(0);
    });

    it('changes the status, audits from → to, and a repeat of the same status changes nothing', async () => {
      const owner = await newUser(t);
      const lead = await createLead(owner);
      const changed = await send(owner, 'patch', `/api/leads/${lead.id}`, { status: 'qualified' }).expect(200);
      expect(changed.body).toMatchObject({ id: lead.id, status: 'qualified' });
      const [{ touched }] = await t.db.query(`SELECT updated_at > created_at AS touched FROM leads WHERE id = $1`, [lead.id]);
      expect(touched).toBe(true);
      const fetched = await send(owner, 'get', `/api/leads/${lead.id}`).expect(200);
      expect(fetched.body).toEqual(changed.body);

      await send(owner, 'patch', `/api/leads/${lead.id}`, { status: 'qualified' }).expect(200);
      const statusEntries = (await auditLog(owner)).filter((e: { action: string }) => e.action === 'lead.status_changed');
      expect(statusEntries).toEqual([
        expect.objectContaining({
          entityType: 'lead',
          entityId: lead.id,
          details: { from: 'new', to: 'qualified' },
          actor: { id: owner.id, name: 'Test User' },
        }),
      ]);
    });
  });

  describe('comments', () => {
    it.each([
      ['business', '/api/businesses', 'business_comment', 'businessId', 'businessName'],
      ['lead', '/api/leads', 'lead_comment', 'leadId', 'leadName'],
    ])('on a %s: newest last, with author and time, each audited with its name', async (_kind, base, entityType, parentKey, nameKey) => {
      const owner = await newUser(t, { firstName: 'Ben', lastName: 'Baker' });
      const parent = base === '/api/businesses' ? await createBusiness(owner) : await createLead(owner);
      const before = Date.now();
      const texts = ['First call', 'Sent the quote', 'They signed'];
      const created = [];
      for (const text of texts) created.push((await send(owner, 'post', `${base}/${parent.id}/comments`, { text }).expect(201)).body);

      expect(created[0]).toEqual({
        id: expect.any(String),
        text: 'First call',
        author: { id: owner.id, name: 'Ben Baker' },
        authorName: 'Ben Baker',
        isImpersonated: false,
        createdAt: expect.any(String),
      });
      const createdAt = new Date(created[0].createdAt).getTime();
      expect(createdAt).toBeGreaterThanOrEqual(before - 1000);
      expect(createdAt).toBeLessThanOrEqual(Date.now() + 1000);

      const list = await send(owner, 'get', `${base}/${parent.id}/comments`).expect(200);
      expect(list.body).toMatchObject({ total: 3, page: 1, pageSize: 20 });
      expect(list.body.items.map((c: { text: string }) => c.text)).toEqual(texts);
      expect(list.body.items[2]).toEqual(created[2]);
      const page2 = await send(owner, 'get', `${base}/${parent.id}/comments?page=2&pageSize=2`).expect(200);
      expect(page2.body.items.map((c: { text: string }) => c.text)).toEqual(['They signed']);

      const commentEntries = (await auditLog(owner)).filter((e: { action: string }) => e.action === 'comment.created');
      expect(commentEntries.map((e: { entityId: string }) => e.entityId)).toEqual(created.map((c) => c.id).reverse());
      expect(commentEntries[0]).toMatchObject({
        entityType,
        details: { [parentKey]: parent.id, [nameKey]: parent.name },
        actor: { id: owner.id, name: 'Ben Baker' },
      });
    });

    it('orders comments written in the same instant by id, so pages never overlap', async () => {
      const owner = await newUser(t);
      const business = await createBusiness(owner);
      // Rows inserted in one statement share now(): only the id can order them.
      await t.db.query(
        `INSERT INTO business_comments (business_id, team_id, text, author_id, author_name)
         SELECT $1, $2, 'same instant ' || g, $3, 'Test User' FROM generate_series(1, 5) g`,
        [business.id, owner.teamId, owner.id],
      );
      const ids: string[] = [];
      for (const page of [1, 2, 3]) {
        const res = await send(owner, 'get', `/api/businesses/${business.id}/comments?page=${page}&pageSize=2`).expect(200);
        ids.push(...res.body.items.map((c: { id: string }) => c.id));
      }
      expect(ids).toHaveLength(5);
      expect(ids).toEqual([...ids].sort());
    });

    it('writes a comment and its audit entry together: if the audit entry fails, there is no comment', async () => {
      const owner = await newUser(t);
      failureProvokedOnPurpose(500);
      const business = await createBusiness(owner);
      // Make exactly this business's audit entries impossible to store (NOT VALID: no existing row is checked).
      const constraint = `test_refuse_audit_${business.id.replace(/-/g, '')}`;
      await t.db.query(
        `ALTER TABLE audit_logs ADD CONSTRAINT ${constraint} CHECK (details->>'businessId' IS DISTINCT FROM '${business.id}') NOT VALID`,
      );
      try {
        await send(owner, 'post', `/api/businesses/${business.id}/comments`, { text: 'Lost with its audit entry' }).expect(500);
      } finally {
        await t.db.query(`ALTER TABLE audit_logs DROP CONSTRAINT ${constraint}`);
      }
      const [{ count }] = await t.db.query(`SELECT count(*)::int AS count FROM business_comments WHERE business_id = $1`, [business.id]);
      expect(count).toBe(0);

      const kept = await send(owner, 'post', `/api/businesses/${business.id}/comments`, { text: 'Kept with its audit entry' }).expect(201);
      const entries = (await auditLog(owner)).filter((e: { action: string }) => e.action === 'comment.created');
      expect(entries.map((e: { entityId: string }) => e.entityId)).toEqual([kept.body.id]);
    });

    it('during impersonation, comments and audit entries are the admin’s, shown as "Support team (<admin>)"', async () => {
      const customer = await newUser(t, { firstName: 'Chloe', lastName: 'Chen' });
      const admin = await newUser(t, { firstName: 'Ada', lastName: 'Admin', role: 'admin' });
      const business = await createBusiness(customer);
      const lead = await createLead(customer);
      const session = await impersonateDirectly(t, admin, customer);
      const asSupport = { accessToken: session.accessToken };

      const onBusiness = await send(asSupport, 'post', `/api/businesses/${business.id}/comments`, { text: 'Fixed your import' }).expect(
        201,
      );
      const onLead = await send(asSupport, 'post', `/api/leads/${lead.id}/comments`, { text: 'Checked the address' }).expect(201);
      for (const comment of [onBusiness.body, onLead.body]) {
        expect(comment).toMatchObject({
          author: { id: admin.id, name: 'Support team (Ada Admin)' },
          authorName: 'Support team (Ada Admin)',
          isImpersonated: true,
        });
      }
      await send(asSupport, 'patch', `/api/leads/${lead.id}`, { status: 'won' }).expect(200);

      // The customer sees the same attribution afterwards, and the rows remember the session.
      const seen = await send(customer, 'get', `/api/businesses/${business.id}/comments`).expect(200);
      expect(seen.body.items[0]).toEqual(onBusiness.body);
      const [row] = await t.db.query(`SELECT impersonation_id FROM lead_comments WHERE id = $1`, [onLead.body.id]);
      expect(row.impersonation_id).toBe(session.impersonationId);

      const entries = (await auditLog(customer)).filter((e: { action: string }) =>
        ['comment.created', 'lead.status_changed'].includes(e.action),
      );
      expect(entries).toHaveLength(3);
      for (const entry of entries) {
        expect(entry).toMatchObject({
          actor: { id: admin.id, name: 'Support team (Ada Admin)' },
          actorName: 'Support team (Ada Admin)',
          isImpersonated: true,
        });
      }
    });
  });

  describe("another team's records, or missing ones, are 404 for reading and writing", () => {
    let owner: RegisteredUser;
    let stranger: RegisteredUser;
    const theirs = { business: '', lead: '' };
    const missing = { business: randomUUID(), lead: randomUUID() };

    beforeAll(async () => {
      owner = await newUser(t);
      stranger = await newUser(t);
      theirs.business = (await createBusiness(stranger)).id;
      theirs.lead = (await createLead(stranger, { businessId: theirs.business })).id;
      await send(stranger, 'post', `/api/businesses/${theirs.business}/comments`, { text: 'private note' }).expect(201);
      await send(stranger, 'post', `/api/leads/${theirs.lead}/comments`, { text: 'private note' }).expect(201);
    });

    const requests: [string, Method, (ids: typeof theirs) => string, object | undefined, string][] = [
      ['GET /businesses/:id', 'get', (ids) => `/api/businesses/${ids.business}`, undefined, 'BUSINESS_NOT_FOUND'],
      ['GET /businesses/:id/comments', 'get', (ids) => `/api/businesses/${ids.business}/comments`, undefined, 'BUSINESS_NOT_FOUND'],
      [
        'POST /businesses/:id/comments',
        'post',
        (ids) => `/api/businesses/${ids.business}/comments`,
        { text: 'sneaky' },
        'BUSINESS_NOT_FOUND',
      ],
      ['GET /leads/:id', 'get', (ids) => `/api/leads/${ids.lead}`, undefined, 'LEAD_NOT_FOUND'],
      ['PATCH /leads/:id', 'patch', (ids) => `/api/leads/${ids.lead}`, { status: 'lost' }, 'LEAD_NOT_FOUND'],
      ['GET /leads/:id/comments', 'get', (ids) => `/api/leads/${ids.lead}/comments`, undefined, 'LEAD_NOT_FOUND'],
      ['POST /leads/:id/comments', 'post', (ids) => `/api/leads/${ids.lead}/comments`, { text: 'sneaky' }, 'LEAD_NOT_FOUND'],
    ];

    it.each(requests)('%s', async (_name, method, pathOf, body, code) => {
      for (const ids of [theirs, missing]) {
        const res = await send(owner, method, pathOf(ids), body).expect(404);
        expect(res.body).toEqual({ statusCode: 404, code, message: expect.any(String) });
      }
    });

    it('leaves the other team’s records untouched and out of every list', async () => {
      const [{ comments }] = await t.db.query(
        `SELECT (SELECT count(*) FROM business_comments WHERE business_id = $1) + (SELECT count(*) FROM lead_comments WHERE lead_id = $2) AS comments`,
        [theirs.business, theirs.lead],
      );
      expect(Number(comments)).toBe(2);
      const lead = await send(stranger, 'get', `/api/leads/${theirs.lead}`).expect(200);
      expect(lead.body.status).toBe('new');
      for (const path of ['/api/businesses', '/api/leads', `/api/leads?businessId=${theirs.business}`]) {
        const list = await send(owner, 'get', path).expect(200);
        expect(list.body.total).toBe(0);
      }
    });
  });

  describe('bad input is a 400 naming the field, never a 500', () => {
    let owner: RegisteredUser;
    let lead: { id: string };
    let business: { id: string };
    beforeAll(async () => {
      owner = await newUser(t);
      business = await createBusiness(owner);
      lead = await createLead(owner);
    });

    const cases: [string, Method, (ids: { business: string; lead: string }) => string, object | undefined, string][] = [
      ['missing name', 'post', () => '/api/businesses', {}, 'name'],
      ['empty name', 'post', () => '/api/businesses', { name: '   ' }, 'name'],
      ['201-character name', 'post', () => '/api/businesses', { name: 'x'.repeat(201) }, 'name'],
      ['10,000-character name', 'post', () => '/api/businesses', { name: 'x'.repeat(10_000) }, 'name'],
      ['number as name', 'post', () => '/api/businesses', { name: 42 }, 'name'],
      ['control character in name', 'post', () => '/api/businesses', { name: 'Acme\u0000Corp' }, 'name'],
      ['2001-character description', 'post', () => '/api/businesses', { name: 'ok', description: 'd'.repeat(2001) }, 'description'],
      ['NUL in description', 'post', () => '/api/businesses', { name: 'ok', description: 'a\u0000b' }, 'description'],
      ['unknown field', 'post', () => '/api/businesses', { name: 'ok', teamId: randomUUID() }, 'teamId'],
      ['lead email not an email', 'post', () => '/api/leads', { name: 'ok', email: 'not-an-email' }, 'email'],
      ['lead status unknown', 'post', () => '/api/leads', { name: 'ok', status: 'archived' }, 'status'],
      ['lead businessId not a UUID', 'post', () => '/api/leads', { name: 'ok', businessId: 'abc' }, 'businessId'],
      ['lead name too long', 'post', () => '/api/leads', { name: 'x'.repeat(10_000) }, 'name'],
      ['status missing', 'patch', (ids) => `/api/leads/${ids.lead}`, {}, 'status'],
      ['status unknown', 'patch', (ids) => `/api/leads/${ids.lead}`, { status: 'archived' }, 'status'],
      ['status as number', 'patch', (ids) => `/api/leads/${ids.lead}`, { status: 3 }, 'status'],
      ['other field in status change', 'patch', (ids) => `/api/leads/${ids.lead}`, { status: 'won', name: 'renamed' }, 'name'],
      ['empty comment', 'post', (ids) => `/api/businesses/${ids.business}/comments`, { text: ' \n ' }, 'text'],
      ['5001-character comment', 'post', (ids) => `/api/leads/${ids.lead}/comments`, { text: 'c'.repeat(5001) }, 'text'],
      ['comment text as array', 'post', (ids) => `/api/leads/${ids.lead}/comments`, { text: ['a'] }, 'text'],
      [
        'comment with an author',
        'post',
        (ids) => `/api/leads/${ids.lead}/comments`,
        { text: 'hi', authorName: 'Someone else' },
        'authorName',
      ],
      ['non-UUID business id', 'get', () => '/api/businesses/abc', undefined, 'id'],
      ['non-UUID lead id in comments', 'post', () => '/api/leads/1%20OR%201=1/comments', { text: 'hi' }, 'id'],
      ['page 0', 'get', () => '/api/businesses?page=0', undefined, 'page'],
      ['pageSize 101', 'get', () => '/api/leads?pageSize=101', undefined, 'pageSize'],
      ['pageSize 10,000', 'get', (ids) => `/api/businesses/${ids.business}/comments?pageSize=10000`, undefined, 'pageSize'],
      ['pageSize not a number', 'get', () => '/api/businesses?pageSize=abc', undefined, 'pageSize'],
      ['status filter unknown', 'get', () => '/api/leads?status=archived', undefined, 'status'],
      ['businessId filter not a UUID', 'get', () => '/api/leads?businessId=abc', undefined, 'businessId'],
      ['unknown query parameter', 'get', () => '/api/leads?sort=name', undefined, 'sort'],
    ];

    it.each(cases)('%s', async (_name, method, pathOf, body, field) => {
      const res = await send(owner, method, pathOf({ business: business.id, lead: lead.id }), body).expect(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.errors.map((e: { field: string }) => e.field)).toContain(field);
    });
  });
});
