// Shared by the load test (load-test.mjs) and the fault test (faults.mjs): an HTTP client that
// records every answer, an SMTP server that catches the codes the app sends, TOTP codes, the
// people a scenario needs, and the check that every acknowledged comment has its audit entry.
import pg from 'pg';
import { SMTPServer } from 'smtp-server';
import { hotp, nextUnusedStep, stepAt } from '../support/totp.mjs';

/**
 * @typedef {{ status: number, ok: boolean, json: any, ms: number, cookie: string | null, error?: string, retryAfter?: number }} Answer
 *   an HTTP answer; `json` is the parsed body (the API's JSON, untyped here), status 0 is a network error
 * @typedef {{ body?: unknown, token?: string | null, cookie?: string | null, timeoutMs?: number, forwardedFor?: string }} CallOptions
 * @typedef {(label: string, method: string, path: string, options?: CallOptions) => Promise<Answer>} Call
 * @typedef {{ email: string, password: string }} Credentials
 * @typedef {{
 *   email: string, password: string, role: 'user' | 'admin', id: string, teamId: string, token: string, cookie?: string | null,
 *   businessId: string, leadId: string, twoFactor?: 'totp' | 'email', secret: string, lastStep: number,
 * }} Person a registered person; `secret` and `lastStep` are set for authenticator-app (TOTP) users
 */

/** @param {string} line */
export const log = (line) => console.error(line);

/** @param {unknown} error @returns {string} an error's message (or the thrown value itself, as text) */
export const messageOf = (error) => (error instanceof Error ? error.message : String(error));

/**
 * What must be stopped however the script ends (app instances, PostgreSQL, data folders): run by
 * the script's `finally`, and also on an unexpected crash or Ctrl-C, so nothing is left running.
 */
/** @type {Array<() => unknown>} */
const cleanups = [];
/** @param {() => unknown} cleanup */
export function atExit(cleanup) {
  cleanups.push(cleanup);
}
export async function runCleanups() {
  for (const cleanup of cleanups.splice(0).reverse())
    await Promise.resolve()
      .then(cleanup)
      .catch(() => undefined);
}
for (const event of ['unhandledRejection', 'uncaughtException']) {
  process.on(event, (error) => {
    console.error(error);
    void runCleanups().then(() => process.exit(1));
  });
}
process.once('SIGINT', () => {
  void runCleanups().then(() => process.exit(130));
});
/** @param {number} ms */
export const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

/**
 * `--name value` flags over `defaults` (a boolean flag takes no value).
 * @template {Record<string, string | number | boolean>} T
 * @param {T} defaults
 * @returns {T}
 */
export function parseFlags(defaults) {
  const args = process.argv.slice(2);
  /** @type {Record<string, string | number | boolean>} */
  const flags = { ...defaults };
  for (const [name, fallback] of Object.entries(defaults)) {
    const i = args.indexOf(`--${name}`);
    if (i === -1) continue;
    flags[name] = typeof fallback === 'boolean' ? true : typeof fallback === 'number' ? Number(args[i + 1]) : args[i + 1];
  }
  return /** @type {T} */ (flags);
}

/** Latency and status of every request, grouped by a label such as `POST comment`. */
export class Stats {
  constructor() {
    /** @type {Array<{ label: string, status: number, ms: number }>} */
    this.samples = [];
    /** @type {string[]} */
    this.unexpected = [];
    /** @type {Map<string, number>} */
    this.designed = new Map();
    this.startedAt = performance.now();
  }

  /** @param {string} label @param {number} status @param {number} ms */
  record(label, status, ms) {
    this.samples.push({ label, status, ms });
  }

  /** An answer the scenario did not expect (5xx, network error, an undesigned 4xx). @param {string} label @param {string} detail */
  fail(label, detail) {
    this.unexpected.push(`${label}: ${detail}`);
  }

  /** A refusal by design (e.g. 429 CODE_RESEND_THROTTLED): counted, not an error. @param {string} label @param {string} code */
  designedRefusal(label, code) {
    const key = `${label} ${code}`;
    this.designed.set(key, (this.designed.get(key) ?? 0) + 1);
  }

