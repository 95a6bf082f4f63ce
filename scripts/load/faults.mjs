#!/usr/bin/env node
/**
 * `npm run test:faults` (after `npm run build`): two instances of the built app on one
 * PostgreSQL (its own embedded cluster) and one SMTP server, sharing nothing in memory, then:
 *
 *   (a) PostgreSQL is restarted under load: /api/health answers 503 during the outage, the API
 *       recovers without a restart, and no comment lacks its audit entry;
 *   (b) the SMTP server goes away: sending a code answers 503, everything else keeps working,
 *       an impersonation still starts, and its notice (queued) reaches the customer when the
 *       server is back;
 *   (c) lockouts, used codes and revocations made on one instance hold on the other; then one
 *       instance is killed and the other serves everything;
 *   (d) the per-client throttle is one count across instances (two more, with a low limit);
 *   (e) the once-a-minute expiry sweep ran once a minute across all instances, not once each:
 *       impersonations left overdue at the start are ended once, with one audit entry each.
 *
 * Prints each check and the figures (outage detection and recovery times), then one JSON line.
 * Exits non-zero if any check fails.
 *
 *   npm run test:faults -- [--load-users 30] [--outage 5] [--keep]
 */
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import pg from 'pg';
import { freePort, ROOT, startVantage } from '../bench/vantage-process.mjs';
import { hotp, stepAt } from '../support/totp.mjs';
import {
  atExit,
  client,
  CodeMailbox,
  log,
  messageOf,
  must,
  parseFlags,
  preparePeople,
  signIn,
  sleep,
  Stats,
  stepUpCode,
  verifyComments,
  runCleanups,
  waitForTotpCode,
} from './harness.mjs';

const flags = parseFlags({ 'load-users': 30, outage: 5, keep: false });
/** @typedef {import('./harness.mjs').Person} Person */
/** @typedef {import('../bench/vantage-process.mjs').Vantage} Vantage */

/** @type {Array<{ name: string, ok: boolean }>} */
const checks = [];
/** @type {Record<string, number | string | Record<string, number>>} */
const figures = {};

/**
 * Records a check; a failed one fails the run at the end (the run goes on, to show everything).
 * @param {string} name @param {boolean} ok @param {string} [detail]
 */
function check(name, ok, detail = '') {
  checks.push({ name, ok });
  console.log(`${ok ? '✓' : '✗'} ${name}${detail ? ` — ${detail}` : ''}`);
}

