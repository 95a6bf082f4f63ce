import fc from 'fast-check';
import type { ApiRoute, JsonSchema } from './security';

/**
 * fast-check generators of hostile HTTP requests for the sweep in test/security/hostile-input:
 * strings attackers send (SQL and NoSQL injection, traversal, markup, control and odd Unicode
 * characters, 1 MB), and request bodies broken in at least one way, so that every generated
 * write must be refused and nothing may be stored.
 */

export const ONE_MB = 1024 * 1024;
const BODY_LIMIT_PLUS = 300 * 1024;

const INJECTION = [
  "' OR '1'='1",
  "' OR 1=1 --",
  "'; DROP TABLE users; --",
  '" OR ""="',
  "admin'--",
  '1; SELECT pg_sleep(5) --',
  "' UNION SELECT password_hash FROM users --",
  "%' AND 1=(SELECT count(*) FROM pg_user) AND '%'='",
  '\\',
  "\\'; --",
  '{"$gt": ""}',
  '{"$ne": null}',
  '$where',
  'this.password.match(/.*/)',
  '../../../../etc/passwd',
  '..\\..\\..\\windows\\win.ini',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  'javascript:alert(1)',
  '${7*7}',
  '{{7*7}}',
  '#{7*7}',
  '\r\nSet-Cookie: stolen=1',
  'NaN',
  'Infinity',
  '-0',
  '1e309',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  '__proto__',
  'constructor',
];

const ODD_CHARACTERS = [
  '\u0000',
  '\u0007',
  '\u001b',
  '\u007f',
  '\u0085',
  '\u00a0',
  '\u200b',
  '\u200d',
  '\u202e',
  '\u2028',
  '\ufeff',
  '\ufe0f',
  '\ud800',
  '\udfff',
  '\uffff',
  'é',
  'e\u0301',
  '𝕍',
  '🙂',
  '👩‍👩‍👧',
  '中',
  'ﷺ',
];

/** One hostile string: a known attack, random Unicode (lone surrogates included), odd characters, or huge. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...INJECTION), weight: 5 },
  { arbitrary: fc.string({ unit: 'binary', maxLength: 40 }), weight: 3 },
  { arbitrary: fc.string({ unit: fc.constantFrom(...ODD_CHARACTERS), minLength: 1, maxLength: 30 }), weight: 3 },
  { arbitrary: fc.constantFrom(' ', '', '\t\n', '\u0000'), weight: 1 },
  { arbitrary: fc.constantFrom('x'.repeat(10_000), '🙂'.repeat(3_000), 'a\ufe0f'.repeat(2_000)), weight: 1 },
);

/** A field name that no DTO declares (the sweep filters out a route's own fields). */
export const hostileKey: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    'role',
    'isTwoFactorEnabled',
    'teamId',
    'impersonationAllowed',
    'passwordHash',
    'id',
    'constructor',
    'toString',
    'hasOwnProperty',
    'prototype',
    '__proto__',
    '$where',
    '$ne',
    '$gt',
    '',
    ' ',
    'a.b',
    'a[b]',
  ),
  fc.string({ unit: 'binary', minLength: 1, maxLength: 12 }),
);

/** Any JSON value, hostile all the way down (kept shallow: depth is tested on its own). */
const hostileJson: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.integer(),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.boolean(),
  fc.constant(null),
  fc.array(hostileString, { maxLength: 3 }),
  fc.dictionary(hostileKey, hostileString, { maxKeys: 3 }),
);

/** A value of another JSON type than the field's (never null: optional fields may accept it). */
function wrongTypeFor(schema: JsonSchema): fc.Arbitrary<unknown> {
  const shapes = [fc.array(hostileJson, { maxLength: 3 }), fc.dictionary(hostileKey, hostileJson, { maxKeys: 3 })];
  const number = fc.double({ noNaN: true, noDefaultInfinity: true });
  return schema.type === 'boolean'
    ? fc.oneof(hostileString, fc.integer(), number, ...shapes)
    : fc.oneof(fc.integer(), number, fc.boolean(), ...shapes);
}

