import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { logLeaks, readSecrets } from './log-capture';

/**
 * Checks that the run's log holds none of the secrets the run used, then stops the run's PostgreSQL
 * and removes its folders. A leak fails the run (the log is kept to read).
 */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__VANTAGE_PG__?.stop();
  if (globalThis.__VANTAGE_PG_DIR__) rmSync(globalThis.__VANTAGE_PG_DIR__, { recursive: true, force: true });
  const runDir = globalThis.__VANTAGE_RUN_DIR__;
  if (!runDir) return;
  const log = join(runDir, 'api.log');
  const secrets = readSecrets(join(runDir, 'secrets.jsonl'));
  const leaks = existsSync(log) ? logLeaks(readFileSync(log, 'utf8'), secrets) : [];
  if (leaks.length) {
    const shown = leaks.slice(0, 5).map(({ secret, line }) => `  ${secret.slice(0, 3)}… in: ${line.slice(0, 300)}`);
    throw new Error(
      `The server log of this run contains ${leaks.length} secret(s) the run used (log kept at ${log}):\n${shown.join('\n')}`,
    );
  }
  rmSync(runDir, { recursive: true, force: true });
}