async function main() {
  if (!existsSync(join(ROOT, 'api', 'dist', 'main.js'))) throw new Error('api/dist/main.js is missing: run `npm run build` first.');
  const { startEmbeddedPostgres } = await import(pathToFileURL(join(ROOT, 'api', 'dist', 'database', 'embedded-postgres.js')).href);
  const dataDir = join(ROOT, '.data', `faults-${Date.now()}`);
  mkdirSync(dataDir, { recursive: true });
  const pgOptions = { dataDir: join(dataDir, 'postgres'), port: await freePort(), persistent: true, fast: true };
  let pg = await startEmbeddedPostgres(pgOptions);
  const mailbox = await new CodeMailbox().start();
  const smtpPort = mailbox.port;
  const superAdmin = { email: 'faults-super@vantage.test', password: 'faults super password' };
  const env = {
    DATABASE_URL: pg.url,
    SMTP_URL: mailbox.url,
    // Both instances must accept each other's tokens: real, shared secrets.
    JWT_SECRET: randomBytes(48).toString('base64url'),
    ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    SUPER_ADMIN_EMAIL: superAdmin.email,
    SUPER_ADMIN_PASSWORD: superAdmin.password,
    DATABASE_POOL_SIZE: '10',
    // Mail that could not be sent is tried again after 2 s, doubling (30 s in production), so the
    // notice queued during the SMTP outage arrives within seconds of the server's return.
    MAIL_RETRY_DELAY_SECONDS: '2',
  };
  const instances = /** @type {{ a: Vantage, b: Vantage, c?: Vantage, d?: Vantage }} */ ({});
  const both = /** @type {const} */ (['a', 'b']);
  atExit(() => !flags.keep && rmSync(dataDir, { recursive: true, force: true }));
  atExit(() => pg.stop());
  atExit(() => mailbox.stop());
  atExit(() => instances.d?.stop());
  atExit(() => instances.c?.stop());
  atExit(() => instances.b?.stop());
  atExit(() => instances.a?.stop());
  try {
    log('Starting instance A, then instance B, on one PostgreSQL…');
    instances.a = await startVantage({ port: await freePort(), pgPort: pgOptions.port, dataDir: join(dataDir, 'a'), env });
    instances.b = await startVantage({ port: await freePort(), pgPort: pgOptions.port, dataDir: join(dataDir, 'b'), env });
    const a = client(instances.a.base);
    const b = client(instances.b.base);
    const { customers, admins } = await preparePeople(a, { users: flags['load-users'] + 6, admins: 4, prefix: 'faults', superAdmin });
    const [plain, totpUser, emailUser, lockMe, logoutMe, ...loadUsers] = customers;
    // preparePeople gives half the admins an authenticator app, half email codes.
    const totpAdmin = /** @type {Person} */ (admins.find((p) => p.twoFactor === 'totp'));
    const emailAdmin = /** @type {Person} */ (admins.find((p) => p.twoFactor === 'email'));
    const superAdminToken = (await must(a, 'setup', 'POST', '/api/auth/login', { body: superAdmin })).json.accessToken;
    await enableTotp(a, totpUser);
    await must(a, 'setup', 'PUT', '/api/user/two-factor', { body: { enabled: true, method: 'email' }, token: emailUser.token });
    emailUser.twoFactor = 'email';
    // Admins sign in through both steps; their sessions serve parts (b) and (c).
    for (const admin of admins) Object.assign(admin, await signIn(a, admin, mailbox));
    // Impersonations that ran out with nobody calling, for the sweep to end (checked in (e)). Their admin
    // starts none through the API: starting one ends that admin's earlier ones before the sweep could.
    const idleAdmin = /** @type {Person} */ (admins.find((p) => p !== totpAdmin && p !== emailAdmin));
    const overdue = await addOverdueImpersonations(pg.url, idleAdmin, customers.slice(0, 3));

    // ---------------------------------------------------------------------------------------
    console.log('\n(a) PostgreSQL restarted under load');
    const stats = new Stats();
    /** @type {string[]} */
    const acknowledged = [];
    /** @type {Map<number, number>} */
    const statusesDuringOutage = new Map();
    let phase = 'before';
    let stop = false;
    // Everyone signs in first (alternately on A and B), so the outage hits work in progress.
    const sessions = await Promise.all(
      loadUsers.map((person, i) => signIn(client((i % 2 ? instances.b : instances.a).base), person, mailbox)),
    );
    /** @param {Person} person @param {number} i */
    const worker = async (person, i) => {
      const call = client((i % 2 ? instances.b : instances.a).base, stats);
      const session = sessions[i];
      // (call() never throws on an HTTP status; network errors come back as status 0)
      for (let n = 0; !stop; n++) {
        const res = await call('POST comment', 'POST', `/api/businesses/${person.businessId}/comments`, {
          token: session.token,
          body: { text: `Fault test comment ${n}` },
        });
        if (res.status === 201) acknowledged.push(res.json.id);
        else if (phase === 'outage' || phase === 'recovering')
          statusesDuringOutage.set(res.status, (statusesDuringOutage.get(res.status) ?? 0) + 1);
        else stats.fail(`POST comment (${phase})`, `${res.status} ${res.error ?? JSON.stringify(res.json)}`);
        if (res.status !== 201) await sleep(100);
        await call('GET businesses', 'GET', '/api/businesses', { token: session.token });
      }
    };
    const workers = Promise.all(loadUsers.map(worker));
    await sleep(3000);

    /** @param {Vantage} instance @returns {Promise<number>} */
    const health = async (instance) => (await fetch(`${instance.base}/api/health`).catch(() => ({ status: 0 }))).status;
    const pidsBefore = [instances.a.child.pid, instances.b.child.pid];
    phase = 'outage';
    const stoppedAt = performance.now();
    await pg.stop();
    /** @type {Record<string, number>} */
    const seen503 = {};
    while (performance.now() - stoppedAt < flags.outage * 1000) {
      for (const name of both) if (!seen503[name] && (await health(instances[name])) === 503) seen503[name] = performance.now() - stoppedAt;
      await sleep(100);
    }
    check(
      '/api/health answers 503 on both instances while PostgreSQL is down',
      Boolean(seen503.a && seen503.b),
      `after ${Math.round(seen503.a)} ms (A) and ${Math.round(seen503.b)} ms (B)`,
    );
    const plainCall = await a('GET businesses', 'GET', '/api/businesses', { token: plain.token });
    check(
      'an API request during the outage is a 503, not a 500',
      plainCall.status === 503,
      `${plainCall.status} ${plainCall.json?.code ?? ''}`,
    );

    phase = 'recovering';
    pg = await startEmbeddedPostgres(pgOptions);
    const restartedAt = performance.now();
    /** @type {Record<string, number>} */
    const healthyAfter = {};
    /** @type {Record<string, number>} */
    const commentAfter = {};
    while (performance.now() - restartedAt < 60_000 && !(healthyAfter.a && healthyAfter.b && commentAfter.a && commentAfter.b)) {
      for (const name of both) {
        if (!healthyAfter[name] && (await health(instances[name])) === 200) healthyAfter[name] = performance.now() - restartedAt;
        if (!commentAfter[name]) {
          const res = await client(instances[name].base)('probe', 'POST', `/api/businesses/${plain.businessId}/comments`, {
            token: plain.token,
            body: { text: 'after the restart' },
          });
          if (res.status === 201) {
            commentAfter[name] = performance.now() - restartedAt;
            acknowledged.push(res.json.id);
          }
        }
      }
      await sleep(100);
    }
    await sleep(1000); // answers already on their way during the recovery
    phase = 'after';
    figures.outageSeconds = Number(((restartedAt - stoppedAt) / 1000).toFixed(1));
    figures.outageDetectedMs = Math.round(Math.max(seen503.a ?? 0, seen503.b ?? 0));
    figures.healthRecoveryMs = Math.round(Math.max(healthyAfter.a ?? Infinity, healthyAfter.b ?? Infinity));
    figures.firstCommentAfterRestartMs = Math.round(Math.max(commentAfter.a ?? Infinity, commentAfter.b ?? Infinity));
    check(
      'both instances healthy again without a restart',
      Boolean(healthyAfter.a && healthyAfter.b) &&
        instances.a.child.exitCode === null &&
        instances.b.child.exitCode === null &&
        pidsBefore[0] === instances.a.child.pid,
      `${figures.healthRecoveryMs} ms after PostgreSQL was back`,
    );
    check(
      'both instances write again',
      Boolean(commentAfter.a && commentAfter.b),
      `first comment ${figures.firstCommentAfterRestartMs} ms after PostgreSQL was back`,
    );
    await sleep(3000);
    stop = true;
    await workers;
    const outageStatuses = Object.fromEntries(statusesDuringOutage);
    figures.answersDuringOutage = outageStatuses;
    const no500 = !Object.keys(outageStatuses).some((s) => Number(s) >= 500 && Number(s) !== 503);
    check('requests during the outage got 503 (or a dropped connection), never a 500', no500, JSON.stringify(outageStatuses));
    if (!no500) for (const name of both) console.log(serverErrors(instances[name].output()));
    check('no unexpected answer before or after the outage', stats.unexpected.length === 0, stats.unexpected.slice(0, 3).join('; '));
    const database = await verifyComments(pg.url, acknowledged);
    figures.commentsAcknowledged = database.acknowledged;
    check(
      'every acknowledged comment is stored with exactly one audit entry',
      database.found === database.acknowledged && database.audited_once === database.acknowledged,
      `${database.found}/${database.acknowledged} stored, ${database.audited_once} audited once`,
    );
    check(
      'no comment without its audit entry (no half-written pair)',
      database.comments_without_audit === 0 && database.comments_with_duplicate_audit === 0,
      `${database.comments_in_database} comments in the database`,
    );

    // ---------------------------------------------------------------------------------------
    console.log('\n(b) SMTP server unreachable');
    await mailbox.stop();
    const sendCode = await a('send-code', 'POST', '/api/2fa/send-code', { token: emailAdmin.token });
    check(
      'sending a code answers 503 MAIL_UNAVAILABLE',
      sendCode.status === 503 && sendCode.json?.code === 'MAIL_UNAVAILABLE',
      `${sendCode.status} ${sendCode.json?.code}`,
    );
    const emailLogin = await b('login', 'POST', '/api/auth/login', { body: { email: emailUser.email, password: emailUser.password } });
    check(
      'an email-2FA sign-in says the mail is unavailable (503)',
      emailLogin.status === 503,
      `${emailLogin.status} ${emailLogin.json?.code}`,
    );
    const plainLogin = await b('login', 'POST', '/api/auth/login', { body: { email: plain.email, password: plain.password } });
    const listed = await a('list', 'GET', '/api/businesses', { token: plainLogin.json?.accessToken });
    const commented = await b('comment', 'POST', `/api/leads/${plain.leadId}/comments`, {
      token: plainLogin.json?.accessToken,
      body: { text: 'during the mail outage' },
    });
    let totpSession = null;
    try {
      totpSession = await signIn(a, totpUser, null);
    } catch (error) {
      log(messageOf(error));
    }
    check(
      'sign-in, lists and comments keep working (authenticator-app 2FA included)',
      plainLogin.status === 200 && listed.status === 200 && commented.status === 201 && Boolean(totpSession),
      `login ${plainLogin.status}, list ${listed.status}, comment ${commented.status}, TOTP sign-in ${totpSession ? 'ok' : 'failed'}`,
    );
    if (commented.status === 201) acknowledged.push(commented.json.id);
    const target = loadUsers[0];
    const started = await a('impersonate', 'POST', '/api/2fa/impersonate', {
      token: totpAdmin.token,
      body: { userId: target.id, code: await waitForTotpCode(totpAdmin) },
    });
    check(
      'an impersonation still starts (the notice to the user is queued)',
      started.status === 200,
      `${started.status} ${started.json?.code ?? ''}`,
    );
    if (started.status === 200) await must(a, 'cancel', 'POST', '/api/2fa/cancel-impersonation', { token: started.json.accessToken });
    await mailbox.start(smtpPort);
    const smtpBackAt = performance.now();
    const notice = await mailbox.mailTo(target.email, /started working in your account/, 60_000).catch((error) => {
      log(messageOf(error));
      return null;
    });
    const noticeAfterMs = notice ? Math.round(notice.at - (performance.timeOrigin + smtpBackAt)) : -1;
    figures.queuedNoticeDeliveredMs = noticeAfterMs;
    check(
      "the customer's notice of the impersonation, queued during the outage, arrives once SMTP is back",
      Boolean(notice),
      notice ? `${noticeAfterMs} ms after the server was back` : 'not received within 60 s',
    );
    const sentBefore = mailbox.count;
    const resent = await a('send-code', 'POST', '/api/2fa/send-code', { token: emailAdmin.token });
    check('with the SMTP server back, codes are sent again', resent.status === 204, String(resent.status));
    const emailedStepUp = resent.status === 204 ? await mailbox.codeFor(emailAdmin.email, sentBefore) : null;

    // ---------------------------------------------------------------------------------------
    console.log('\n(c) Two instances, nothing shared in memory');
    for (let i = 0; i < 10; i++)
      await a('login', 'POST', '/api/auth/login', { body: { email: lockMe.email, password: `wrong password ${i}` } });
    const lockedOnB = await b('login', 'POST', '/api/auth/login', { body: { email: lockMe.email, password: lockMe.password } });
    check(
      '10 wrong passwords on A lock the account on B, even for the right password (429 LOGIN_LOCKED)',
      lockedOnB.status === 429 && lockedOnB.json?.code === 'LOGIN_LOCKED',
      `${lockedOnB.status} ${lockedOnB.json?.code}`,
    );

    const totp = await waitForTotpCode(totpUser);
    const challengeA = (await must(a, 'login', 'POST', '/api/auth/login', { body: { email: totpUser.email, password: totpUser.password } }))
      .json.accessToken;
    await must(a, '2fa', 'POST', '/api/2fa/authenticate', { body: { code: totp }, token: challengeA });
    const challengeB = (await must(b, 'login', 'POST', '/api/auth/login', { body: { email: totpUser.email, password: totpUser.password } }))
      .json.accessToken;
    const replayed = await b('2fa', 'POST', '/api/2fa/authenticate', { body: { code: totp }, token: challengeB });
    check(
      'a TOTP code used on A is refused on B',
      replayed.status === 401 && replayed.json?.code === 'CODE_ALREADY_USED',
      `${replayed.status} ${replayed.json?.code}`,
    );

    const firstUse = await a('impersonate', 'POST', '/api/2fa/impersonate', {
      token: emailAdmin.token,
      body: { userId: target.id, code: emailedStepUp },
    });
    const back = await b('cancel', 'POST', '/api/2fa/cancel-impersonation', { token: firstUse.json?.accessToken });
    const secondUse = await b('impersonate', 'POST', '/api/2fa/impersonate', {
      token: back.json?.accessToken,
      body: { userId: target.id, code: emailedStepUp },
    });
    check(
      'an emailed code used on A is refused on B',
      firstUse.status === 200 && secondUse.status === 401 && secondUse.json?.code === 'CODE_ALREADY_USED',
      `${firstUse.status} then ${secondUse.status} ${secondUse.json?.code}`,
    );
    const cancelled = await a('me', 'GET', '/api/auth/me', { token: firstUse.json?.accessToken });
    check(
      'cancel on B ends, on A, the impersonation token A issued',
      back.status === 200 && cancelled.status === 401 && cancelled.json?.code === 'IMPERSONATION_ENDED',
      `${back.status}, then ${cancelled.status} ${cancelled.json?.code}`,
    );
    if (back.status === 200) emailAdmin.token = back.json.accessToken;

    // The replay above was this account's first wrong code; four more, on A, use up the budget.
    const wrongOnA = (await must(a, 'login', 'POST', '/api/auth/login', { body: { email: totpUser.email, password: totpUser.password } }))
      .json.accessToken;
    for (let i = 0; i < 4; i++) await a('2fa', 'POST', '/api/2fa/authenticate', { body: { code: '000000' }, token: wrongOnA });
    const lockedChallenge = (
      await must(b, 'login', 'POST', '/api/auth/login', { body: { email: totpUser.email, password: totpUser.password } })
    ).json.accessToken;
    const lockedTwoFactor = await b('2fa', 'POST', '/api/2fa/authenticate', { body: { code: '000000' }, token: lockedChallenge });
    check(
      'five wrong codes (on B, then A) lock 2FA for the account on B (429 TWO_FACTOR_LOCKED)',
      lockedTwoFactor.status === 429 && lockedTwoFactor.json?.code === 'TWO_FACTOR_LOCKED',
      `${lockedTwoFactor.status} ${lockedTwoFactor.json?.code}`,
    );

    const session = await must(a, 'login', 'POST', '/api/auth/login', { body: { email: logoutMe.email, password: logoutMe.password } });
    await must(b, 'me', 'GET', '/api/auth/me', { token: session.json.accessToken });
    await must(a, 'logout', 'POST', '/api/auth/logout', { token: session.json.accessToken, cookie: session.cookie });
    const afterLogout = await b('me', 'GET', '/api/auth/me', { token: session.json.accessToken });
    const refreshAfterLogout = await b('refresh', 'POST', '/api/auth/refresh', { cookie: session.cookie });
    check(
      'logout on A revokes the token and the refresh cookie on B',
      afterLogout.status === 401 && refreshAfterLogout.status === 401,
      `${afterLogout.status}, ${refreshAfterLogout.status}`,
    );

    const forced = await must(a, 'impersonate', 'POST', '/api/2fa/impersonate', {
      token: emailAdmin.token,
      body: { userId: target.id, code: await stepUpCode(a, emailAdmin, mailbox) },
    });
    await must(a, 'end', 'POST', `/api/admin/impersonations/${forced.json.impersonation.id}/end`, { token: superAdminToken });
    const afterForceEnd = await b('me', 'GET', '/api/auth/me', { token: forced.json.accessToken });
    check(
      "a super admin's force-end on A is refused on B (401 IMPERSONATION_ENDED)",
      afterForceEnd.status === 401 && afterForceEnd.json?.code === 'IMPERSONATION_ENDED',
      `${afterForceEnd.status} ${afterForceEnd.json?.code}`,
    );

    // A session opened on A, to be refreshed on B once A is gone.
    const survivor = await must(a, 'login', 'POST', '/api/auth/login', { body: { email: plain.email, password: plain.password } });
    log('Killing instance A (SIGKILL)…');
    instances.a.kill('SIGKILL');
    await /** @type {Promise<void>} */ (
      new Promise((resolve) => (instances.a.child.exitCode !== null ? resolve() : instances.a.child.once('exit', () => resolve())))
    );
    /** @type {Array<[string, boolean, string]>} */
    const onB = [];
    /** @param {string} name @param {{ status: number }} res @param {number} status */
    const expectB = (name, res, status) => onB.push([name, res.status === status, `${res.status}`]);
    expectB('health', { status: await health(instances.b) }, 200);
    const refreshed = await b('refresh', 'POST', '/api/auth/refresh', { cookie: survivor.cookie });
    expectB('refresh of a session opened on A', refreshed, 200);
    expectB('list', await b('list', 'GET', '/api/businesses', { token: refreshed.json?.accessToken }), 200);
    const lastComment = await b('comment', 'POST', `/api/businesses/${plain.businessId}/comments`, {
      token: refreshed.json?.accessToken,
      body: { text: 'after A died' },
    });
    expectB('comment', lastComment, 201);
    if (lastComment.status === 201) acknowledged.push(lastComment.json.id);
    expectB(
      'register',
      await b('register', 'POST', '/api/auth/register', {
        body: { email: 'after-a@faults.test', password: 'after a password', firstName: 'New', lastName: 'User', teamName: 'Born on B' },
      }),
      201,
    );
    let emailSession = null;
    try {
      emailSession = await signIn(b, emailUser, mailbox);
    } catch (error) {
      log(messageOf(error));
    }
    onB.push(['email-2FA sign-in', Boolean(emailSession), emailSession ? 'ok' : 'failed']);
    let code3 = null;
    try {
      Object.assign(emailAdmin, await signIn(b, emailAdmin, mailbox));
      code3 = await stepUpCode(b, emailAdmin, mailbox);
    } catch (error) {
      log(messageOf(error));
    }
    const impersonatedOnB = await b('impersonate', 'POST', '/api/2fa/impersonate', {
      token: emailAdmin.token,
      body: { userId: target.id, code: code3 },
    });
    expectB('impersonate', impersonatedOnB, 200);
    expectB('cancel', await b('cancel', 'POST', '/api/2fa/cancel-impersonation', { token: impersonatedOnB.json?.accessToken }), 200);
    expectB('admin Teams List', await b('teams', 'GET', '/api/admin/teams?pageSize=5', { token: superAdminToken }), 200);
    const failedOnB = onB.filter(([, ok]) => !ok);
    check(
      'with A killed, B serves everything (health, refresh, list, comment, register, 2FA sign-in, impersonate, cancel, Teams List)',
      failedOnB.length === 0,
      failedOnB.map(([name, , got]) => `${name}: ${got}`).join('; '),
    );

    // ---------------------------------------------------------------------------------------
    console.log('\n(d) The per-client throttle, counted in PostgreSQL');
    // Two more instances with a low limit, behind a proxy that names the client.
    const throttledEnv = { ...env, THROTTLE_AUTH_LIMIT: '4', TRUST_PROXY: 'true' };
    instances.c = await startVantage({ port: await freePort(), pgPort: pgOptions.port, dataDir: join(dataDir, 'c'), env: throttledEnv });
    instances.d = await startVantage({ port: await freePort(), pgPort: pgOptions.port, dataDir: join(dataDir, 'd'), env: throttledEnv });
    const c = client(instances.c.base);
    const d = client(instances.d.base);
    const throttledClient = `10.${Math.floor(Math.random() * 256)}.${Math.floor(Math.random() * 256)}.7`;
    /** @param {import('./harness.mjs').Call} call */
    const wrongLogin = (call) =>
      call('login', 'POST', '/api/auth/login', {
        body: { email: plain.email, password: 'not the password' },
        forwardedFor: throttledClient,
      });
    const allowed = [];
    for (const call of [c, c, d, d]) allowed.push((await wrongLogin(call)).status);
    const fifthOnC = await wrongLogin(c);
    const fifthOnD = await wrongLogin(d);
    check(
      'limit 4 a minute: 2 attempts on C and 2 on D, then the fifth is 429 on either',
      allowed.every((status) => status === 401) && fifthOnC.status === 429 && fifthOnD.status === 429,
      `${allowed.join(', ')}, then ${fifthOnC.status} on C and ${fifthOnD.status} on D`,
    );
    const otherClient = await c('login', 'POST', '/api/auth/login', {
      body: { email: plain.email, password: 'not the password' },
      forwardedFor: `${throttledClient.split('.').slice(0, 3).join('.')}.8`,
    });
    check('another client is not held back by it', otherClient.status === 401, String(otherClient.status));

    // ---------------------------------------------------------------------------------------
    console.log('\n(e) The expiry sweep: once a minute across all instances');
    const swept = await waitForSweep(pg.url, overdue.ids, 90_000);
    const sweepMinutes = Math.floor(Date.now() / 60_000) - Math.floor(overdue.at / 60_000) + 1;
    figures.sweeps = swept.sweeps;
    figures.sweepMinutes = sweepMinutes;
    check(
      `the ${overdue.ids.length} overdue impersonations were ended by the sweep, with one audit entry each`,
      swept.ended === overdue.ids.length && swept.auditedOnce === overdue.ids.length,
      `${swept.ended} ended, ${swept.auditedOnce} audited once, after ${Math.round(swept.waitedMs / 1000)} s`,
    );
    check(
      'one sweep a minute across the instances (two or more a minute would mean each ran its own)',
      swept.sweeps >= 1 && swept.sweeps <= sweepMinutes,
      `${swept.sweeps} sweep jobs in ${sweepMinutes} minute(s) of the clock, with up to four instances running`,
    );

    const final = await verifyComments(pg.url, acknowledged);
    check(
      'at the end: every acknowledged comment stored with one audit entry, none without',
      final.found === final.acknowledged && final.audited_once === final.acknowledged && final.comments_without_audit === 0,
      `${final.acknowledged} acknowledged, ${final.comments_in_database} in the database`,
    );
    figures.commentsAcknowledged = final.acknowledged;
    figures.commentsInDatabase = final.comments_in_database;
  } finally {
    await runCleanups();
  }

  figures.checks = checks.length;
  figures.failed = checks.filter((c) => !c.ok).length;
  console.log(`\n${JSON.stringify(figures)}`);
  if (figures.failed) throw new Error(`${figures.failed} of ${checks.length} fault checks failed`);
  log('Fault test passed.');
}

