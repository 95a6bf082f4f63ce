#!/usr/bin/env node
/**
 * `npm run bench`: builds Vantage, starts a bare Fastify hello-world (the physical reference) and the
 * built app on a fresh embedded PostgreSQL, seeds 100,000 teams, loads everything on loopback and
 * prints a table, then — as its last line — one JSON object with the figures. Besides throughput:
 * the guarded list read against its reference server (guarded-list.mjs), impersonation starts at 10 a
 * second on an open-loop schedule, and the round trips of a start + cancel pair (impersonation-cost.mjs,
 * counted by pg_stat_statements: statement-stats.mjs).
 *
 *   npm run bench                     # full run
 *   npm run bench -- --no-build       # reuse the current build
 *   npm run bench -- --teams 20000 --duration 5
 *   npm run bench -- --no-build --only impersonate --profile .data/profiles   # one part, CPU profile of the app
 *   npm run bench -- --no-build --only impersonate --open-loop-seconds 10      # a shorter open-loop run
 */
import autocannon from 'autocannon';
import { execFileSync, fork, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import http from 'node:http';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { hotp, nextUnusedStep, stepAt } from '../support/totp.mjs';
import { guardedListVsReference } from './guarded-list.mjs';
import { impersonatedListVsPlain } from './impersonated-list.mjs';
import { impersonateOpenLoop, percentile, roundTripsPerImpersonationPair } from './impersonation-cost.mjs';
import { createStatementStats, loadStatementStatsAtNextStart } from './statement-stats.mjs';
import { cpuMsOfTree, freePort, ROOT, rssMb, startVantage } from './vantage-process.mjs';

const args = process.argv.slice(2);
/** @template T @param {string} name @param {T} fallback @returns {string | T} */
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const TEAMS = Number(flag('teams', 100_000));
const DURATION = Number(flag('duration', 10));
const CONNECTIONS = 50;
/** Starts a second, and for how long, in the open-loop impersonation latency run. */
const OPEN_LOOP_RATE = 10;
const OPEN_LOOP_SECONDS = Number(flag('open-loop-seconds', 30));
/** Impersonate + cancel pairs whose statements are counted. */
const COUNTED_PAIRS = 10;
/**
 * An admin's TOTP step works once, and the server accepts only the current step ±1: over the open
 * loop's 30 s an admin can start about two impersonations, so 300 starts need some 150 admins.
 */
const ADMINS = 25 + Math.ceil((OPEN_LOOP_RATE * OPEN_LOOP_SECONDS) / 1.5);
/** Throughput runs alternate between the servers compared, this many rounds; each server's best round counts. */
const ROUNDS = Number(flag('rounds', 3));
const ONLY = flag('only', null); // throughput | impersonate | password-reset | teams-list
const PROFILE_DIR = flag('profile', null);
/** @param {string} part */
const runs = (part) => ONLY === null || ONLY === part;
/** @param {string} line */
const log = (line) => console.error(line);

/** @type {Record<string, { min?: number, max?: number }>} */
const TARGETS = {
  healthVsBareFastify: { min: 0.7 },
  meVsHealth: { min: 0.5 },
  impersonatedListVsPlain: { min: 0.8 },
  guardedListVsReference: { min: 0.6 },
  impersonateOpenLoopP99Ms: { max: 100 },
  roundTripsPerImpersonationPair: { max: 8 },
  teamsListP95Ms: { max: 30 },
  passwordResetTimingDiffMs: { max: 20 },
  spaInitialJsGzipKb: { max: 150 },
  warmStartMs: { max: 5000 },
};

/**
 * @typedef {ReturnType<typeof api>} Api
 * @typedef {{ id: string, token: string, secret: string, lastStep: number }} BenchAdmin
 */

async function main() {
  /** @type {Record<string, number | string>} */
  const figures = {};
  if (!args.includes('--no-build')) {
    log('Building…');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  if (runs('spa')) figures.spaInitialJsGzipKb = spaInitialJsGzipKb();

  const dataDir = join(ROOT, '.data', `bench-${Date.now()}`);
  mkdirSync(dataDir, { recursive: true });
  const pgPort = await freePort();
  const port = await freePort();
  const superAdmin = { email: 'bench-super@vantage.test', password: 'bench-super-password' };
  // A known signing key: the guarded list's reference server verifies the same tokens.
  const jwtSecret = randomBytes(48).toString('base64url');
  const env = { SUPER_ADMIN_EMAIL: superAdmin.email, SUPER_ADMIN_PASSWORD: superAdmin.password, JWT_SECRET: jwtSecret };

  /** @type {import('./vantage-process.mjs').Vantage | undefined} */
  let app;
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let bare;
  try {
    log('Cold start (new embedded PostgreSQL, migrations)…');
    app = await startVantage({ port, dataDir, pgPort, env });
    figures.coldStartMs = Math.round(app.startMs);
    // Statement counting (pg_stat_statements) is loaded from the next start on; it tracks nothing until asked.
    await loadStatementStatsAtNextStart(app.databaseUrl());
    await app.stop();
    log('Warm start…');
    const nodeArgs = PROFILE_DIR ? ['--cpu-prof', `--cpu-prof-dir=${PROFILE_DIR}`] : [];
    app = await startVantage({ port, dataDir, pgPort, env, nodeArgs });
    figures.warmStartMs = Math.round(app.startMs);
    await createStatementStats(app.databaseUrl());
    // The app reaches its embedded PostgreSQL over a Unix socket in the data folder when the path is short enough.
    const socketDir = join(dataDir, 'postgres');
    const appDatabaseUrl = existsSync(join(socketDir, `.s.PGSQL.${pgPort}`))
      ? `${app.databaseUrl()}?host=${encodeURIComponent(socketDir)}`
      : app.databaseUrl();

    const client = api(app.base);
    const superToken = (await client.post('/api/auth/login', superAdmin)).accessToken;
    log(`Preparing ${ADMINS} admins with authenticator apps…`);
    const admins = await prepareAdmins(client, superToken, ADMINS);
    const target = await client.post('/api/auth/register', {
      email: 'bench-owner@vantage.test',
      password: 'bench-owner-password',
      firstName: 'Bench',
      lastName: 'Owner',
      teamName: 'Bench Co',
    });

    if (runs('throughput')) {
      const barePort = await freePort();
      bare = fork(join(ROOT, 'scripts', 'bench', 'bare-fastify.mjs'), [String(barePort)], { stdio: 'ignore' });
      const child = bare;
      await new Promise((resolve) => child.once('message', resolve));

      // One impersonation kept open for the /auth/me load (its revocation check runs every request).
      const watcher = /** @type {BenchAdmin} */ (admins.pop());
      const impersonation = await impersonate(client, watcher, target.user.id);
      const targets = {
        bare: { url: `http://127.0.0.1:${barePort}/` },
        health: { url: `${app.base}/api/health` },
        me: { url: `${app.base}/api/auth/me`, headers: { authorization: `Bearer ${impersonation.accessToken}` } },
      };
      log(`Throughput: bare Fastify, GET /api/health, GET /api/auth/me (impersonation token), ${ROUNDS} alternating rounds…`);
      let rssPeak = 0;
      const { pid } = app.child;
      const sampler = setInterval(() => (rssPeak = Math.max(rssPeak, rssMb(pid))), 200);
      const best = await alternatingRounds(targets);
      clearInterval(sampler);
      figures.bareFastifyRps = Math.round(best.bare);
      figures.healthRps = Math.round(best.health);
      figures.meRps = Math.round(best.me);
      figures.healthVsBareFastify = Number((best.health / best.bare).toFixed(3));
      figures.meVsHealth = Number((best.me / best.health).toFixed(3));
      figures.rssMbUnderLoad = Math.round(rssPeak);
      Object.assign(figures, await impersonatedListVsPlain({ client, app, owner: target, impersonation, measure: alternatingRounds, log }));
      const ownerToken = target.accessToken;
      Object.assign(figures, await guardedListVsReference({ app, appDatabaseUrl, jwtSecret, ownerToken, measure: alternatingRounds, log }));
    }

    if (runs('password-reset')) {
      log('Timing: POST /api/auth/password-reset for 50 accounts and 50 unknown emails, interleaved…');
      Object.assign(figures, await passwordResetTiming(client, admins.slice(0, 50)));
    }

    if (runs('impersonate')) {
      log('Latency: POST /api/2fa/impersonate (+ cancel), one at a time…');
      Object.assign(figures, await impersonationSerial(client, admins.splice(0, 10), target.user.id));
      log(`Round trips: the statements of ${COUNTED_PAIRS} impersonate + cancel pairs, counted by pg_stat_statements…`);
      const userId = target.user.id;
      const databaseUrl = app.databaseUrl();
      Object.assign(
        figures,
        await roundTripsPerImpersonationPair({
          client,
          admins: admins.splice(0, COUNTED_PAIRS),
          userId,
          nextCode,
          databaseUrl,
          pairs: COUNTED_PAIRS,
          log,
        }),
      );
      log(
        `Latency: POST /api/2fa/impersonate at ${OPEN_LOOP_RATE} a second for ${OPEN_LOOP_SECONDS} s (open loop; each returned from at once)…`,
      );
      const cpuBefore = { server: cpuMsOfTree(app.child.pid), client: process.cpuUsage() };
      const loaded = await impersonateOpenLoop({ client, admins, userId, nextCode, rate: OPEN_LOOP_RATE, seconds: OPEN_LOOP_SECONDS });
      Object.assign(figures, loaded);
      // Where the CPU of one impersonate + cancel pair goes: the app, its PostgreSQL, this client.
      const server = cpuMsOfTree(app.child.pid);
      const clientUs = process.cpuUsage(cpuBefore.client);
      /** @param {number} ms */
      const perPair = (ms) => round(ms / loaded.impersonateOpenLoopSamples);
      figures.pairCpuMsApp = perPair(server.own - cpuBefore.server.own);
      figures.pairCpuMsPostgres = perPair(server.children - cpuBefore.server.children);
      figures.pairCpuMsBenchClient = perPair((clientUs.user + clientUs.system) / 1000);
    }

    if (runs('teams-list')) {
      // Seeded last: PostgreSQL's work after a bulk load (autovacuum, checkpoint) would otherwise
      // share the CPU with the throughput runs.
      log(`Seeding ${TEAMS} teams…`);
      const seedStarted = performance.now();
      execFileSync(
        process.execPath,
        [join(ROOT, 'api', 'dist', 'database', 'seed-large.cli.js'), '--teams', String(TEAMS), '--database-url', app.databaseUrl()],
        {
          stdio: ['ignore', 'ignore', 'inherit'],
        },
      );
      figures.seedSeconds = Number(((performance.now() - seedStarted) / 1000).toFixed(1));
      log('Latency: admin Teams List searches…');
      Object.assign(figures, await teamsListLatency(client, superToken));
      figures.teamsListPlan = await teamsListPlan(app.databaseUrl());
    }
  } finally {
    bare?.kill();
    await app?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }

  printTable(figures);
  console.log(JSON.stringify(figures));
}

/**
 * Loads each target in turn, ROUNDS times over, and keeps each one's best round. Alternating means
 * a slow moment of the machine (other tenants, a CPU-frequency change) hurts one round of every
 * target, not every round of one, so the ratios compare like with like.
 * @param {Record<string, autocannon.Options>} targets
 */
async function alternatingRounds(targets) {
  const best = Object.fromEntries(Object.keys(targets).map((name) => [name, 0]));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, options] of Object.entries(targets)) {
      const result = await load(options);
      if (result.non2xx > 0 || result.errors > 0)
        throw new Error(`${options.url} answered ${result.non2xx} non-2xx responses and ${result.errors} errors`);
      best[name] = Math.max(best[name], result.requests.average);
    }
  }
  return best;
}

