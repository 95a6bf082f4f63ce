import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import globalSetup from './global-setup';
import globalTeardown from './global-teardown';
import { COUNT_DIR_ENV, printValidatedCounts } from './openapi-answers-summary';

/** Vitest's globalSetup: the run's PostgreSQL and log (global-setup.ts), and what the run checked at its end. */
export async function setup(): Promise<void> {
  // Each test file adds how many answers it checked against the OpenAPI document; teardown sums them.
  process.env[COUNT_DIR_ENV] ??= mkdtempSync(join(tmpdir(), 'vantage-openapi-'));
  await globalSetup();
}

export async function teardown(): Promise<void> {
  printValidatedCounts();
  try {
    await globalTeardown();
  } catch (error) {
    // Vitest prints an error of the global teardown ("error during close") but would still exit 0:
    // a secret leaked into the server log must fail the run.
    process.exitCode = 1;
    throw error;
  }
}
