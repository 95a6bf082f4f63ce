import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type request from 'supertest';
import type { TestApp } from './test-app';

type Operation = { responses?: Record<string, { content?: { 'application/json'?: { schema: object } } }> };

/**
 * Checks answers against the OpenAPI document the app serves: the status must be one the operation
 * documents, and the body must match the schema documented for it (204: no body).
 */
export class DocumentedAnswers {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new Map<string, ValidateFunction>();

  private constructor(private readonly paths: Record<string, Record<string, Operation>>) {
    addFormats(this.ajv);
  }

  static async load(t: TestApp): Promise<DocumentedAnswers> {
    const doc = (await t.http().get('/api/docs/openapi.json').expect(200)).body as { paths: Record<string, Record<string, Operation>> };
    return new DocumentedAnswers(doc.paths);
  }

  /** `route` as the document names it, e.g. `PATCH /api/teams/{id}/members/{userId}`. */
  check(route: string, res: request.Response): void {
    const [method, path] = route.split(' ');
    const operation = this.paths[path]?.[method.toLowerCase()];
    if (!operation) throw new Error(`${route} is not in the OpenAPI document`);
    const documented = operation.responses?.[String(res.status)];
    if (!documented)
      throw new Error(`${route} answered ${res.status}, which its OpenAPI entry does not state: ${JSON.stringify(res.body)}`);
    const schema = documented.content?.['application/json']?.schema;
    if (res.status === 204 || !schema) {
      if (res.text) throw new Error(`${route} answered ${res.status} with a body its OpenAPI entry does not state`);
      return;
    }
    const key = `${route} ${res.status}`;
    let validate = this.compiled.get(key);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(key, validate);
    }
    if (!validate(res.body)) {
      throw new Error(`${route} ${res.status}: the body does not match its OpenAPI schema: ${this.ajv.errorsText(validate.errors)}`);
    }
  }
}
