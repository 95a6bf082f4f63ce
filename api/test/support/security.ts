import { createHmac, randomBytes, randomUUID } from 'node:crypto';
import type { TestApp } from './test-app';

/** Helpers of the security specs (test/security): tokens, the route list, row counts. */

export type Claims = Record<string, unknown>;

export const b64url = (value: object): string => Buffer.from(JSON.stringify(value)).toString('base64url');

export function claimsOf(token: string): Claims {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
}

/** A JWT with any header, signed with HMAC-SHA-256 (or `digest`) over `secret`. */
export function signToken(
  header: object,
  claims: object,
  secret: string | Buffer,
  digest: 'sha256' | 'sha384' | 'sha512' = 'sha256',
): string {
  const head = `${b64url(header)}.${b64url(claims)}`;
  return `${head}.${createHmac(digest, secret).update(head).digest('base64url')}`;
}

export const wrongCode = (right: string): string => String((Number(right) + 1) % 1_000_000).padStart(6, '0');

// ---------------------------------------------------------------------------------------------
// The route list, from the running app's OpenAPI document: a new route is covered automatically.

export interface JsonSchema {
  type?: string;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  maxLength?: number;
  minLength?: number;
  enum?: unknown[];
  format?: string;
  nullable?: boolean;
  $ref?: string;
}

export interface ApiRoute {
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** OpenAPI form: `/api/businesses/{id}`. */
  path: string;
  /** `POST /api/businesses/{id}/comments` */
  name: string;
  body: JsonSchema | null;
  pathParams: string[];
  queryParams: { name: string; schema: JsonSchema }[];
}

export async function apiRoutes(t: TestApp): Promise<ApiRoute[]> {
  const doc = (await t.http().get('/api/docs/openapi.json').expect(200)).body as {
    paths: Record<
      string,
      Record<
        string,
        {
          requestBody?: { content: Record<string, { schema: JsonSchema }> };
          parameters?: { in: string; name: string; schema: JsonSchema }[];
        }
      >
    >;
    components: { schemas: Record<string, JsonSchema> };
  };
  const resolve = (schema: JsonSchema): JsonSchema => (schema.$ref ? doc.components.schemas[schema.$ref.split('/').pop()!] : schema);
  const routes: ApiRoute[] = [];
  for (const [path, operations] of Object.entries(doc.paths)) {
    for (const [method, operation] of Object.entries(operations)) {
      const schema = operation.requestBody?.content['application/json']?.schema;
      const parameters = operation.parameters ?? [];
      routes.push({
        method: method as ApiRoute['method'],
        path,
        name: `${method.toUpperCase()} ${path}`,
        body: schema ? resolve(schema) : null,
        pathParams: parameters.filter((p) => p.in === 'path').map((p) => p.name),
        queryParams: parameters.filter((p) => p.in === 'query').map((p) => ({ name: p.name, schema: p.schema })),
      });
    }
  }
  return routes;
}

/**
 * `/api/businesses/{id}` with `{id}` replaced (URL-encoded). A parameter not given gets a value of
 * its shape that names nothing — a new random UUID, or for `{token}` a well-formed link token (43
 * base64url characters) that was never issued — so the request reaches the route's own checks
 * instead of matching no route at all. `verbatim` values are put in as they are (already encoded).
 */
export function fillPath(path: string, params: Record<string, string> = {}, verbatim: Record<string, string> = {}): string {
  return path.replace(/\{(\w+)\}/g, (_m, name: string) => verbatim[name] ?? encodeURIComponent(params[name] ?? unknownParam(name)));
}

/** A value shaped like the path parameter `name` that matches no record. */
export function unknownParam(name: string): string {
  return name === 'token' ? unknownLinkToken() : randomUUID();
}

/** A token shaped like those of emailed links (invitations, password resets) that was never issued. */
export function unknownLinkToken(): string {
  return randomBytes(32).toString('base64url');
}

// ---------------------------------------------------------------------------------------------
// What the database holds, to prove that refused requests stored nothing.

/** Every table whose content a refused request must not change (the audit log is checked apart). */
export const STATE_TABLES = [
  'users',
  'teams',
  'team_members',
  'businesses',
  'leads',
  'business_comments',
  'lead_comments',
  'impersonations',
  'auth_sessions',
  'two_factor_email_codes',
  'two_factor_recovery_codes',
  'rate_limit_counters',
  'team_invitations',
  'password_reset_tokens',
] as const;

/** Rows every request changes, refused or not: the per-client throttle counts each one it sees. */
const COUNTED_FOR_EVERY_REQUEST: Partial<Record<(typeof STATE_TABLES)[number], string>> = {
  rate_limit_counters: `x.key NOT LIKE 'throttle:%'`,
};

/**
 * Columns written after an answer, whatever the request: the impersonation notice's outbox (sent and
 * marked once a start has answered) and a session's "last active" (at most once a minute, once the
 * answer is sent). A refused request must change nothing else of those rows.
 */
const WRITTEN_AFTER_ANSWERS: Partial<Record<(typeof STATE_TABLES)[number], string[]>> = {
  impersonations: ['notice_pending', 'notice_claimed_until'],
  auth_sessions: ['last_seen_at'],
};

/** A fingerprint of each table's full content (row count and an md5 over every row). */
export async function tableFingerprints(t: TestApp): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  for (const table of STATE_TABLES) {
    const rowText = `(${(WRITTEN_AFTER_ANSWERS[table] ?? []).reduce((text, column) => `${text} - '${column}'`, 'to_jsonb(x)')})::text`;
    const [row] = await t.db.query(
      `SELECT count(*)::int AS n, md5(coalesce(string_agg((${rowText}), '|' ORDER BY (${rowText})), '')) AS h FROM ${table} x
        WHERE ${COUNTED_FOR_EVERY_REQUEST[table] ?? 'true'}`,
    );
    result[table] = `${row.n}:${row.h}`;
  }
  return result;
}

export async function auditActionsSince(t: TestApp, since: Date): Promise<Record<string, number>> {
  const rows: { action: string; n: number }[] = await t.db.query(
    // Up to now(): another spec's entries stamped in the future (ordering tests) were not written since.
    `SELECT action, count(*)::int AS n FROM audit_logs WHERE created_at BETWEEN $1 AND now() GROUP BY action ORDER BY action`,
    [since],
  );
  return Object.fromEntries(rows.map((r) => [r.action, r.n]));
}

/** The database's clock (audit entries are stamped with it). */
export async function dbNow(t: TestApp): Promise<Date> {
  const [{ now }] = await t.db.query(`SELECT now() AS now`);
  return now;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}
