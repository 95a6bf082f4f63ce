import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { E2E_SUPER_ADMIN, e2eEnvironment, REPO_ROOT, WEB_ROOT } from './environment';

const API_ENTRY = join(REPO_ROOT, 'api', 'dist', 'main.js');
const SPA_INDEX = join(WEB_ROOT, 'dist', 'index.html');
const SERVER_LOG = join(WEB_ROOT, 'test-results', 'api-server.log');
const STARTUP_TIMEOUT_MS = 90_000;
const SHUTDOWN_TIMEOUT_MS = 15_000;

function logTail(): string {
  if (!existsSync(SERVER_LOG)) return '(no server output)';
  return readFileSync(SERVER_LOG, 'utf8').split('\n').slice(-30).join('\n');
}

function exited(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((done) => child.once('exit', () => done()));
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`The API exited with code ${child.exitCode} before it was ready:\n${logTail()}`);
    }
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((pause) => setTimeout(pause, 250));
  }
  throw new Error(`The API did not answer ${url} within ${STARTUP_TIMEOUT_MS / 1000} s:\n${logTail()}`);
}

/**
 * Starts the real API (which serves the built SPA) on a fresh embedded PostgreSQL, and returns
 * the teardown that stops it and deletes that database.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  if (!existsSync(API_ENTRY)) throw new Error(`No ${API_ENTRY}: build the API first (npm run build -w api).`);
  if (!existsSync(SPA_INDEX)) throw new Error(`No ${SPA_INDEX}: build the web app first (npm run build -w web).`);

  const environment = await e2eEnvironment();
  mkdirSync(environment.dataDir, { recursive: true });
  // Screenshots of this run only (Playwright cleans its own output folder, not this one).
  rmSync(join(WEB_ROOT, 'test-results', 'screenshots'), { recursive: true, force: true });
  mkdirSync(join(WEB_ROOT, 'test-results'), { recursive: true });
  const log = createWriteStream(SERVER_LOG);

  const serverEnv: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(environment.apiPort),
    HOST: '127.0.0.1',
    APP_URL: environment.baseUrl,
    DATA_DIR: environment.dataDir,
    EMBEDDED_PG_PORT: String(environment.postgresPort),
    SEED_DEMO_DATA: 'false',
    NODE_ENV: 'test',
    BCRYPT_ROUNDS: '4',
    // Every journey's people come from this one address, two journeys at a time, like a whole office behind
    // one router: the per-client limit of 30 a minute is for one client and is tested in api/test/throttle.
    THROTTLE_AUTH_LIMIT: '1000',
    SUPER_ADMIN_EMAIL: E2E_SUPER_ADMIN.email,
    SUPER_ADMIN_PASSWORD: E2E_SUPER_ADMIN.password,
  };
  // Without DATABASE_URL the API runs its embedded PostgreSQL inside DATA_DIR.
  delete serverEnv.DATABASE_URL;

  const server = spawn(process.execPath, [API_ENTRY], {
    cwd: REPO_ROOT,
    env: serverEnv,
    // Its own process group, so the teardown can also reach a PostgreSQL the API failed to stop.
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout?.pipe(log);
  server.stderr?.pipe(log);

  const killGroup = (signal: NodeJS.Signals) => {
    try {
      if (server.pid) process.kill(-server.pid, signal);
    } catch {
      // Nothing left in the group.
    }
  };

  const stop = async () => {
    if (server.exitCode === null && server.signalCode === null) {
      // The API's own SIGTERM handler closes the app and stops its embedded PostgreSQL cleanly.
      server.kill('SIGTERM');
      const graceful = await Promise.race([
        exited(server).then(() => true),
        new Promise<boolean>((done) => setTimeout(() => done(false), SHUTDOWN_TIMEOUT_MS)),
      ]);
      if (!graceful) {
        killGroup('SIGKILL');
        await exited(server);
      }
    }
    // Whatever the API left behind in its process group (a PostgreSQL it could not stop).
    killGroup('SIGKILL');
    log.end();
    // As root in a folder the postgres user cannot enter, the cluster lives elsewhere; the file says where.
    const relocated = join(environment.dataDir, 'postgres', 'pgdata-location');
    if (existsSync(relocated)) rmSync(readFileSync(relocated, 'utf8').trim(), { recursive: true, force: true });
    rmSync(environment.dataDir, { recursive: true, force: true });
  };

  try {
    await waitForHealth(`${environment.baseUrl}/api/health`, server);
  } catch (error) {
    await stop();
    throw error;
  }
  console.log(`API ready at ${environment.baseUrl} (data in ${environment.dataDir})`);
  return stop;
}
