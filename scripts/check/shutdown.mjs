#!/usr/bin/env node
/**
 * `npm run check:shutdown` (after `npm run build`): what SIGTERM and Ctrl-C do to the built app.
 *
 *   (a) `node api/dist/main.js` on a fresh embedded PostgreSQL; a sign-in is in flight (bcrypt at cost 14,
 *       about a second: a naturally slow request) when SIGTERM arrives. The port closes at once (a new
 *       connection is refused), the sign-in still answers 200, the process exits 0 within 10 s, and the
 *       embedded PostgreSQL is stopped (no postmaster.pid, its port closed).
 *   (b) `npm run start:prod -w api` and SIGTERM to the node process: npm exits 0.
 *   (c) `npm run start:prod -w api` and SIGINT to the whole process group (Ctrl-C in a terminal): npm exits 0
 *       and the embedded PostgreSQL is stopped.
 *
 * Prints each check and the shutdown times; exits non-zero if a check fails.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort, ROOT } from '../bench/vantage-process.mjs';

const API_ENTRY = join(ROOT, 'api', 'dist', 'main.js');
const GRACE_MS = 10_000;
const ADMIN = { email: 'shutdown-check@vantage.test', password: `shutdown-${randomBytes(9).toString('base64url')}` };

let failures = 0;
/** @param {boolean} ok @param {string} what */
function check(ok, what) {
  console.log(`${ok ? '✓' : '✗'} ${what}`);
  if (!ok) failures++;
}

/** @param {() => Promise<boolean> | boolean} condition @param {number} timeoutMs @param {string} what */
async function until(condition, timeoutMs, what) {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** @param {number} port @returns {Promise<boolean>} whether a TCP connection to the port is refused */
function refused(port) {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(false);
    });
    socket.once('error', (error) => resolve(/** @type {NodeJS.ErrnoException} */ (error).code === 'ECONNREFUSED'));
  });
}

