import { rmSync } from 'node:fs';

/** Stops the run's PostgreSQL and removes its folder under .data/. */
export default async function globalTeardown(): Promise<void> {
  await globalThis.__VANTAGE_PG__?.stop();
  if (globalThis.__VANTAGE_PG_DIR__) rmSync(globalThis.__VANTAGE_PG_DIR__, { recursive: true, force: true });
}