/** @param {autocannon.Options} options */
function load(options) {
  return autocannon({ connections: CONNECTIONS, duration: Math.max(2, DURATION / 2), ...options });
}

function spaInitialJsGzipKb() {
  const out = spawnSync(process.execPath, [join(ROOT, 'web', 'scripts', 'measure-bundle.mjs')], { encoding: 'utf8' }).stdout;
  const total = /total\s+[\d.]+ kB\s+gzip\s+([\d.]+) kB/.exec(out);
  if (!total) throw new Error(`Could not read the bundle size:\n${out}`);
  return Number(total[1]);
}

/**
 * A small JSON client on keep-alive node:http connections. fetch() cost the bench process about
 * 9 ms of CPU per impersonate + cancel pair: on two cores that is CPU taken from the server it measures.
 * Answers are the API's JSON bodies, untyped here.
 * @param {string} base
 */
function api(base) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS });
  /** @param {string} method @param {string} path @param {unknown} body @param {string} [token] @returns {Promise<any>} */
  const call = (method, path, body, token) =>
    new Promise((resolve, reject) => {
      const payload = body ? JSON.stringify(body) : null;
      /** @type {import('node:http').OutgoingHttpHeaders} */
      const headers = {};
      if (payload) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
      if (token) headers.authorization = `Bearer ${token}`;
      const req = http.request(base + path, { method, headers, agent }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (text += chunk));
        res.on('end', () => {
          if (/** @type {number} */ (res.statusCode) >= 400) return reject(new Error(`${method} ${path} → ${res.statusCode} ${text}`));
          resolve(text ? JSON.parse(text) : null);
        });
      });
      req.on('error', reject);
      req.end(payload ?? undefined);
    });
  return {
    /** @param {string} path @param {string} [token] */
    get: (path, token) => call('GET', path, undefined, token),
    /** @param {string} path @param {unknown} body @param {string} [token] */
    post: (path, body, token) => call('POST', path, body, token),
    /** @param {string} path @param {unknown} body @param {string} [token] */
    put: (path, body, token) => call('PUT', path, body, token),
    /** @param {string} path @param {unknown} body @param {string} [token] */
    patch: (path, body, token) => call('PATCH', path, body, token),
  };
}

