import type { TestMailbox } from './support/mailbox';
import { failureProvokedOnPurpose } from './support/openapi-answers';
import { impersonate, impersonateDirectly, newSession, newUser, type RegisteredUser } from './support/fixtures';
import { ImpersonationNotices } from '../src/impersonation/impersonation-notices';
import { bearer, createTestApp, type TestApp, startAppWithMailbox } from './support/test-app';

/**
 * The notice of an impersonation (SPEC §4) goes out from an outbox the start writes in its own
 * statement: sent after the answer, never lost when the instance stops before sending it, and never
 * sent for a start that did not commit.
 */
describe('Impersonation notice outbox', () => {
  let t: TestApp;
  let mailbox: TestMailbox;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ t, mailbox, stop } = await startAppWithMailbox());
  });
  afterAll(() => stop());

  async function signedInAdmin(): Promise<RegisteredUser> {
    const admin = await newUser(t, { role: 'admin', twoFactor: 'email', firstName: 'Ada', lastName: 'Admin' });
    return { ...admin, ...(await newSession(t, admin)) };
  }

  async function pending(impersonationId: string): Promise<boolean> {
    const [row]: { notice_pending: boolean }[] = await t.db.query(`SELECT notice_pending FROM impersonations WHERE id = $1`, [
      impersonationId,
    ]);
    return row.notice_pending;
  }

  it('a start sends the notice after its answer and clears the outbox', async () => {
    const admin = await signedInAdmin();
    const owner = await newUser(t);
    const res = await impersonate(t, admin, owner, { reason: 'Outbox check' });
    expect(res.status).toBe(200);
    const mail = await mailbox.waitFor(owner.email, (m) => /support/i.test(m.subject));
    expect(mail.text).toContain('Ada Admin');
    expect(mail.text).toContain('Outbox check');
    // Marked sent right after the mail went out.
    for (let i = 0; i < 50 && (await pending(res.body.impersonation.id)); i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await pending(res.body.impersonation.id)).toBe(false);
  });

  it('a notice committed but not sent when its instance stopped is sent by the next instance to start', async () => {
    const admin = await newUser(t, { role: 'admin' });
    const owner = await newUser(t);
    // What a start leaves when the instance stops between its commit and the send.
    const { impersonationId } = await impersonateDirectly(t, admin, owner);
    await t.db.query(`UPDATE impersonations SET notice_pending = true WHERE id = $1`, [impersonationId]);
    expect(mailbox.for(owner.email)).toHaveLength(0);

    const restarted = await createTestApp({ SMTP_URL: mailbox.url });
    try {
      const mail = await mailbox.waitFor(owner.email, (m) => /support/i.test(m.subject));
      expect(mail.text).toContain(admin.firstName);
      expect(await pending(impersonationId)).toBe(false);
    } finally {
      await restarted.close();
    }
  });

  it('a notice claimed by an instance that stopped mid-send is sent again once the claim runs out', async () => {
    const admin = await newUser(t, { role: 'admin' });
    const owner = await newUser(t);
    const { impersonationId } = await impersonateDirectly(t, admin, owner);
    await t.db.query(`UPDATE impersonations SET notice_pending = true, notice_claimed_until = now() + interval '1 minute' WHERE id = $1`, [
      impersonationId,
    ]);
    const restarted = await createTestApp({ SMTP_URL: mailbox.url });
    try {
      // Still claimed: not sent twice while the first sender may be at it.
      expect(await pending(impersonationId)).toBe(true);
      await t.db.query(`UPDATE impersonations SET notice_claimed_until = now() - interval '1 second' WHERE id = $1`, [impersonationId]);
      await restarted.app.get(ImpersonationNotices).sendPending();
      await mailbox.waitFor(owner.email, (m) => /support/i.test(m.subject));
      expect(await pending(impersonationId)).toBe(false);
    } finally {
      await restarted.close();
    }
  });

  it('a start whose statement fails writes nothing and sends nothing', async () => {
    const admin = await signedInAdmin();
    const owner = await newUser(t);
    // The audit entry is the statement's last write: failing it must undo the record, the session and the notice.
    await t.db.query(`CREATE FUNCTION fail_start_audit() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.action = 'impersonation.started' THEN RAISE EXCEPTION 'provoked'; END IF; RETURN NEW; END $$`);
    await t.db.query(`CREATE TRIGGER fail_start_audit BEFORE INSERT ON audit_logs FOR EACH ROW EXECUTE FUNCTION fail_start_audit()`);
    try {
      failureProvokedOnPurpose(500);
      const res = await impersonate(t, admin, owner);
      expect(res.status).toBe(500);
    } finally {
      await t.db.query(`DROP TRIGGER fail_start_audit ON audit_logs`);
      await t.db.query(`DROP FUNCTION fail_start_audit()`);
    }
    const records = await t.db.query(`SELECT 1 FROM impersonations WHERE impersonated_user_id = $1`, [owner.id]);
    expect(records).toHaveLength(0);
    // The admin's own sign-in was not ended either.
    await t.http().get('/api/auth/me').set(bearer(admin.accessToken)).expect(200);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(mailbox.for(owner.email)).toHaveLength(0);
  });
});