/** The errors an instance logged (what a 500 was), first lines of each. */
/** @param {string} output */
function serverErrors(output) {
  return output
    .split(/\n(?=\S*\[Nest\])/)
    .filter((entry) => /ERROR/.test(entry))
    .map((entry) => entry.split('\n').slice(0, 4).join('\n'))
    .slice(0, 5)
    .join('\n');
}

/**
 * Impersonations of `admin` in the customers' accounts that ran out a minute ago, as if nobody
 * called after their end: only the sweep ends them.
 * @param {string} databaseUrl @param {Person} admin @param {Person[]} customers
 */
async function addOverdueImpersonations(databaseUrl, admin, customers) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const ids = [];
    for (const customer of customers) {
      const { rows } = await db.query(
        `INSERT INTO impersonations (code, impersonator_id, impersonated_user_id, impersonator_team_id, team_id, expires_at, created_at)
         VALUES ($1, $2, $3, $4, $5, now() - interval '1 minute', now() - interval '31 minutes') RETURNING id`,
        [randomBytes(18).toString('base64url'), admin.id, customer.id, admin.teamId, customer.teamId],
      );
      ids.push(rows[0].id);
    }
    return { ids, at: Date.now() };
  } finally {
    await db.end();
  }
}

/**
 * Waits until the sweep has ended every one of `ids`; answers how many it ended, how many have
 * exactly one audit entry of that, and how many sweep jobs the queue ran in all.
 * @param {string} databaseUrl @param {string[]} ids @param {number} timeoutMs
 */