/**
 * Admins with TOTP on; each knows the last step it used, since a step works only once.
 * @param {Api} client @param {string} superToken @param {number} count
 */
async function prepareAdmins(client, superToken, count) {
  /** @type {BenchAdmin[]} */
  const admins = [];
  /** @param {number} i @returns {Promise<BenchAdmin>} */
  const prepare = async (i) => {
    const email = `bench-admin-${i}@vantage.test`;
    const reg = await client.post('/api/auth/register', {
      email,
      password: 'bench-admin-password',
      firstName: 'Admin',
      lastName: `No ${i}`,
      teamName: `Support ${i}`,
    });
    await client.patch(`/api/admin/users/${reg.user.id}`, { role: 'admin' }, superToken);
    const setup = await client.post('/api/user/two-factor', undefined, reg.accessToken);
    // The current step's code: still inside the server's ±1 window if a step boundary passes on the way.
    const step = stepAt();
    await client.put('/api/user/two-factor', { enabled: true, method: 'totp', code: hotp(setup.secret, step) }, reg.accessToken);
    return { id: reg.user.id, token: reg.accessToken, secret: setup.secret, lastStep: step };
  };
  // A few at a time: registration hashes a password, so two cores take about as long either way, but
  // the round trips overlap.
  for (let i = 0; i < count; i += 4) {
    admins.push(...(await Promise.all(Array.from({ length: Math.min(4, count - i) }, (_, k) => prepare(i + k)))));
  }
  return admins;
}

