import { randomBytes } from 'node:crypto';
import { MailService } from '../src/mail/mail.service';
import { EXPIRY_SWEEP_QUEUE } from '../src/impersonation/impersonation-expiry-sweep';
import { impersonateDirectly, newUser, stepUpCode, uniqueEmail } from './support/fixtures';
import type { TestMailbox } from './support/mailbox';
import { bearer, createTestApp, startAppWithMailbox, type TestApp } from './support/test-app';

/** Polls the app's state (the database) until `check` holds. */
async function eventually<T>(what: string, read: () => Promise<T>, check: (value: T) => boolean, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (check(value)) return value;
    if (Date.now() > deadline) throw new Error(`Still not ${what} after ${timeoutMs} ms: ${JSON.stringify(value)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Background work on the durable job queue (SPEC §12): mail with retries, the scheduled expiry sweep. */
describe('Job queue', () => {
  let t: TestApp;
  let mailbox: TestMailbox;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ t, mailbox, stop } = await startAppWithMailbox());
  });

  afterAll(async () => {
    await stop();
  });

  const mailJobsTo = (app: TestApp, to: string) =>
    app.db.query<{ state: string; retry_count: number }[]>(
      `SELECT state, retry_count FROM ${app.config.jobQueueSchema}.job WHERE name = 'mail' AND data->>'to' = $1`,
      [to],
    );

  it('a notice that could not be delivered is sent when the mail server is back: the customer hears of an impersonation started during an outage', async () => {
    const admin = await newUser(t, { role: 'admin', twoFactor: 'email' });
    const customer = await newUser(t);
    const code = await stepUpCode(t, admin);

    await mailbox.stop();
    const started = await t.http().post('/api/2fa/impersonate').set(bearer(admin.accessToken)).send({ userId: customer.id, code });
    // Support is not blocked by the outage.
    expect(started.status).toBe(200);
    await eventually(
      'tried and failed',
      () => mailJobsTo(t, customer.email),
      (jobs) => jobs.length === 1 && jobs[0].retry_count >= 1,
    );
    expect(mailbox.for(customer.email)).toEqual([]);

    await mailbox.start(mailbox.port);
    const notice = await mailbox.waitFor(customer.email, (mail) => mail.text.includes('started working in your account'), 15_000);
    expect(notice.subject).toMatch(/support/i);
    await eventually(
      'completed',
      () => mailJobsTo(t, customer.email),
      (jobs) => jobs[0]?.state === 'completed',
    );
  });

  it('mail queued inside a transaction is sent only if the transaction commits', async () => {
    const rolledBack = uniqueEmail('rolled-back');
    const committed = uniqueEmail('committed');
    const mail = (to: string) => ({
      to,
      subject: 'Queued with a change',
      text: 'Only if the change is kept.',
      html: '<p>Only if the change is kept.</p>',
    });

    await expect(
      t.db.transaction(async (manager) => {
        await t.app.get(MailService).queue(mail(rolledBack), manager);
        throw new Error('the change fails after its mail was queued');
      }),
    ).rejects.toThrow('the change fails');
    await t.db.transaction(async (manager) => {
      await t.app.get(MailService).queue(mail(committed), manager);
    });

    await mailbox.waitFor(committed);
    expect(await mailJobsTo(t, rolledBack)).toEqual([]);
    expect(mailbox.for(rolledBack)).toEqual([]);
  });

  it('a queued mail is stored sealed: a link token in its text is nowhere in the queue tables, and the mail arrives whole', async () => {
    const to = uniqueEmail('sealed');
    const token = randomBytes(32).toString('base64url');
    const link = `http://localhost:3000/reset-password/${token}`;
    await t.app.get(MailService).queue({ to, subject: 'Reset your password', text: `Open ${link}`, html: `<a href="${link}">Reset</a>` });

    const delivered = await mailbox.waitFor(to);
    expect(delivered.text).toContain(link);
    const schema = t.config.jobQueueSchema;
    const [{ found }] = await t.db.query<{ found: number }[]>(
      `SELECT (SELECT count(*) FROM ${schema}.job WHERE data::text LIKE $1)::int + (SELECT count(*) FROM ${schema}.archive WHERE data::text LIKE $1)::int AS found`,
      [`%${token}%`],
    );
    expect(found).toBe(0);
    const stored = await t.db.query<{ data: { to: string; sealed: string } }[]>(`SELECT data FROM ${schema}.job WHERE data->>'to' = $1`, [
      to,
    ]);
    expect(stored).toHaveLength(1);
    expect(stored[0].data.sealed).toMatch(/^v1\./);
  });

  it('two instances run the once-a-minute expiry sweep once: one job a minute, and the impersonation ends once', async () => {
    const admin = await newUser(t, { role: 'admin' });
    const customer = await newUser(t);
    const { impersonationId } = await impersonateDirectly(t, admin, customer);
    await t.db.query(`UPDATE impersonations SET expires_at = now() - interval '1 second' WHERE id = $1`, [impersonationId]);

    // Two instances of one deployment (one job queue) that both send the scheduled jobs.
    const env = { JOB_SCHEDULER: 'true', JOB_QUEUE_SCHEMA: `test_jobs_${randomBytes(6).toString('hex')}` };
    const firstMinute = Math.floor(Date.now() / 60_000);
    const instances = await Promise.all([createTestApp(env), createTestApp(env)]);
    try {
      const schema = env.JOB_QUEUE_SCHEMA;
      await eventually(
        'ended by the sweep',
        () => t.db.query<{ end_reason: string | null }[]>(`SELECT end_reason FROM impersonations WHERE id = $1`, [impersonationId]),
        ([row]) => row.end_reason === 'expired',
      );
      // Every scheduled job either instance asked for has reached its queue.
      await eventually(
        'handed over',
        () =>
          t.db.query<{ waiting: number }[]>(
            `SELECT count(*)::int AS waiting FROM ${schema}.job WHERE name = '__pgboss__send-it' AND state < 'completed'`,
          ),
        ([row]) => row.waiting === 0,
      );
      const minutes = Math.floor(Date.now() / 60_000) - firstMinute + 1;
      const [{ sweeps }] = await t.db.query<{ sweeps: number }[]>(`SELECT count(*)::int AS sweeps FROM ${schema}.job WHERE name = $1`, [
        EXPIRY_SWEEP_QUEUE,
      ]);
      // One sweep a minute whatever the number of instances (two, had each instance its own timer).
      expect(sweeps).toBeGreaterThanOrEqual(1);
      expect(sweeps).toBeLessThanOrEqual(minutes);
      const [{ entries }] = await t.db.query<{ entries: number }[]>(
        `SELECT count(*)::int AS entries FROM audit_logs WHERE action = 'impersonation.expired' AND entity_id = $1`,
        [impersonationId],
      );
      expect(entries).toBe(1);
    } finally {
      await Promise.all(instances.map((instance) => instance.close()));
    }
  });
});