async function waitForSweep(databaseUrl, ids, timeoutMs) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  const started = Date.now();
  try {
    for (;;) {
      const { rows } = await db.query(
        `SELECT (SELECT count(*)::int FROM impersonations WHERE id::text = ANY($1::text[]) AND end_reason = 'expired') AS ended,
                (SELECT count(*)::int FROM (SELECT entity_id FROM audit_logs WHERE action = 'impersonation.expired' AND entity_id = ANY($1::text[])
                  GROUP BY entity_id HAVING count(*) = 1) once) AS audited_once,
                (SELECT count(*)::int FROM job_queue.job WHERE name = 'impersonation-expiry-sweep') AS sweeps`,
        [ids],
      );
      const { ended, audited_once: auditedOnce, sweeps } = rows[0];
      if (ended === ids.length || Date.now() - started > timeoutMs) return { ended, auditedOnce, sweeps, waitedMs: Date.now() - started };
      await sleep(500);
    }
  } finally {
    await db.end();
  }
}

/** Turns the authenticator app on for a customer (for the sign-in and replay checks). */
/** @param {import('./harness.mjs').Call} call @param {Person} person */
async function enableTotp(call, person) {
  const setup = await must(call, 'setup', 'POST', '/api/user/two-factor', { token: person.token });
  person.secret = setup.json.secret;
  person.lastStep = stepAt();
  await must(call, 'setup', 'PUT', '/api/user/two-factor', {
    body: { enabled: true, method: 'totp', code: hotp(person.secret, person.lastStep) },
    token: person.token,
  });
  person.twoFactor = 'totp';
}

main().catch((error) => {
  console.error(error.message ?? error);
  process.exit(1);
});