/** A code the server will accept: a step within ±1 of now that this admin has not used. @param {BenchAdmin} admin */
function nextCode(admin) {
  const step = nextUnusedStep(admin.lastStep);
  if (step === null) return null;
  admin.lastStep = step;
  return hotp(admin.secret, step);
}

/** @param {Api} client @param {BenchAdmin} admin @param {string} userId */
async function impersonate(client, admin, userId) {
  const code = nextCode(admin);
  return client.post('/api/2fa/impersonate', { userId, code }, admin.token);
}

/**
 * Whether asking for a reset link tells an account from a stranger by its time: 50 known and 50
 * unknown emails, one request each (the per-address limit allows a few per hour), interleaved so a
 * slow moment of the machine hits both. The figure is |median known − median unknown|.
 * @param {Api} client @param {BenchAdmin[]} known
 */
async function passwordResetTiming(client, known) {
  /** @type {number[]} */
  const knownMs = [];
  /** @type {number[]} */
  const unknownMs = [];
  for (let i = 0; i < known.length; i++) {
    for (const [email, into] of /** @type {[string, number[]][]} */ ([
      [`bench-admin-${i}@vantage.test`, knownMs],
      [`nobody-${i}-${Date.now()}@vantage.test`, unknownMs],
    ])) {
      const t0 = performance.now();
      await client.post('/api/auth/password-reset', { email });
      into.push(performance.now() - t0);
    }
  }
  const knownMedian = percentile(knownMs, 50);
  const unknownMedian = percentile(unknownMs, 50);
  return {
    passwordResetKnownP50Ms: round(knownMedian),
    passwordResetUnknownP50Ms: round(unknownMedian),
    passwordResetTimingDiffMs: round(Math.abs(knownMedian - unknownMedian)),
  };
}

