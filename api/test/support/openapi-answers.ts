import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import Ajv, { type ValidateFunction } from 'ajv';
import standaloneCode from 'ajv/dist/standalone';
import addFormats from 'ajv-formats';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { COUNT_DIR_ENV } from './openapi-answers-summary';

/**
 * Every answer of every HTTP test, checked against the OpenAPI document the app serves: the status
 * must be one its operation lists, and the body must match the schema listed for that status (no
 * body where none is listed). The test app adds the hook (watchAnswers); the setup file
 * (openapi-answers.setup.ts) fails the test during which a violation was recorded, and the run's
 * end prints how many answers were checked.
 *
 * Not checked, on purpose — they are not operations of the API:
 * - requests no route matched (the 404 of an unknown path, 405 of an unknown method, and the SPA's
 *   index.html fallback for client-side routes);
 * - paths outside /api/ (the built SPA's files), the document itself (/api/docs…) and the metrics
 *   scrape (/api/metrics, Prometheus text);
 * - HEAD requests have their GET operation's statuses but no body to check.
 */

type Operation = { responses?: Record<string, { content?: { 'application/json'?: { schema: object } } }> };
export type Paths = Record<string, Record<string, Operation>>;

const DOCUMENT_URL = '/api/docs/openapi.json';

/**
 * Compiling a schema (Ajv generates and evaluates a function) is most of what checking answers costs;
 * running the function is cheap. So each schema is compiled once, not once per route, status and app:
 * the document's response schemas repeat (about four routes and statuses share each error body), and
 * every app of a test file serves the same document. The generated code is also kept for the run's
 * later test files (in COUNT_DIR_ENV's folder, which the run's end removes), which load it instead.
 */
const ajv = new Ajv({ strict: false, allErrors: true, code: { source: true } });
addFormats(ajv);
const validators = new Map<string, ValidateFunction>();

function validatorOf(schema: object): ValidateFunction {
  const text = JSON.stringify(schema);
  let validate = validators.get(text);
  if (!validate) {
    const dir = process.env[COUNT_DIR_ENV] ? join(process.env[COUNT_DIR_ENV], 'validators') : null;
    const file = dir ? join(dir, `${createHash('sha256').update(text).digest('hex')}.js`) : null;
    validate = file && existsSync(file) ? loadStandalone(readFileSync(file, 'utf8')) : ajv.compile(schema);
    if (dir && file && !existsSync(file)) {
      mkdirSync(dir, { recursive: true });
      // Written whole, then renamed: a test file running beside this one never reads half of it.
      const partial = `${file}.${process.pid}`;
      writeFileSync(partial, standaloneCode(ajv, validate));
      renameSync(partial, file);
    }
    validators.set(text, validate);
  }
  return validate;
}

/** Ajv's standalone module (CommonJS); its `require`s name ajv's and ajv-formats' runtime files. */
function loadStandalone(code: string): ValidateFunction {
  const module = { exports: {} as { default: ValidateFunction } };
  // The code is the one Ajv generated for this schema earlier in the run: the same function `ajv.compile` returns.
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  new Function('require', 'module', 'exports', code)(require, module, module.exports);
  return module.exports.default;
}

/** Checks one answer against a document's operations; the messages name the route, status and body. */
export class DocumentedAnswers {
  /** This document's validator of each route and status (found in `validators` at its first use). */
  private readonly compiled = new Map<string, ValidateFunction>();

  constructor(private readonly paths: Paths) {}

