import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The folder where each test file adds its count; set by the run's global setup, summed at its end. Kept here,
 * not beside the checking (openapi-answers.ts), so the global setup loads neither Ajv nor the app.
 */
export const COUNT_DIR_ENV = 'OPENAPI_ANSWERS_DIR';

/**
 * Prints, at the end of a run, how many answers of the HTTP tests were checked against the OpenAPI
 * document (each test file adds its count to a file in COUNT_DIR_ENV's folder, see openapi-answers.ts),
 * then removes that folder.
 */
export function printValidatedCounts(): void {
  const dir = process.env[COUNT_DIR_ENV];
  if (!dir) return;
  const file = join(dir, 'counts.txt');
  const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
  const total = lines.reduce((sum, line) => sum + Number(line.split(' ')[0]), 0);
  process.stdout.write(`\nOpenAPI: ${total} responses validated (${lines.length} test files)\n`);
  rmSync(dir, { recursive: true, force: true });
}