/** @param {number} port @param {string} path @param {object} [body] @returns {Promise<number>} the status */
function call(port, path, body) {
  return new Promise((resolve, reject) => {
    const payload = body ? JSON.stringify(body) : undefined;
    const req = request(
      { host: '127.0.0.1', port, path, method: body ? 'POST' : 'GET', headers: payload ? { 'content-type': 'application/json' } : {} },
      (res) => {
        res.resume();
        res.once('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.once('error', reject);
    req.end(payload);
  });
}

/**
 * Starts the built app on a fresh data folder, through node itself or through npm.
 * @param {'node' | 'npm'} how
 */
async function startApp(how) {
  const dataDir = mkdtempSync(join(tmpdir(), 'vantage-shutdown-'));
  // mkdtemp makes it 0700: as root, PostgreSQL (the postgres user) would keep its data elsewhere.
  chmodSync(dataDir, 0o755);
  const port = await freePort();
  const pgPort = await freePort();
  /** @type {NodeJS.ProcessEnv} */
  const env = {
    ...process.env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    APP_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: dataDir,
    EMBEDDED_PG_PORT: String(pgPort),
    SEED_DEMO_DATA: 'false',
    BCRYPT_ROUNDS: '14',
    SUPER_ADMIN_EMAIL: ADMIN.email,
    SUPER_ADMIN_PASSWORD: ADMIN.password,
    LOG_LEVEL: 'log',
  };
  delete env.DATABASE_URL;
  delete env.LOG_FILE;
  const [command, args] = how === 'node' ? [process.execPath, [API_ENTRY]] : ['npm', ['run', 'start:prod', '-w', 'api']];
  // Its own process group: (c) sends SIGINT to the group, as a terminal does on Ctrl-C.
  const child = spawn(command, args, { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => (output += chunk.toString()));
  child.stderr.on('data', (chunk) => (output += chunk.toString()));
  /** @type {Promise<number | string | null>} the exit code, or the signal that ended it */
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  await until(async () => (await call(port, '/api/health').catch(() => 0)) === 200, 90_000, `the app at port ${port}`).catch((error) => {
    console.log(output);
    throw error;
  });
  /** The pid of the node process running the app, from its own log lines (under npm it is a grandchild). */
  const appPid = Number(/"pid":(\d+)/.exec(output)?.[1]);
  const databaseDir = () => {
    const moved = join(dataDir, 'postgres', 'pgdata-location');
    return existsSync(moved) ? readFileSync(moved, 'utf8').trim() : join(dataDir, 'postgres', 'pgdata');
  };
  return { child, exited, port, pgPort, dataDir, appPid, databaseDir, output: () => output };
}

/** @param {Awaited<ReturnType<typeof startApp>>} app */
async function postgresStopped(app) {
  check(!existsSync(join(app.databaseDir(), 'postmaster.pid')), 'the embedded PostgreSQL is stopped: no postmaster.pid');
  check(await refused(app.pgPort), `the embedded PostgreSQL is stopped: port ${app.pgPort} refuses connections`);
}

async function slowRequestInFlight() {
  console.log('\n(a) SIGTERM with a slow request in flight (node api/dist/main.js)');
  const app = await startApp('node');
  const password = readFileSync(join(app.dataDir, 'postgres', 'pg-password'), 'utf8').trim();
  const db = new pg.Client({ host: '127.0.0.1', port: app.pgPort, user: 'vantage', password, database: 'vantage' });
  await db.connect();

  let signInDoneAt = 0;
  const signIn = call(app.port, '/api/auth/login', ADMIN)
    .catch(() => 0)
    .then((status) => {
      signInDoneAt = Date.now();
      return status;
    });
  // In flight: the app has counted the attempt, which it does just before the bcrypt comparison.
  await until(
    async () => (await db.query(`SELECT 1 FROM rate_limit_counters WHERE key = $1`, [`password:${ADMIN.email}`])).rowCount === 1,
    10_000,
    'the sign-in to reach the password check',
  );
  await db.end();
  const signalAt = Date.now();
  process.kill(app.appPid, 'SIGTERM');
  await until(() => refused(app.port), 5_000, 'the port to close');
  const refusedAt = Date.now();
  check(signInDoneAt === 0, `a new connection is refused ${refusedAt - signalAt} ms after SIGTERM, while the sign-in is still in flight`);
  const status = await signIn;
  check(status === 200, `the sign-in in flight completes with ${status} (${signInDoneAt - signalAt} ms after SIGTERM)`);
  const code = await Promise.race([app.exited, new Promise((resolve) => setTimeout(() => resolve('timeout'), GRACE_MS + 5_000))]);
  const exitMs = Date.now() - signalAt;
  check(code === 0, `the process exits with ${code} ${exitMs} ms after SIGTERM (limit ${GRACE_MS / 1000} s for requests + the stop)`);
  await postgresStopped(app);
  const stopped = /Stopped in (\d+) ms/.exec(app.output())?.[1];
  console.log(`  figures: port closed after ${refusedAt - signalAt} ms; exit after ${exitMs} ms; the app's own "Stopped in" ${stopped} ms`);
  rmSync(app.dataDir, { recursive: true, force: true });
  return { portClosedMs: refusedAt - signalAt, exitMs };
}

async function throughNpm() {
  console.log('\n(b) npm run start:prod, SIGTERM to the node process');
  const app = await startApp('npm');
  const signalAt = Date.now();
  process.kill(app.appPid, 'SIGTERM');
  const code = await app.exited;
  check(code === 0, `npm exits with ${code} (${Date.now() - signalAt} ms)`);
  await postgresStopped(app);
  rmSync(app.dataDir, { recursive: true, force: true });
}

async function ctrlC() {
  console.log('\n(c) npm run start:prod, SIGINT to the process group (Ctrl-C)');
  const app = await startApp('npm');
  const signalAt = Date.now();
  process.kill(-(app.child.pid ?? 0), 'SIGINT');
  const code = await app.exited;
  // npm ends itself with the signal it was sent (what a shell expects of an interrupted command); the
  // app under it must still have ended with 0.
  check(code === 0 || code === 'SIGINT', `npm ends with ${code} (${Date.now() - signalAt} ms)`);
  check(/"msg":"Stopped in \d+ ms"/.test(app.output()), 'the app stopped through its own shutdown');
  await until(() => !existsSync(join(app.databaseDir(), 'postmaster.pid')), 5_000, 'PostgreSQL to stop').catch(() => undefined);
  await postgresStopped(app);
  check(!/Error|at .*\.js:\d+/.test(app.output().split('SIGINT')[1] ?? ''), 'no error or stack trace after Ctrl-C');
  rmSync(app.dataDir, { recursive: true, force: true });
}

if (!existsSync(API_ENTRY)) {
  console.error(`No ${API_ENTRY}: run npm run build first.`);
  process.exit(1);
}
const figures = await slowRequestInFlight();
await throughNpm();
await ctrlC();
console.log(JSON.stringify({ shutdown: figures, failures }));
process.exit(failures ? 1 : 0);
