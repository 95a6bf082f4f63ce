import { type CurrentUser, SUPPORT_ACTIONS_MAX, type SupportAction } from '@vantage/contracts';
import { randomUUID } from 'node:crypto';
import { impersonateDirectly, newUser, type RegisteredUser } from './support/fixtures';
import type { TestMailbox } from './support/mailbox';
import { bearer, createTestApp, type TestApp, startAppWithMailbox } from './support/test-app';

/**
 * SPEC §10, "What support did" and "Live, and the customer's own stop button": every request of a
 * support session is in its action log (reads batched, writes stored before they run), the customer
 * and admins read it, the customer sees a running session on GET /auth/me and ends it at once.
 */
describe('Support actions and the customer’s stop button (SPEC §10)', () => {
  let t: TestApp;
  let mailbox: TestMailbox;
  let stop: () => Promise<void>;
  beforeAll(async () => {
    ({ t, mailbox, stop } = await startAppWithMailbox());
  });
  afterAll(() => stop());

  async function customerAndSession(): Promise<{
    customer: RegisteredUser;
    admin: RegisteredUser;
    impersonationId: string;
    token: string;
  }> {
    const admin = await newUser(t, { role: 'admin', firstName: 'Ada', lastName: 'Admin' });
    const customer = await newUser(t, { firstName: 'Olivia', lastName: 'Owner' });
    const { impersonationId, accessToken } = await impersonateDirectly(t, admin, customer);
    return { customer, admin, impersonationId, token: accessToken };
  }

  async function actionsSeenBy(who: RegisteredUser, impersonationId: string): Promise<SupportAction[]> {
    const res = await t.http().get(`/api/user/impersonations/${impersonationId}/actions`).set(bearer(who.accessToken)).expect(200);
    return res.body.items;
  }

  async function storedCount(impersonationId: string): Promise<{ all: number; withStatus: number }> {
    const [row] = await t.db.query(
      `SELECT count(*)::int AS all, count(status)::int AS "withStatus" FROM impersonation_actions WHERE impersonation_id = $1`,
      [impersonationId],
    );
    return row;
  }

  describe('the log of a session', () => {
    it('holds every request made with the impersonation token — reads, writes and refused writes — with its path, ids and status', async () => {
      const { customer, impersonationId, token } = await customerAndSession();
      const as = bearer(token);
      const created = await t.http().post('/api/businesses').set(as).send({ name: 'Made by support' }).expect(201);
      const businessId: string = created.body.id;
      const unknownId = randomUUID();
      const expected: Omit<SupportAction, 'at'>[] = [];
      const made = async (method: string, path: string, status: number, send?: () => PromiseLike<{ status: number }>) => {
        const res = send ? await send() : await t.http().get(path).set(as);
        expect(res.status).toBe(status);
        expected.push({ method, path, status });
      };
      expected.push({ method: 'POST', path: '/api/businesses', status: 201 });
      await made('GET', '/api/businesses?page=1&pageSize=20', 200);
      await made('GET', `/api/businesses/${businessId}`, 200);
      await made('GET', `/api/businesses/${unknownId}`, 404);
      await made('POST', `/api/businesses/${businessId}/comments`, 201, () =>
        t.http().post(`/api/businesses/${businessId}/comments`).set(as).send({ text: 'Checked the invoices' }),
      );
      // Refused writes are what support tried: a validation failure and an action blocked during impersonation.
      await made('POST', '/api/businesses', 400, () => t.http().post('/api/businesses').set(as).send({ name: '' }));
      await made('POST', '/api/teams', 403, () => t.http().post('/api/teams').set(as).send({ name: 'Another team' }));
      await made('GET', '/api/auth/me', 200);
      await made('HEAD', `/api/businesses/${businessId}`, 200, () => t.http().head(`/api/businesses/${businessId}`).set(as));

      const items = await actionsSeenBy(customer, impersonationId);
      expect(items).toHaveLength(expected.length);
      expect(items.map(({ method, path, status }) => ({ method, path, status }))).toEqual(expect.arrayContaining(expected));
      // Oldest first, each stamped with when it arrived.
      const times = items.map((item) => Date.parse(item.at));
      expect(times).toEqual([...times].sort((a, b) => a - b));
      expect(items[0]).toMatchObject({ method: 'POST', path: '/api/businesses', status: 201 });
    });

    it('a write whose entry cannot be stored is not made: the entry is committed before the change runs', async () => {
      const { customer, impersonationId, token } = await customerAndSession();
      // The log's table refuses this session's entries, as a database that cannot take them would.
      await t.db.query(`
        CREATE FUNCTION refuse_support_entries() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.impersonation_id = '${impersonationId}' THEN RAISE EXCEPTION 'log unavailable' USING ERRCODE = '57P03'; END IF;
          RETURN NEW;
        END $$`);
      await t.db.query(
        `CREATE TRIGGER refuse_support_entries BEFORE INSERT ON impersonation_actions FOR EACH ROW EXECUTE FUNCTION refuse_support_entries()`,
      );
      try {
        const res = await t.http().post('/api/businesses').set(bearer(token)).send({ name: 'Never made' });
        expect(res.status).toBe(503);
      } finally {
        await t.db.query(`DROP TRIGGER refuse_support_entries ON impersonation_actions`);
        await t.db.query(`DROP FUNCTION refuse_support_entries()`);
      }
      const made = await t.db.query(`SELECT 1 FROM businesses WHERE team_id = $1 AND name = 'Never made'`, [customer.teamId]);
      expect(made).toHaveLength(0);
    });

    it('a read-only session’s refused writes are in it too (403 READ_ONLY_IMPERSONATION), and its mode is shown', async () => {
      const admin = await newUser(t, { role: 'admin' });
      const customer = await newUser(t);
      const { impersonationId, accessToken } = await impersonateDirectly(t, admin, customer, { mode: 'read' });
      const refused = await t.http().post('/api/leads').set(bearer(accessToken)).send({ name: 'Not allowed' }).expect(403);
      expect(refused.body.code).toBe('READ_ONLY_IMPERSONATION');
      await t.http().get('/api/leads').set(bearer(accessToken)).expect(200);
      const items = await actionsSeenBy(customer, impersonationId);
      expect(items.map(({ method, path, status }) => ({ method, path, status }))).toEqual(
        expect.arrayContaining([
          { method: 'POST', path: '/api/leads', status: 403 },
          { method: 'GET', path: '/api/leads', status: 200 },
        ]),
      );
      expect(items).toHaveLength(2);
      const live = await t.http().get('/api/auth/me').set(bearer(customer.accessToken)).expect(200);
      expect(live.body.supportSession).toMatchObject({ id: impersonationId, mode: 'read' });
      const history = await t.http().get('/api/user/impersonations').set(bearer(customer.accessToken)).expect(200);
      expect(history.body.find((h: { id: string }) => h.id === impersonationId)).toMatchObject({ mode: 'read', actionCount: 2 });
    });

    it('does not record requests whose token is refused (no session behind them)', async () => {
      const { customer, impersonationId, token } = await customerAndSession();
      await t.http().get('/api/businesses').set(bearer(token)).expect(200);
      await t.db.query(`UPDATE impersonations SET ended_at = now(), end_reason = 'ended_by_admin' WHERE id = $1`, [impersonationId]);
      await t.http().get('/api/businesses').set(bearer(token)).expect(401);
      await t.http().post('/api/businesses').set(bearer(token)).send({ name: 'x' }).expect(401);
      expect(await actionsSeenBy(customer, impersonationId)).toHaveLength(1);
    });

    it('returning to the admin account is listed with its answer (its entry is written by the statement that ends the session)', async () => {
      const { customer, impersonationId, token } = await customerAndSession();
      await t.http().post('/api/2fa/cancel-impersonation').set(bearer(token)).expect(200);
      expect(await actionsSeenBy(customer, impersonationId)).toEqual([
        expect.objectContaining({ method: 'POST', path: '/api/2fa/cancel-impersonation', status: 200 }),
      ]);
      expect(await storedCount(impersonationId)).toEqual({ all: 1, withStatus: 1 });
    });

    it('keeps a long URL with its query string, cut to 2,048 characters', async () => {
      const { customer, impersonationId, token } = await customerAndSession();
      const path = `/api/businesses?page=1&pageSize=20&search=${'a'.repeat(3000)}`;
      await t.http().get(path).set(bearer(token));
      const [item] = await actionsSeenBy(customer, impersonationId);
      expect(item.path).toBe(path.slice(0, 2048));
    });

    it(`lists at most ${SUPPORT_ACTIONS_MAX.toLocaleString('en')} actions, the oldest`, async () => {
      const { customer, impersonationId } = await customerAndSession();
      // A session's worth of entries written directly, a second apart (the API would take minutes to make them).
      await t.db.query(
        `INSERT INTO impersonation_actions (impersonation_id, at, method, path, status)
         SELECT $1, now() - interval '1 hour' + n * interval '1 second', 'GET', '/api/leads?page=' || n, 200
           FROM generate_series(1, $2::int) AS n`,
        [impersonationId, SUPPORT_ACTIONS_MAX + 5],
      );
      const items = await actionsSeenBy(customer, impersonationId);
      expect(items).toHaveLength(SUPPORT_ACTIONS_MAX);
      expect(items[0].path).toBe('/api/leads?page=1');
      expect(items[SUPPORT_ACTIONS_MAX - 1].path).toBe(`/api/leads?page=${SUPPORT_ACTIONS_MAX}`);
    });

    it('the customer’s history and the admins’ list count the actions and say the mode', async () => {
      const { customer, admin, impersonationId, token } = await customerAndSession();
      for (let i = 0; i < 3; i++) await t.http().get('/api/businesses').set(bearer(token)).expect(200);
      const history = await t.http().get('/api/user/impersonations').set(bearer(customer.accessToken)).expect(200);
      expect(history.body.find((h: { id: string }) => h.id === impersonationId)).toMatchObject({ mode: 'write', actionCount: 3 });
      const list = await t.http().get('/api/admin/impersonations?active=true').set(bearer(admin.accessToken)).expect(200);
      expect(list.body.find((h: { id: string }) => h.id === impersonationId)).toMatchObject({ mode: 'write', actionCount: 3 });
    });
  });

  describe('who may read it', () => {
    it('the customer and any admin read it; anyone else gets 404 IMPERSONATION_NOT_FOUND, as for an unknown session', async () => {
      const { customer, admin, impersonationId, token } = await customerAndSession();
      await t.http().get('/api/leads').set(bearer(token)).expect(200);
      const otherAdmin = await newUser(t, { role: 'admin' });
      const adminView = await t
        .http()
        .get(`/api/admin/impersonations/${impersonationId}/actions`)
        .set(bearer(otherAdmin.accessToken))
        .expect(200);
      expect(adminView.body.items).toEqual(await actionsSeenBy(customer, impersonationId));
      expect(adminView.body.items).toHaveLength(1);

      const stranger = await newUser(t);
      for (const [who, path] of [
        [stranger, `/api/user/impersonations/${impersonationId}/actions`],
        [admin, `/api/user/impersonations/${impersonationId}/actions`],
        [customer, `/api/user/impersonations/${randomUUID()}/actions`],
        [admin, `/api/admin/impersonations/${randomUUID()}/actions`],
      ] as const) {
        const res = await t.http().get(path).set(bearer(who.accessToken)).expect(404);
        expect(res.body.code).toBe('IMPERSONATION_NOT_FOUND');
      }
      const notStaff = await t.http().get(`/api/admin/impersonations/${impersonationId}/actions`).set(bearer(customer.accessToken));
      expect(notStaff.status).toBe(403);
    });
  });

  describe('nothing lost', () => {
    it('a clean stop writes the buffered entries: N requests on an instance, then close, then exactly N rows with their statuses', async () => {
      const { impersonationId, token } = await customerAndSession();
      const instance = await createTestApp({ SMTP_URL: mailbox.url });
      const reads = 57;
      const writes = 3;
      try {
        await Promise.all(Array.from({ length: reads }, () => instance.http().get('/api/businesses').set(bearer(token)).expect(200)));
        for (let i = 0; i < writes; i++) {
          await instance
            .http()
            .post('/api/businesses')
            .set(bearer(token))
            .send({ name: `Business ${i}` })
            .expect(201);
        }
      } finally {
        await instance.close();
      }
      expect(await storedCount(impersonationId)).toEqual({ all: reads + writes, withStatus: reads + writes });
    });
  });

  describe('nothing lost while the database refuses the batch', () => {
    it('buffered entries that could not be written are kept and written by the next batch', async () => {
      const { customer, impersonationId, token } = await customerAndSession();
      await t.db.query(`
        CREATE FUNCTION refuse_support_batches() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.impersonation_id = '${impersonationId}' THEN RAISE EXCEPTION 'log unavailable' USING ERRCODE = '57P03'; END IF;
          RETURN NEW;
        END $$`);
      await t.db.query(
        `CREATE TRIGGER refuse_support_batches BEFORE INSERT ON impersonation_actions FOR EACH ROW EXECUTE FUNCTION refuse_support_batches()`,
      );
      try {
        for (let i = 0; i < 5; i++) await t.http().get('/api/leads').set(bearer(token)).expect(200);
        // Every batch with them fails: the list is read without them, and they wait in the buffer.
        expect(await actionsSeenBy(customer, impersonationId)).toHaveLength(0);
      } finally {
        await t.db.query(`DROP TRIGGER refuse_support_batches ON impersonation_actions`);
        await t.db.query(`DROP FUNCTION refuse_support_batches()`);
      }
      expect(await actionsSeenBy(customer, impersonationId)).toHaveLength(5);
    });

    it('a batch that can never be stored (not a passing outage) does not hold back the entries after it', async () => {
      const broken = await customerAndSession();
      const later = await customerAndSession();
      await t.db.query(`
        CREATE FUNCTION break_support_entries() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN
          IF NEW.impersonation_id = '${broken.impersonationId}' THEN RAISE EXCEPTION 'cannot be stored'; END IF;
          RETURN NEW;
        END $$`);
      await t.db.query(
        `CREATE TRIGGER break_support_entries BEFORE INSERT ON impersonation_actions FOR EACH ROW EXECUTE FUNCTION break_support_entries()`,
      );
      try {
        await t.http().get('/api/leads').set(bearer(broken.token)).expect(200);
        expect(await actionsSeenBy(broken.customer, broken.impersonationId)).toHaveLength(0);
        await t.http().get('/api/leads').set(bearer(later.token)).expect(200);
        expect(await actionsSeenBy(later.customer, later.impersonationId)).toHaveLength(1);
      } finally {
        await t.db.query(`DROP TRIGGER break_support_entries ON impersonation_actions`);
        await t.db.query(`DROP FUNCTION break_support_entries()`);
      }
    });

    it('a session deleted while its entries wait does not take other sessions’ entries with it', async () => {
      const gone = await customerAndSession();
      const kept = await customerAndSession();
      // Hold every batch back while both sessions' reads wait in the buffer.
      await t.db.query(`
        CREATE FUNCTION hold_support_batches() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN RAISE EXCEPTION 'log unavailable' USING ERRCODE = '57P03'; END $$`);
      await t.db.query(
        `CREATE TRIGGER hold_support_batches BEFORE INSERT ON impersonation_actions FOR EACH ROW EXECUTE FUNCTION hold_support_batches()`,
      );
      try {
        for (const session of [gone, kept]) await t.http().get('/api/leads').set(bearer(session.token)).expect(200);
        await t.db.query(`DELETE FROM impersonations WHERE id = $1`, [gone.impersonationId]);
      } finally {
        await t.db.query(`DROP TRIGGER hold_support_batches ON impersonation_actions`);
        await t.db.query(`DROP FUNCTION hold_support_batches()`);
      }
      expect(await actionsSeenBy(kept.customer, kept.impersonationId)).toHaveLength(1);
    });
  });

  describe('live: supportSession on GET /auth/me', () => {
    async function me(token: string): Promise<CurrentUser> {
      return (await t.http().get('/api/auth/me').set(bearer(token)).expect(200)).body;
    }

    it('shows the running session to the customer, the latest started one; never to support; null once it ended', async () => {
      const admin = await newUser(t, { role: 'admin', firstName: 'Ada', lastName: 'Admin' });
      const colleague = await newUser(t, { role: 'admin', firstName: 'Grace', lastName: 'Hopper' });
      const customer = await newUser(t);
      expect((await me(customer.accessToken)).supportSession).toBeNull();

      const first = await impersonateDirectly(t, admin, customer);
      const [record] = await t.db.query(`SELECT created_at, expires_at FROM impersonations WHERE id = $1`, [first.impersonationId]);
      expect((await me(customer.accessToken)).supportSession).toEqual({
        id: first.impersonationId,
        impersonator: { name: 'Ada Admin' },
        startedAt: record.created_at.toISOString(),
        expiresAt: record.expires_at.toISOString(),
        mode: 'write',
      });
      expect((await me(first.accessToken)).supportSession).toBeNull();

      const second = await impersonateDirectly(t, colleague, customer);
      expect((await me(customer.accessToken)).supportSession).toMatchObject({
        id: second.impersonationId,
        impersonator: { name: 'Grace Hopper' },
      });

      await t.http().post(`/api/user/impersonations/${second.impersonationId}/end`).set(bearer(customer.accessToken)).expect(204);
      expect((await me(customer.accessToken)).supportSession).toMatchObject({ id: first.impersonationId });
      await t.db.query(`UPDATE impersonations SET expires_at = now() - interval '1 second' WHERE id = $1`, [first.impersonationId]);
      expect((await me(customer.accessToken)).supportSession).toBeNull();
    });

    it('every answer that describes me says so too: a refresh, and switching support access off (which ends it) answers null', async () => {
      const admin = await newUser(t, { role: 'admin' });
      const customer = await newUser(t);
      const { impersonationId } = await impersonateDirectly(t, admin, customer);
      const refreshed = await t.http().post('/api/auth/refresh').set('Cookie', customer.refreshCookie).expect(200);
      expect(refreshed.body.user.supportSession).toMatchObject({ id: impersonationId });
      const named = await t.http().patch('/api/user/profile').set(bearer(customer.accessToken)).send({ firstName: 'Renamed' }).expect(200);
      expect(named.body.supportSession).toMatchObject({ id: impersonationId });
      const optedOut = await t
        .http()
        .patch('/api/user/profile')
        .set(bearer(customer.accessToken))
        .send({ impersonationAllowed: false })
        .expect(200);
      expect(optedOut.body.supportSession).toBeNull();
    });
  });

  describe('the customer’s stop button: POST /user/impersonations/:id/end', () => {
    let second: TestApp;
    beforeAll(async () => {
      second = await createTestApp({ SMTP_URL: mailbox.url });
    });
    afterAll(() => second.close());

    it('ends it at once on every instance (401 IMPERSONATION_ENDED), audited as ended_by_user, and emails the admin', async () => {
      const { customer, admin, impersonationId, token } = await customerAndSession();
      // Both instances have seen the token work before the end.
      await t.http().get('/api/auth/me').set(bearer(token)).expect(200);
      await second.http().get('/api/auth/me').set(bearer(token)).expect(200);
      const mailsBefore = mailbox.messages.length;

      await t.http().post(`/api/user/impersonations/${impersonationId}/end`).set(bearer(customer.accessToken)).expect(204);

      for (const instance of [second, t]) {
        const res = await instance.http().get('/api/businesses').set(bearer(token)).expect(401);
        expect(res.body.code).toBe('IMPERSONATION_ENDED');
      }
      const [record] = await t.db.query(`SELECT end_reason, ended_by_id FROM impersonations WHERE id = $1`, [impersonationId]);
      expect(record).toEqual({ end_reason: 'ended_by_user', ended_by_id: customer.id });
      const audit = await t.db.query(
        `SELECT actor_id, is_impersonated FROM audit_logs WHERE action = 'impersonation.ended_by_user' AND entity_id = $1`,
        [impersonationId],
      );
      expect(audit).toEqual([{ actor_id: customer.id, is_impersonated: false }]);
      const mail = await mailbox.waitFor(admin.email, (m) => mailbox.messages.indexOf(m) >= mailsBefore);
      expect(mail.subject).toBe('Olivia Owner ended your support session');

      const history = await t.http().get('/api/user/impersonations').set(bearer(customer.accessToken)).expect(200);
      expect(history.body.find((h: { id: string }) => h.id === impersonationId)).toMatchObject({ endReason: 'ended_by_user' });
    });

    it('a session that is not running, or not in my account, is 404 IMPERSONATION_NOT_FOUND and stays as it was', async () => {
      const { customer, impersonationId, token } = await customerAndSession();
      const stranger = await newUser(t);
      for (const [who, id] of [
        [stranger, impersonationId],
        [customer, randomUUID()],
      ] as const) {
        const res = await t.http().post(`/api/user/impersonations/${id}/end`).set(bearer(who.accessToken)).expect(404);
        expect(res.body.code).toBe('IMPERSONATION_NOT_FOUND');
      }
      await t.http().get('/api/auth/me').set(bearer(token)).expect(200);

      await t.http().post(`/api/user/impersonations/${impersonationId}/end`).set(bearer(customer.accessToken)).expect(204);
      const again = await t.http().post(`/api/user/impersonations/${impersonationId}/end`).set(bearer(customer.accessToken)).expect(404);
      expect(again.body.code).toBe('IMPERSONATION_NOT_FOUND');
      const audits = await t.db.query(`SELECT 1 FROM audit_logs WHERE action = 'impersonation.ended_by_user' AND entity_id = $1`, [
        impersonationId,
      ]);
      expect(audits).toHaveLength(1);
    });

    it('is blocked during an impersonation (403 FORBIDDEN_DURING_IMPERSONATION): support cannot end its own session as the customer', async () => {
      const { impersonationId, token } = await customerAndSession();
      const res = await t.http().post(`/api/user/impersonations/${impersonationId}/end`).set(bearer(token)).expect(403);
      expect(res.body.code).toBe('FORBIDDEN_DURING_IMPERSONATION');
      await t.http().get('/api/auth/me').set(bearer(token)).expect(200);
    });
  });
});