  /** @param {number} seconds */
  summary(seconds) {
    const all = this.samples.map((s) => s.ms);
    /** @type {Record<string, number[]>} */
    const byLabel = {};
    for (const sample of this.samples) (byLabel[sample.label] ??= []).push(sample.ms);
    return {
      requests: this.samples.length,
      requestsPerSecond: round(this.samples.length / seconds),
      p50Ms: round(percentile(all, 50)),
      p95Ms: round(percentile(all, 95)),
      p99Ms: round(percentile(all, 99)),
      maxMs: round(Math.max(0, ...all)),
      byLabel: Object.fromEntries(
        Object.entries(byLabel)
          .sort(([a], [b]) => a.localeCompare(b))
          .map(([label, values]) => [
            label,
            { n: values.length, p50Ms: round(percentile(values, 50)), p99Ms: round(percentile(values, 99)) },
          ]),
      ),
      unexpectedErrors: this.unexpected.length,
      designedRefusals: Object.fromEntries(this.designed),
    };
  }
}

/** @param {number[]} values @param {number} p */
export function percentile(values, p) {
  if (!values.length) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/** @param {number | string} value */
export const round = (value) => Number(Number(value).toFixed(1));

/**
 * A small JSON client for one base URL. Every call is timed and recorded in `stats` (when given);
 * it never throws on an HTTP status — callers decide what is expected — only on network errors.
 * @param {string} base
 * @param {Stats} [stats]
 * @returns {Call}
 */
export function client(base, stats) {
  return async function call(label, method, path, { body, token, cookie, timeoutMs = 30_000, forwardedFor } = {}) {
    const started = performance.now();
    let res;
    try {
      res = await fetch(base + path, {
        method,
        headers: {
          ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(token ? { authorization: `Bearer ${token}` } : {}),
          ...(cookie ? { cookie } : {}),
          // The client as a proxy names it (read by an instance with TRUST_PROXY=true).
          ...(forwardedFor ? { 'x-forwarded-for': forwardedFor } : {}),
        },
        body: body !== undefined ? JSON.stringify(body) : undefined,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (caught) {
      const ms = performance.now() - started;
      stats?.record(label, 0, ms);
      const error = /** @type {Error & { cause?: { code?: string } }} */ (caught);
      return { status: 0, ok: false, json: null, error: error.cause?.code ?? error.name ?? String(error), ms, cookie: null };
    }
    const text = await res.text();
    const ms = performance.now() - started;
    stats?.record(label, res.status, ms);
    let json;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      json = { raw: text.slice(0, 200) };
    }
    const refresh = res.headers.getSetCookie().find((c) => c.startsWith('vantage_refresh='));
    return {
      status: res.status,
      ok: res.ok,
      json,
      ms,
      cookie: refresh ? refresh.split(';')[0] : null,
      retryAfter: Number(res.headers.get('retry-after') ?? 0),
    };
  };
}

/**
 * Like `call`, but anything other than `expected` is an error (thrown: for setup steps).
 * @param {Call} call @param {string} label @param {string} method @param {string} path @param {CallOptions} [options] @param {number[]} [expected]
 */
export async function must(call, label, method, path, options = {}, expected = [200, 201, 204]) {
  const res = await call(label, method, path, options);
  if (!expected.includes(res.status)) throw new Error(`${method} ${path} → ${res.status} ${JSON.stringify(res.json ?? res.error)}`);
  return res;
}

/** A real SMTP server on loopback that keeps the latest 6-digit code sent to each address, and every message. */
export class CodeMailbox {
  constructor() {
    /** @type {Map<string, { code: string, at: number, seq: number }>} */
    this.codes = new Map();
    /** @type {Array<{ to: string[], subject: string, text: string, at: number }>} */
    this.messages = [];
    this.count = 0;
    /** @type {Array<() => void>} */
    this.waiters = [];
    /** @type {SMTPServer | undefined} */
    this.server = undefined;
    this.port = 0;
  }

  /** Listens on `port` (0: any free one); called again after stop(), it plays a server coming back. */
  async start(port = 0) {
    const server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS'],
      logger: false,
      // On stop, idle pooled connections from the app are cut at once (an outage, not a drain).
      closeTimeout: 100,
      onData: (stream, session, callback) => {
        let raw = '';
        stream.on('data', (chunk) => (raw += chunk));
        stream.on('end', () => {
          this.count++;
          const plain = /Content-Type: text\/plain[\s\S]*?\r?\n\r?\n([\s\S]*?)(?:\r?\n--|$)/i.exec(raw)?.[1] ?? '';
          const code = /\b(\d{6})\b/.exec(plain.replace(/=\r?\n/g, ''))?.[1];
          const subject = /^Subject: (.*)$/im.exec(raw)?.[1] ?? '';
          const to = session.envelope.rcptTo.map((rcpt) => rcpt.address.toLowerCase());
          this.messages.push({ to, subject, text: plain.replace(/=\r?\n/g, ''), at: Date.now() });
          for (const rcpt of session.envelope.rcptTo) {
            const to = rcpt.address.toLowerCase();
            if (code && /code/i.test(/^Subject: (.*)$/im.exec(raw)?.[1] ?? ''))
              this.codes.set(to, { code, at: Date.now(), seq: this.count });
          }
          for (const wake of this.waiters.splice(0)) wake();
          callback();
        });
      },
    });
    this.server = server;
    await new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve(undefined)));
    // smtp-server's typings omit its underlying net.Server.
    const net = /** @type {{ server: import('node:net').Server }} */ (/** @type {unknown} */ (server)).server;
    this.port = /** @type {import('node:net').AddressInfo} */ (net.address()).port;
    return this;
  }

  get url() {
    return `smtp://127.0.0.1:${this.port}`;
  }

  /** The code mailed to `email` after mail number `afterSeq` (wait up to `timeoutMs`). @param {string} email @param {number} afterSeq */
  async codeFor(email, afterSeq, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.codes.get(email.toLowerCase());
      if (found && found.seq > afterSeq) return found.code;
      if (Date.now() > deadline) throw new Error(`No code mailed to ${email} within ${timeoutMs} ms`);
      await new Promise((resolve) => {
        this.waiters.push(() => resolve(undefined));
        setTimeout(resolve, 200);
      });
    }
  }

  /**
   * The first message to `email` whose plain text matches `pattern` (wait up to `timeoutMs`).
   * @param {string} email @param {RegExp} pattern @returns {Promise<{ to: string[], subject: string, text: string, at: number }>}
   */
  async mailTo(email, pattern, timeoutMs = 15_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find((m) => m.to.includes(email.toLowerCase()) && pattern.test(m.text));
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`No mail to ${email} matching ${pattern} within ${timeoutMs} ms`);
      await new Promise((resolve) => {
        this.waiters.push(() => resolve(undefined));
        setTimeout(resolve, 200);
      });
    }
  }

  /** @returns {Promise<void>} */
  stop() {
    return new Promise((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** The next TOTP code a person may use, waiting for the next 30-second step if needed. @param {Person} person */
export async function waitForTotpCode(person) {
  for (;;) {
    const code = nextTotpCode(person);
    if (code) return code;
    await sleep(250);
  }
}

/**
 * A code the server will accept for a TOTP user: a step within ±1 of now it has not used yet, or null.
 * @param {Person} person
 */
export function nextTotpCode(person) {
  const step = nextUnusedStep(person.lastStep);
  if (step === null) return null;
  person.lastStep = step;
  return hotp(person.secret, step);
}

/**
 * Signs a person in through both steps; resolves `{token, cookie}` or throws.
 * @param {Call} call @param {Person} person @param {CodeMailbox | null} mailbox (null: no mail expected) @param {string} [label]
 * @returns {Promise<{ token: string, cookie: string | null }>}
 */
export async function signIn(call, person, mailbox, label = 'login') {
  const before = mailbox?.count ?? 0;
  const login = await must(call, label, 'POST', '/api/auth/login', { body: { email: person.email, password: person.password } }, [200]);
  if (!login.json.twoFactorRequired) return { token: login.json.accessToken, cookie: login.cookie };
  let code;
  if (person.twoFactor === 'totp') {
    code = await waitForTotpCode(person);
  } else {
    if (!mailbox) throw new Error(`${person.email} signs in with an emailed code, and there is no mailbox`);
    code = await mailbox.codeFor(person.email, before);
  }
  const done = await must(call, `${label} 2FA`, 'POST', '/api/2fa/authenticate', { body: { code }, token: login.json.accessToken }, [200]);
  return { token: done.json.accessToken, cookie: done.cookie };
}

/**
 * A fresh step-up code for an admin about to impersonate (null: a TOTP admin must wait for the next step).
 * @param {Call} call @param {Person} admin @param {CodeMailbox} mailbox @param {Stats} [stats]
 */
export async function stepUpCode(call, admin, mailbox, stats) {
  if (admin.twoFactor === 'totp') return nextTotpCode(admin);
  const before = mailbox.count;
  const sent = await call('POST send-code', 'POST', '/api/2fa/send-code', { token: admin.token });
  if (sent.status === 429 && sent.json?.code === 'CODE_RESEND_THROTTLED') {
    stats?.designedRefusal('POST send-code', 'CODE_RESEND_THROTTLED');
    return null;
  }
  if (sent.status !== 204) throw new Error(`send-code → ${sent.status} ${JSON.stringify(sent.json)}`);
  return mailbox.codeFor(admin.email, before);
}

/**
 * Customers (each owning a team with a business and a lead) and admins (half with an
 * authenticator app, half with email codes), registered through the API.
 * @param {Call} call
 * @param {{ users: number, admins: number, prefix: string, superAdmin: Credentials, concurrency?: number }} options
 */
export async function preparePeople(call, { users, admins, prefix, superAdmin, concurrency = 16 }) {
  /** @type {string} */
  const superToken = (await must(call, 'setup', 'POST', '/api/auth/login', { body: superAdmin }, [200])).json.accessToken;
  /** @type {Person[]} */
  const people = [];
  /** @param {number} i @param {'user' | 'admin'} role */
  const register = async (i, role) => {
    // Filled in below, step by step.
    const person = /** @type {Person} */ ({ email: `${prefix}-${role}-${i}@load.test`, password: `load password ${i}`, role });
    const reg = await must(call, 'setup', 'POST', '/api/auth/register', {
      body: {
        email: person.email,
        password: person.password,
        firstName: role === 'admin' ? 'Staff' : 'Customer',
        lastName: `No ${i}`,
        teamName: `${prefix} ${role} team ${i}`,
      },
    });
    Object.assign(person, { id: reg.json.user.id, teamId: reg.json.user.currentTeam.id, token: reg.json.accessToken });
    person.businessId = (
      await must(call, 'setup', 'POST', '/api/businesses', { body: { name: `Business of ${i}` }, token: person.token })
    ).json.id;
    person.leadId = (
      await must(call, 'setup', 'POST', '/api/leads', {
        body: { name: `Lead of ${i}`, businessId: person.businessId },
        token: person.token,
      })
    ).json.id;
    if (role === 'admin') {
      await must(call, 'setup', 'PATCH', `/api/admin/users/${person.id}`, { body: { role: 'admin' }, token: superToken });
      if (i % 2 === 0) {
        const setup = await must(call, 'setup', 'POST', '/api/user/two-factor', { token: person.token });
        person.secret = setup.json.secret;
        person.lastStep = stepAt();
        await must(call, 'setup', 'PUT', '/api/user/two-factor', {
          body: { enabled: true, method: 'totp', code: hotp(person.secret, person.lastStep) },
          token: person.token,
        });
        person.twoFactor = 'totp';
      } else {
        await must(call, 'setup', 'PUT', '/api/user/two-factor', { body: { enabled: true, method: 'email' }, token: person.token });
        person.twoFactor = 'email';
      }
    }
    people.push(person);
  };
  const jobs = [
    ...Array.from({ length: users }, (_, i) => () => register(i, 'user')),
    ...Array.from({ length: admins }, (_, i) => () => register(i, 'admin')),
  ];
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let job = jobs.shift(); job; job = jobs.shift()) await job();
    }),
  );
  return { customers: people.filter((p) => p.role === 'user'), admins: people.filter((p) => p.role === 'admin'), superToken };
}