/** JSON text of `"x"` nested `depth` levels deep (built as text: JSON.stringify would recurse). */
function nestedJson(depth: number, asArray: boolean): string {
  return asArray ? `${'['.repeat(depth)}"x"${']'.repeat(depth)}` : `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
}

/** `encodeURIComponent` throws on lone surrogates; they are sent as U+FFFD, as a browser would. */
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
export const encode = (value: string): string => encodeURIComponent(value.replace(LONE_SURROGATE, '\ufffd'));

export interface HostileBody {
  /** What makes it invalid, for the report of a failure. */
  kind: string;
  payload: string;
  contentType: string;
}

/** The body a route declares, with hostile values in each field (it may or may not be valid yet). */
function hostileFields(schema: JsonSchema): fc.Arbitrary<Record<string, unknown>> {
  const properties = Object.entries(schema.properties ?? {});
  return fc.record(
    Object.fromEntries(
      properties.map(([name, field]) => [name, field.type === 'boolean' ? fc.oneof(fc.boolean(), hostileString) : hostileString]),
    ),
    { requiredKeys: [] },
  );
}

/**
 * A JSON body for the route, broken in at least one way that validation must catch: a missing
 * required field, a wrong type, an unknown field, an over-long or 1 MB value, not an object,
 * nested far too deep.
 */
function invalidJsonBody(schema: JsonSchema): fc.Arbitrary<HostileBody> {
  const properties = Object.keys(schema.properties ?? {});
  const required = schema.required ?? [];
  const json = (kind: string) => (body: unknown) => ({ kind, payload: JSON.stringify(body), contentType: 'application/json' });
  const breakers: fc.Arbitrary<HostileBody>[] = [
    fc
      .tuple(
        hostileFields(schema),
        hostileKey.filter((key) => !properties.includes(key)),
        hostileJson,
      )
      .map(([body, key, value]) => json(`unknown field ${JSON.stringify(key)}`)({ ...body, [key]: value })),
    fc
      .oneof(fc.array(hostileJson, { maxLength: 3 }), hostileString, fc.integer(), fc.boolean(), fc.constant(null))
      .map(json('not an object')),
    fc
      .tuple(
        hostileFields(schema),
        fc.integer({ min: 9, max: 20_000 }),
        fc.boolean(),
        fc.constantFrom(...(properties.length ? properties : ['x'])),
      )
      .map(([body, depth, asArray, field]) => {
        const { [field]: _replaced, ...rest } = body;
        const others = JSON.stringify(rest).slice(1, -1);
        return {
          kind: `${field} nested ${depth} deep`,
          payload: `{${others}${others ? ',' : ''}${JSON.stringify(field)}:${nestedJson(depth, asArray)}}`,
          contentType: 'application/json',
        };
      }),
    fc
      .tuple(hostileFields(schema), fc.constantFrom(...(properties.length ? properties : ['x'])))
      .map(([body, field]) => json(`${field} of 1 MB`)({ ...body, [field]: 'x'.repeat(ONE_MB) })),
  ];
  if (required.length) {
    breakers.push(
      fc.tuple(hostileFields(schema), fc.constantFrom(...required)).map(([body, missing]) => {
        const { [missing]: _dropped, ...rest } = body;
        return json(`missing ${missing}`)(rest);
      }),
    );
  }
  if (properties.length) {
    breakers.push(
      fc
        .constantFrom(...properties)
        .chain((field) => fc.tuple(fc.constant(field), hostileFields(schema), wrongTypeFor(schema.properties![field])))
        .map(([field, body, value]) => json(`${field} of the wrong type`)({ ...body, [field]: value })),
    );
    const bounded = properties.filter((p) => schema.properties![p].maxLength);
    if (bounded.length) {
      breakers.push(
        fc
          .tuple(hostileFields(schema), fc.constantFrom(...bounded))
          .map(([body, field]) =>
            json(`${field} over its maximum`)({ ...body, [field]: 'y'.repeat(schema.properties![field].maxLength! + 1) }),
          ),
      );
    }
  }
  return fc.oneof(...breakers);
}

/** Bytes that never reach a handler: malformed JSON, another media type, too large, empty. */
export const unreadableBody: fc.Arbitrary<HostileBody> = fc.oneof(
  fc
    .constantFrom(
      '{',
      '{"a":',
      '{"a":1,}',
      "{'a':1}",
      '{"a":NaN}',
      '{"a":undefined}',
      '[1,2',
      '{"a":1}}',
      '{"a":"\\u12"}',
      '// c\n{}',
      '\u0000',
      'nul',
      '{"__proto__":{"role":"super_admin"}}',
      '{"constructor":{"prototype":{"role":"super_admin"}}}',
    )
    .map((payload) => ({
      kind: 'malformed JSON',
      payload,
      contentType: 'application/json',
    })),
  fc
    .tuple(
      fc.dictionary(hostileKey, hostileString, { maxKeys: 3 }),
      fc.constantFrom(
        'text/plain',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'application/xml',
        'text/json',
        'application/json-patch+json',
        'application/javascript',
        'image/png',
      ),
    )
    .map(([body, contentType]) => ({
      kind: `sent as ${contentType}`,
      payload: JSON.stringify(body),
      contentType,
    })),
  fc
    .constantFrom(`{"a":"${'z'.repeat(BODY_LIMIT_PLUS)}"}`, `[${'1,'.repeat(BODY_LIMIT_PLUS / 2)}1]`)
    .map((payload) => ({ kind: 'over the body limit', payload, contentType: 'application/json' })),
  fc.constant({ kind: 'empty JSON', payload: '', contentType: 'application/json' }),
);

/** A value for a path parameter: hostile text (URL-encoded), a raw broken escape, or a well-formed unknown id. */
export const hostilePathValue: fc.Arbitrary<{ text: string; raw: boolean }> = fc.oneof(
  { arbitrary: hostileString.filter((s) => s.length > 0 && s.length < 5_000).map((text) => ({ text, raw: false })), weight: 4 },
  {
    arbitrary: fc
      .constantFrom('%E0%A4%A', '%zz', '%', '%00', '..%2f..%2fetc%2fpasswd', '%2e%2e', '%C0%AE')
      .map((text) => ({ text, raw: true })),
    weight: 1,
  },
  { arbitrary: fc.uuid().map((text) => ({ text, raw: false })), weight: 1 },
);

/** Query parameters: declared ones with hostile values, unknown ones, repeated ones (arrays). */
export function hostileQuery(route: ApiRoute): fc.Arbitrary<string> {
  const key = fc.oneof(
    ...(route.queryParams.length ? [fc.constantFrom(...route.queryParams.map((q) => q.name))] : []),
    hostileKey.filter((k) => k.length > 0),
    fc.constantFrom('page[]', 'page[$gt]', 'pageSize[]'),
  );
  return fc
    .array(
      fc.tuple(
        key,
        hostileString.filter((s) => s.length < 5_000),
      ),
      { maxLength: 3 },
    )
    .map((pairs) => pairs.map(([k, v]) => `${encode(k)}=${encode(v)}`).join('&'));
}

/** A body for the route that its handler must refuse (or never reach). */
export function hostileBody(route: ApiRoute): fc.Arbitrary<HostileBody> {
  // A route without a body ignores a well-formed one, so only unreadable bytes are sent to it.
  return route.body
    ? fc.oneof({ arbitrary: invalidJsonBody(route.body), weight: 3 }, { arbitrary: unreadableBody, weight: 1 })
    : unreadableBody;
}
