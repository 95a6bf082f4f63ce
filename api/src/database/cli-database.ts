import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { type AppConfig, loadConfig } from '../config/app-config';
import { dataSourceOptions } from './data-source';
import { startEmbeddedPostgres, type RunningPostgres } from './embedded-postgres';

export interface CliDatabase {
  db: DataSource;
  config: AppConfig;
  close: () => Promise<void>;
}

/**
 * The database a command-line tool works on, chosen like `npm start` does: `--database-url`, else
 * DATABASE_URL, else the embedded PostgreSQL under DATA_DIR (default `.data/postgres`) on
 * EMBEDDED_PG_PORT. Migrations are applied, so a fresh directory is ready to use.
 */
export async function openCliDatabase(databaseUrlArgument: string | undefined, log: (line: string) => void): Promise<CliDatabase> {
  const config = loadConfig();
  let embedded: RunningPostgres | null = null;
  let url = databaseUrlArgument ?? config.databaseUrl;
  if (!url) {
    const dataDir = join(config.dataDir, 'postgres');
    log(`No DATABASE_URL: starting the embedded PostgreSQL (data in ${dataDir}, port ${config.embeddedPgPort})`);
    embedded = await startEmbeddedPostgres({ dataDir, port: config.embeddedPgPort, persistent: true, log });
    url = embedded.url;
  }
  const db = new DataSource(dataSourceOptions(url));
  try {
    await db.initialize();
    await db.runMigrations();
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  return {
    db,
    config,
    close: async () => {
      await db.destroy();
      await embedded?.stop();
    },
  };
}

/** `--name value` pairs from argv; a flag given without a value is an error. */
export function parseCliArgs(argv: string[], known: readonly string[]): Record<string, string> {
  const values: Record<string, string> = {};
  for (let i = 0; i < argv.length; i += 1) {
    const name = argv[i].replace(/^--/, '');
    if (!argv[i].startsWith('--') || !known.includes(name))
      throw new Error(`Unknown argument ${argv[i]} (accepted: ${known.map((k) => `--${k}`).join(', ')})`);
    const value = argv[i + 1];
    if (value === undefined || value.startsWith('--')) throw new Error(`--${name} needs a value`);
    values[name] = value;
    i += 1;
  }
  return values;
}

export function positiveInt(value: string | undefined, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  const parsed = Number(value);
  if (!Number.isInteger(parsed) || parsed < 1) throw new Error(`--${name} must be a positive whole number, got "${value}"`);
  return parsed;
}