/**
 * Every acknowledged comment must be in the database with exactly one `comment.created` audit
 * entry, and no comment at all may lack its entry (a half-written pair).
 * @param {string} databaseUrl @param {string[]} acknowledgedIds
 * @returns {Promise<{ acknowledged: number, found: number, audited_once: number, comments_in_database: number,
 *   comments_without_audit: number, comments_with_duplicate_audit: number, audit_entries: number }>}
 */
export async function verifyComments(databaseUrl, acknowledgedIds) {
  const db = new pg.Client({ connectionString: databaseUrl });
  await db.connect();
  try {
    const { rows } = await db.query(
      `WITH acked AS (SELECT DISTINCT unnest($1::uuid[]) AS id),
            stored AS (SELECT id FROM business_comments UNION ALL SELECT id FROM lead_comments),
            audits AS (SELECT entity_id, count(*)::int AS n FROM audit_logs WHERE action = 'comment.created' GROUP BY entity_id)
       SELECT (SELECT count(*)::int FROM acked) AS acknowledged,
              (SELECT count(*)::int FROM acked JOIN stored USING (id)) AS found,
              (SELECT count(*)::int FROM acked JOIN audits a ON a.entity_id = acked.id::text WHERE a.n = 1) AS audited_once,
              (SELECT count(*)::int FROM stored) AS comments_in_database,
              (SELECT count(*)::int FROM stored s LEFT JOIN audits a ON a.entity_id = s.id::text WHERE a.n IS NULL) AS comments_without_audit,
              (SELECT count(*)::int FROM audits WHERE n > 1) AS comments_with_duplicate_audit,
              (SELECT count(*)::int FROM audit_logs) AS audit_entries`,
      [acknowledgedIds],
    );
    return rows[0];
  } finally {
    await db.end();
  }
}
