#!/usr/bin/env node
/**
 * `npm run test:load` (after `npm run build`): the built app on a fresh embedded PostgreSQL on
 * loopback, with a real SMTP server catching the codes. Virtual users sign in and work — list,
 * read, comment, refresh — while admins impersonate customers (a fresh 2FA code each time),
 * comment as support and return. Then PostgreSQL is asked whether every acknowledged comment
 * is there with exactly one audit entry.
 *
 * Exits non-zero on any unexpected answer (a 5xx, a network error, a 4xx nobody designed) or any
 * lost comment or audit entry. Prints a summary, then one JSON line with the figures.
 *
 *   npm run test:load -- --duration 60 --users 200 --admins 10 [--keep]
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { freePort, ROOT, startVantage } from '../bench/vantage-process.mjs';
import {
  atExit,
  client,
  CodeMailbox,
  log,
  messageOf,
  parseFlags,
  percentile,
  preparePeople,
  round,
  signIn,
  sleep,
  Stats,
  stepUpCode,
  verifyComments,
  runCleanups,
} from './harness.mjs';

const flags = parseFlags({ duration: 60, users: 200, admins: 10, keep: false });
const ADMINS = Math.min(flags.admins, Math.max(1, Math.floor(flags.users / 10)));
const CUSTOMERS = flags.users - ADMINS;

async function main() {
  if (!existsSync(join(ROOT, 'api', 'dist', 'main.js'))) throw new Error('api/dist/main.js is missing: run `npm run build` first.');
  const dataDir = join(ROOT, '.data', `load-${Date.now()}`);
  mkdirSync(dataDir, { recursive: true });
  const mailbox = await new CodeMailbox().start();
  const superAdmin = { email: 'load-super@vantage.test', password: 'load super password' };
  /** @type {import('../bench/vantage-process.mjs').Vantage | undefined} */
  let app;
  atExit(() => mailbox.stop());
  atExit(() => !flags.keep && rmSync(dataDir, { recursive: true, force: true }));
  atExit(() => app?.stop());
  try {
    log(`Starting Vantage (fresh embedded PostgreSQL in ${dataDir})…`);
    app = await startVantage({
      port: await freePort(),
      pgPort: await freePort(),
      dataDir,
      env: { SMTP_URL: mailbox.url, SUPER_ADMIN_EMAIL: superAdmin.email, SUPER_ADMIN_PASSWORD: superAdmin.password },
    });

    const setup = client(app.base);
    log(`Preparing ${CUSTOMERS} customers (team, business, lead each) and ${ADMINS} admins with 2FA…`);
    const setupStarted = performance.now();
    const { customers, admins } = await preparePeople(setup, { users: CUSTOMERS, admins: ADMINS, prefix: 'load', superAdmin });
    log(`  ready in ${((performance.now() - setupStarted) / 1000).toFixed(1)} s`);

    const stats = new Stats();
    const call = client(app.base, stats);
    /** @type {string[]} */
    const acknowledged = [];
    const impersonations = { started: 0, cancelled: 0 };
    const deadline = Date.now() + flags.duration * 1000;
    const running = () => Date.now() < deadline;
    /**
     * Checks an answer; anything but the expected statuses is an unexpected error.
     * @param {string} label @param {import('./harness.mjs').Answer} res @param {number[]} expected
     */
    const expectStatus = (label, res, expected) => {
      if (expected.includes(res.status)) return true;
      stats.fail(label, `${res.status} ${res.error ?? JSON.stringify(res.json).slice(0, 200)}`);
      return false;
    };

    /** @param {import('./harness.mjs').Person} person @param {number} index */
    const customer = async (person, index) => {
      await sleep((index * 3000) / flags.users); // everyone signs in within the first three seconds
      let session;
      try {
        session = await signIn(call, person, mailbox, 'POST login');
      } catch (error) {
        stats.fail('POST login', messageOf(error));
        return;
      }
      for (let i = 0; running(); i++) {
        const list = await call('GET businesses', 'GET', '/api/businesses?pageSize=20', { token: session.token });
        if (!expectStatus('GET businesses', list, [200])) continue;
        const onLead = i % 3 === 2;
        const thread = onLead ? `/api/leads/${person.leadId}/comments` : `/api/businesses/${person.businessId}/comments`;
        expectStatus('GET comments', await call('GET comments', 'GET', `${thread}?pageSize=20`, { token: session.token }), [200]);
        const posted = await call('POST comment', 'POST', thread, {
          token: session.token,
          body: { text: `Load comment ${i} by ${person.email}` },
        });
        if (expectStatus('POST comment', posted, [201])) acknowledged.push(posted.json.id);
        if (i % 10 === 5) {
          expectStatus('GET me', await call('GET me', 'GET', '/api/auth/me', { token: session.token }), [200]);
          expectStatus(
            'GET audit-logs',
            await call('GET audit-logs', 'GET', '/api/audit-logs?pageSize=20', { token: session.token }),
            [200],
          );
        }
        if (i % 25 === 24) {
          const refreshed = await call('POST refresh', 'POST', '/api/auth/refresh', { cookie: session.cookie });
          if (expectStatus('POST refresh', refreshed, [200])) session.token = refreshed.json.accessToken;
        }
      }
    };

    /** @param {import('./harness.mjs').Person} person @param {number} index */
    const admin = async (person, index) => {
      await sleep((index * 3000) / ADMINS);
      try {
        Object.assign(person, await signIn(call, person, mailbox, 'POST login'));
      } catch (error) {
        stats.fail('POST login', messageOf(error));
        return;
      }
      for (let i = 0; running(); i++) {
        const target = customers[(index * 7919 + i * 104729) % customers.length];
        const found = await call('GET admin/teams', 'GET', `/api/admin/teams?search=${encodeURIComponent(target.email)}&pageSize=20`, {
          token: person.token,
        });
        expectStatus('GET admin/teams', found, [200]);
        let code;
        try {
          code = await stepUpCode(call, person, mailbox, stats);
        } catch (error) {
          stats.fail('step-up code', messageOf(error));
          await sleep(1000);
          continue;
        }
        if (!code) {
          // An authenticator code works once per 30-second step: wait for the next one.
          await sleep(500);
          continue;
        }
        const started = await call('POST impersonate', 'POST', '/api/2fa/impersonate', {
          token: person.token,
          body: { userId: target.id, code, reason: `Load test ticket ${i}` },
        });
        if (!expectStatus('POST impersonate', started, [200])) continue;
        impersonations.started++;
        const support = started.json.accessToken;
        expectStatus('GET businesses', await call('GET businesses', 'GET', '/api/businesses?pageSize=20', { token: support }), [200]);
        const posted = await call('POST comment', 'POST', `/api/businesses/${target.businessId}/comments`, {
          token: support,
          body: { text: `Support looked at ticket ${i}` },
        });
        if (expectStatus('POST comment', posted, [201])) acknowledged.push(posted.json.id);
        const back = await call('POST cancel-impersonation', 'POST', '/api/2fa/cancel-impersonation', { token: support });
        if (expectStatus('POST cancel-impersonation', back, [200])) {
          impersonations.cancelled++;
          person.token = back.json.accessToken;
        } else {
          return;
        }
      }
    };

    log(`Load: ${CUSTOMERS} customers and ${ADMINS} admins for ${flags.duration} s…`);
    const loadStarted = performance.now();
    await Promise.all([...customers.map(customer), ...admins.map(admin)]);
    const seconds = (performance.now() - loadStarted) / 1000;

    log('Checking PostgreSQL: every acknowledged comment and its audit entry…');
    const database = await verifyComments(app.databaseUrl(), acknowledged);
    const summary = stats.summary(seconds);
    const figures = {
      virtualUsers: flags.users,
      customers: CUSTOMERS,
      admins: ADMINS,
      seconds: Number(seconds.toFixed(1)),
      requests: summary.requests,
      requestsPerSecond: summary.requestsPerSecond,
      p50Ms: summary.p50Ms,
      p95Ms: summary.p95Ms,
      p99Ms: summary.p99Ms,
      // Sign-ins (bcrypt, cost 10) queue behind each other when all users arrive at once; the rest:
      p99ExcludingSignInMs: round(
        percentile(
          stats.samples.filter((x) => !x.label.startsWith('POST login')).map((x) => x.ms),
          99,
        ),
      ),
      maxMs: summary.maxMs,
      unexpectedErrors: summary.unexpectedErrors,
      designedRefusals: summary.designedRefusals,
      impersonationsStarted: impersonations.started,
      impersonationsCancelled: impersonations.cancelled,
      commentsAcknowledged: database.acknowledged,
      commentsFound: database.found,
      commentsWithExactlyOneAudit: database.audited_once,
      commentsInDatabase: database.comments_in_database,
      commentsWithoutAudit: database.comments_without_audit,
      commentsWithDuplicateAudit: database.comments_with_duplicate_audit,
      auditEntries: database.audit_entries,
    };
    printSummary(figures, summary.byLabel, stats.unexpected);
    console.log(JSON.stringify(figures));

    const problems = [];
    if (figures.unexpectedErrors) problems.push(`${figures.unexpectedErrors} unexpected answers`);
    if (database.found !== database.acknowledged)
      problems.push(`${database.acknowledged - database.found} acknowledged comments are missing`);
    if (database.audited_once !== database.acknowledged)
      problems.push(`${database.acknowledged - database.audited_once} acknowledged comments lack exactly one audit entry`);
    if (database.comments_without_audit) problems.push(`${database.comments_without_audit} comments have no audit entry`);
    if (database.comments_with_duplicate_audit)
      problems.push(`${database.comments_with_duplicate_audit} comments have several audit entries`);
    if (!database.acknowledged) problems.push('no comment was acknowledged');
    if (admins.length && !impersonations.started) problems.push('no impersonation started');
    if (problems.length) throw new Error(`Load test failed: ${problems.join('; ')}`);
    log('Load test passed.');
  } finally {
    await runCleanups();
  }
}

/**
 * @param {Record<string, number | Record<string, number>>} figures
 * @param {Record<string, { n: number, p50Ms: number, p99Ms: number }>} byLabel
 * @param {string[]} unexpected
 */
function printSummary(figures, byLabel, unexpected) {
  console.log(`\nVantage load test — ${new Date().toISOString()}\n`);
  for (const [key, value] of Object.entries(figures)) {
    console.log(`${key.padEnd(30)} ${typeof value === 'object' ? JSON.stringify(value) : value}`);
  }
  console.log(`\n${'request'.padEnd(30)} ${'n'.padStart(7)} ${'p50 ms'.padStart(8)} ${'p99 ms'.padStart(8)}`);
  for (const [label, s] of Object.entries(byLabel))
    console.log(`${label.padEnd(30)} ${String(s.n).padStart(7)} ${String(s.p50Ms).padStart(8)} ${String(s.p99Ms).padStart(8)}`);
  if (unexpected.length) {
    console.log(`\nUnexpected answers (first 20 of ${unexpected.length}):`);
    for (const line of unexpected.slice(0, 20)) console.log(`  ${line}`);
  }
  console.log('');
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
