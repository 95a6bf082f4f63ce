/**
 * What starting an impersonation costs, as an admin meets it: its latency at a realistic rate (open
 * loop: starts arrive on a fixed schedule whether or not earlier ones have answered, so a slow answer
 * cannot hold back the next arrivals and hide queueing), and the database round trips of one start +
 * cancel pair, counted by PostgreSQL itself.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { countStatements } from './statement-stats.mjs';

/**
 * @typedef {{ post: (path: string, body: unknown, token?: string) => Promise<any> }} JsonClient
 * @typedef {{ id: string, token: string, secret: string, lastStep: number }} BenchAdmin
 * @typedef {(admin: BenchAdmin) => string | null} NextCode a fresh, unused TOTP code of the admin, or null
 */

/**
 * The send times of an open-loop schedule: `rate` a second for `seconds`, from `startMs`.
 * @param {number} startMs @param {number} rate @param {number} seconds
 * @returns {number[]}
 */
export function openLoopSchedule(startMs, rate, seconds) {
  const count = Math.round(rate * seconds);
  return Array.from({ length: count }, (_, i) => startMs + (i * 1000) / rate);
}

/**
 * The p-th percentile (nearest rank) of some values.
 * @param {number[]} values @param {number} p
 */
export function percentile(values, p) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))];
}

/**
 * Starts impersonations at `rate` a second for `seconds`, each by a free admin with a fresh code,
 * each returned from (cancelled) as soon as it answers, as an admin would. A start's latency runs
 * from its scheduled time, so a late send counts against it. Admins need distinct codes (a TOTP step
 * works once per admin), hence many admins, taken in turn.
 * @param {{ client: JsonClient, admins: BenchAdmin[], userId: string, nextCode: NextCode, rate: number, seconds: number }} input
 */
export async function impersonateOpenLoop({ client, admins, userId, nextCode, rate, seconds }) {
  /** @type {number[]} */
  const latencies = [];
  /** @type {string[]} */
  const failures = [];
  const free = [...admins];
  /** @type {Promise<void>[]} */
  const inFlight = [];
  const schedule = openLoopSchedule(performance.now() + 100, rate, seconds);
  for (const sendAt of schedule) {
    const wait = sendAt - performance.now();
    if (wait > 0) await sleep(wait);
    // A free admin with a code left in the current window (three steps, each usable once).
    const index = free.findIndex((admin) => nextCode({ ...admin }) !== null);
    if (index === -1) {
      failures.push('no admin with a fresh code was free');
      continue;
    }
    const [admin] = free.splice(index, 1);
    const code = /** @type {string} */ (nextCode(admin));
    inFlight.push(
      (async () => {
        try {
          const started = await client.post('/api/2fa/impersonate', { userId, code }, admin.token);
          latencies.push(performance.now() - sendAt);
          admin.token = (await client.post('/api/2fa/cancel-impersonation', undefined, started.accessToken)).accessToken;
        } catch (error) {
          failures.push(/** @type {Error} */ (error).message);
        } finally {
          free.push(admin);
        }
      })(),
    );
  }
  await Promise.all(inFlight);
  if (failures.length) throw new Error(`${failures.length} of ${schedule.length} starts failed; the first: ${failures[0]}`);
  return {
    impersonateOpenLoopP99Ms: round(percentile(latencies, 99)),
    impersonateOpenLoopP50Ms: round(percentile(latencies, 50)),
    impersonateOpenLoopSamples: latencies.length,
  };
}

/**
 * Which statements of a counting window are a request's round trips. Left out: the app's
 * once-a-second health probe, the notice email's outbox relay (claiming and marking sent, after the
 * response; the outbox row is written by the start's own statement), the job queue worker's
 * fetching and completing of a job (a job's INSERT inside a request counts), the action log's
 * batched writes (after the response, shared by many requests), and foreign-key checks, which
 * PostgreSQL runs inside a statement (no round trip).
 * @param {string} query normalised statement text
 * @returns {'request' | 'after the response' | 'not a round trip'}
 */
export function roundTripKind(query) {
  if (query === 'SELECT $1') return 'not a round trip';
  if (/^SELECT (\$\d+|1) FROM ONLY .* FOR KEY SHARE OF/s.test(query)) return 'not a round trip';
  if (/job_queue\./.test(query) && !/^INSERT INTO job_queue\.job/.test(query)) return 'after the response';
  // The action log's batch (the return's own statement also writes an entry, and is a round trip).
  if (/^WITH new_entries\b/.test(query)) return 'after the response';
  // "Last active", written once a minute per session when the answer has been sent.
  if (/^UPDATE auth_sessions SET last_seen_at = now\(\)/.test(query)) return 'after the response';
  if (/^UPDATE impersonation_actions/.test(query)) return 'after the response';
  if (/^UPDATE impersonations\b.*\bSET notice_(claimed_until|pending)\b/s.test(query)) return 'after the response';
  return 'request';
}

/**
 * Round trips of start + cancel, from `pairs` pairs one after another (per pair, one decimal).
 * @param {{ client: JsonClient, admins: BenchAdmin[], userId: string, nextCode: NextCode, databaseUrl: string, pairs: number, log: (line: string) => void }} input
 */
export async function roundTripsPerImpersonationPair({ client, admins, userId, nextCode, databaseUrl, pairs, log }) {
  const counted = await countStatements(databaseUrl, async () => {
    for (let i = 0; i < pairs; i++) {
      const admin = admins[i % admins.length];
      const code = nextCode(admin);
      if (!code) throw new Error('Not enough admins with fresh codes to count round trips');
      const started = await client.post('/api/2fa/impersonate', { userId, code }, admin.token);
      admin.token = (await client.post('/api/2fa/cancel-impersonation', undefined, started.accessToken)).accessToken;
    }
  });
  /** @type {Record<string, number>} */
  const byKind = { request: 0, 'after the response': 0, 'not a round trip': 0 };
  for (const { query, calls } of counted) byKind[roundTripKind(query)] += calls;
  log(`  Statements of ${pairs} start + cancel pairs (normalised):`);
  for (const { query, calls } of counted)
    log(`  ${String(calls).padStart(4)}  ${roundTripKind(query).padEnd(18)} ${query.replace(/\s+/g, ' ').slice(0, 110)}`);
  return {
    roundTripsPerImpersonationPair: round(byKind.request / pairs),
    afterResponseStatementsPerPair: round(byKind['after the response'] / pairs),
  };
}

/** @param {number} value */
function round(value) {
  return Number(value.toFixed(1));
}