/**
 * Impersonate and return, one pair at a time: the cost of one impersonation without queueing.
 * @param {Api} client @param {BenchAdmin[]} admins @param {string} userId
 */
async function impersonationSerial(client, admins, userId) {
  const impersonateMs = [];
  for (const admin of admins) {
    for (let i = 0; i < 2; i++) {
      const code = nextCode(admin);
      if (!code) break;
      const t0 = performance.now();
      const started = await client.post('/api/2fa/impersonate', { userId, code }, admin.token);
      impersonateMs.push(performance.now() - t0);
      admin.token = (await client.post('/api/2fa/cancel-impersonation', undefined, started.accessToken)).accessToken;
    }
  }
  return { impersonateSerialP50Ms: round(percentile(impersonateMs, 50)) };
}

/** @param {Api} client @param {string} token */
async function teamsListLatency(client, token) {
  const searches = ['', 'logistics', 'olivia', 'baker.1', 'kara.baker.50000', 'quantum wave', 'zzzz-no-match', 'northwind'];
  const samples = [];
  for (const search of searches) await client.get(`/api/admin/teams?search=${encodeURIComponent(search)}&pageSize=20`, token);
  for (let round = 0; round < 25; round++) {
    for (const search of searches) {
      const t0 = performance.now();
      await client.get(`/api/admin/teams?search=${encodeURIComponent(search)}&page=${1 + (round % 3)}&pageSize=20`, token);
      samples.push(performance.now() - t0);
    }
  }
  return {
    teamsListP95Ms: round(percentile(samples, 95)),
    teamsListP50Ms: round(percentile(samples, 50)),
    teamsListSamples: samples.length,
  };
}

/** Whether PostgreSQL serves the Teams List search from an index (the plan of one search page). @param {string} databaseUrl */
async function teamsListPlan(databaseUrl) {
  const { teamsListPage, teamsListTotal } = await import(join(ROOT, 'api', 'dist', 'admin', 'teams-list.query.js'));
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    /** @type {{ sql: string, params: unknown[] }} */
    const count = teamsListTotal('olivia');
    const total = Number((await client.query(count.sql, count.params)).rows[0].total);
    const page = teamsListPage('olivia', total, 20, 0);
    const plan = (await client.query(`EXPLAIN ${page.sql}`, page.params)).rows.map((r) => r['QUERY PLAN']).join('\n');
    return /Index Scan|Index Only Scan|Bitmap Index Scan/.test(plan) ? 'index scan' : 'NO INDEX SCAN';
  } finally {
    await client.end();
  }
}

/** @param {number} value */
function round(value) {
  return Number(value.toFixed(1));
}

/** @param {Record<string, number | string>} figures */
function printTable(figures) {
  const rows = Object.entries(figures).map(([key, value]) => {
    const target = TARGETS[key];
    let verdict = '';
    // Only numeric figures have targets.
    if (target?.min !== undefined) verdict = Number(value) >= target.min ? `≥ ${target.min} ✓` : `≥ ${target.min} ✗`;
    if (target?.max !== undefined) verdict = Number(value) <= target.max ? `≤ ${target.max} ✓` : `≤ ${target.max} ✗`;
    return [key, String(value), verdict];
  });
  console.log(
    `\nVantage benchmark — ${new Date().toISOString()} — ${TEAMS} teams, ${DURATION} s per load (throughput: ${ROUNDS} rounds of ${Math.max(2, DURATION / 2)} s), ${CONNECTIONS} connections\n`,
  );
  console.log(`${'figure'.padEnd(28)} ${'value'.padStart(12)}  target`);
  for (const [key, value, verdict] of rows) console.log(`${key.padEnd(28)} ${value.padStart(12)}  ${verdict}`);
  console.log('');
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
