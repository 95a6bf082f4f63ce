import { mkdirSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '../../src/database/data-source';
import { startEmbeddedPostgres, type RunningPostgres } from '../../src/database/embedded-postgres';
import { TEST_LOG_FILE, TEST_SECRETS_FILE } from './log-capture';

declare global {
  var __VANTAGE_PG__: RunningPostgres | undefined;
  var __VANTAGE_PG_DIR__: string | undefined;
  var __VANTAGE_RUN_DIR__: string | undefined;
}

/** One real PostgreSQL per test run, migrated once; the URL reaches every test file through the env. */
export default async function globalSetup(): Promise<void> {
  // The run's log and the secrets it used (checked against each other by globalTeardown).
  const runDir = mkdtempSync(join(tmpdir(), 'vantage-test-run-'));
  globalThis.__VANTAGE_RUN_DIR__ = runDir;
  process.env[TEST_LOG_FILE] = join(runDir, 'api.log');
  process.env[TEST_SECRETS_FILE] = join(runDir, 'secrets.jsonl');
  if (process.env.TEST_DATABASE_URL) {
    process.env.DATABASE_URL = process.env.TEST_DATABASE_URL;
  } else {
    const root = resolve(__dirname, '..', '..', '..', '.data');
    mkdirSync(root, { recursive: true });
    const dataDir = mkdtempSync(join(root, 'test-pg-'));
    const pg = await startEmbeddedPostgres({ dataDir, port: await freePort(), persistent: false, fast: true });
    globalThis.__VANTAGE_PG__ = pg;
    globalThis.__VANTAGE_PG_DIR__ = dataDir;
    process.env.DATABASE_URL = pg.url;
  }
  const db = new DataSource(dataSourceOptions(process.env.DATABASE_URL));
  await db.initialize();
  await db.runMigrations();
  await db.destroy();
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolvePort(port));
    });
  });
}