  /** What is wrong with the answer, or null when the document states it. `path` as the document writes it. */
  violationOf(method: string, path: string, status: number, body: string): string | null {
    const route = `${method.toUpperCase()} ${path}`;
    const operation = this.paths[path]?.[method.toUpperCase() === 'HEAD' ? 'get' : method.toLowerCase()];
    if (!operation) return `${route} is not in the OpenAPI document (answered ${status}: ${body.slice(0, 300)})`;
    const documented = operation.responses?.[String(status)];
    if (!documented) return `${route} answered ${status}, which its OpenAPI operation does not list: ${body.slice(0, 300)}`;
    const schema = documented.content?.['application/json']?.schema;
    if (!schema) return body ? `${route} answered ${status} with a body its OpenAPI operation does not state: ${body.slice(0, 300)}` : null;
    if (method.toUpperCase() === 'HEAD') return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch {
      return `${route} ${status}: the body is not JSON: ${body.slice(0, 300)}`;
    }
    const key = `${route} ${status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = validatorOf(schema);
      this.compiled.set(key, validate);
    }
    if (validate(parsed)) return null;
    return `${route} ${status}: the body does not match its OpenAPI schema (${ajv.errorsText(validate.errors)}): ${body.slice(0, 500)}`;
  }

  /** Throws unless the answer is the one `route` (e.g. `PATCH /api/teams/{id}`) documents. */
  check(route: string, res: { status: number; text: string }): void {
    const [method, path] = route.split(' ');
    const violation = this.violationOf(method, path, res.status, res.text ?? '');
    if (violation) throw new Error(violation);
  }

  static async load(http: () => { get: (url: string) => PromiseLike<{ body: unknown }> }): Promise<DocumentedAnswers> {
    return new DocumentedAnswers(((await http().get(DOCUMENT_URL)).body as { paths: Paths }).paths);
  }
}

const violations: string[] = [];
let validated = 0;
/** Statuses the current test provokes on purpose outside the document (see failureProvokedOnPurpose). */
let provoked: number[] = [];

/**
 * For a test that breaks the app on purpose (a failing query, a refused write) to prove how an
 * unexpected failure is answered: its answers with `status` are not checked, until the test ends.
 */
export function failureProvokedOnPurpose(status = 500): void {
  provoked.push(status);
}

/** Called after each test: the next test starts strict again. */
export function endProvokedFailures(): void {
  provoked = [];
}

/** Violations recorded since the last call (the setup file fails the current test with them). */
export function takeViolations(): string[] {
  return violations.splice(0);
}

/** Adds this test file's count of checked answers to the run's total. */
export function reportValidatedCount(testFile: string): void {
  const dir = process.env[COUNT_DIR_ENV];
  if (!dir || validated === 0) return;
  mkdirSync(dir, { recursive: true });
  appendFileSync(join(dir, 'counts.txt'), `${validated} ${testFile}\n`);
  validated = 0;
}

/** API routes that are not JSON operations of the API, so not in the document. */
const NOT_OPERATIONS = new Set([
  // Prometheus' text format for a metrics scraper, answered only to loopback or with METRICS_TOKEN.
  '/api/metrics',
]);

/** `/api/teams/:id` (Fastify's route) → `/api/teams/{id}` (the document's path). */
const documentPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');

/**
 * Checks every answer of this app against the document it serves. Call before `app.init()` (the hook
 * must be in place before the routes are); the document is read on the first answer after it.
 */
export function watchAnswers(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  let answers: DocumentedAnswers | null = null;
  let loading: Promise<DocumentedAnswers> | null = null;
  const load = () =>
    (loading ??= fastify
      .inject({ method: 'GET', url: DOCUMENT_URL })
      .then((res) => (answers = new DocumentedAnswers((JSON.parse(res.body) as { paths: Paths }).paths))));

  fastify.addHook('onSend', async (request, reply, payload) => {
    const url = request.routeOptions.url;
    if (!url || !url.startsWith('/api/') || url.startsWith('/api/docs') || NOT_OPERATIONS.has(url)) return payload;
    if (provoked.includes(reply.statusCode)) return payload;
    const checker = answers ?? (await load());
    const body = typeof payload === 'string' ? payload : Buffer.isBuffer(payload) ? payload.toString('utf8') : '';
    const route = `${request.method} ${documentPath(url)}`;
    try {
      const violation = checker.violationOf(request.method, documentPath(url), reply.statusCode, body);
      if (violation) violations.push(violation);
    } catch (error) {
      // A schema the checker cannot compile is a fault of the document; the answer itself goes out unchanged.
      violations.push(`${route} ${reply.statusCode}: its OpenAPI schema cannot be checked: ${(error as Error).message}`);
    }
    validated++;
    return payload;
  });
}
