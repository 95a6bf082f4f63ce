// @ts-check
const { existsSync, readFileSync, rmSync } = require('node:fs');
const { join } = require('node:path');

/**
 * Prints, at the end of a run, how many answers of the HTTP tests were checked against the OpenAPI
 * document (each test file adds its count to a file in OPENAPI_ANSWERS_DIR, see openapi-answers.ts).
 */
class OpenApiAnswersReporter {
  onRunComplete() {
    const dir = process.env.OPENAPI_ANSWERS_DIR;
    if (!dir) return;
    const file = join(dir, 'counts.txt');
    const lines = existsSync(file) ? readFileSync(file, 'utf8').trim().split('\n').filter(Boolean) : [];
    const total = lines.reduce((sum, line) => sum + Number(line.split(' ')[0]), 0);
    process.stdout.write(`\nOpenAPI: ${total} responses validated (${lines.length} test files)\n`);
    rmSync(dir, { recursive: true, force: true });
  }
}

module.exports = OpenApiAnswersReporter;
