/**
 * The cost of the action log (SPEC §10): every request of a support session is recorded, so a list
 * read with an impersonation token does a little more than the same read with the user's own token
 * (its entry is buffered and written in batches). Measured on the same page, of the same team and
 * data, with either token: throughput in the bench's alternating rounds (each token's best round),
 * and — as noise on a shared machine barely moves it — the CPU each request costs the app and its
 * PostgreSQL.
 */
import autocannon from 'autocannon';
import { setTimeout as sleep } from 'node:timers/promises';
import { cpuMsOfTree } from './vantage-process.mjs';

const LIST = '/api/businesses?page=1&pageSize=20';
const BUSINESSES = 30;
/** Requests per CPU sample, and samples per token (alternating; the lowest counts). */
const CPU_SAMPLE_REQUESTS = 10_000;
const CPU_SAMPLES = 2;
/** Longer than the action log's batch interval, so a sample includes the writing of its entries. */
const LOG_SETTLE_MS = 400;

/**
 * @param {{
 *   client: { post: (path: string, body: unknown, token?: string) => Promise<any> },
 *   app: import('./vantage-process.mjs').Vantage,
 *   owner: { accessToken: string },
 *   impersonation: { accessToken: string },
 *   measure: (targets: Record<string, import('autocannon').Options>) => Promise<Record<string, number>>,
 *   log: (line: string) => void,
 * }} input
 */
export async function impersonatedListVsPlain({ client, app, owner, impersonation, measure, log }) {
  const base = app.base;
  const ownerToken = owner.accessToken;
  const impersonationToken = impersonation.accessToken;
  // A full page to read: 30 businesses in the impersonated user's team.
  for (let i = 0; i < BUSINESSES; i++) {
    await client.post('/api/businesses', { name: `Bench business ${i}`, description: 'A business the list reads.' }, ownerToken);
  }
  const targets = {
    plain: { url: base + LIST, headers: { authorization: `Bearer ${ownerToken}` } },
    impersonated: { url: base + LIST, headers: { authorization: `Bearer ${impersonationToken}` } },
  };
  log(`Throughput: GET ${LIST} with the user's own token and with an impersonation token (action log)…`);
  const best = await measure(targets);

  log(`CPU per request: ${CPU_SAMPLES} × ${CPU_SAMPLE_REQUESTS} of each…`);
  /** @type {Record<string, { server: number, postgres: number }>} */
  const cpu = {};
  for (let sample = 0; sample < CPU_SAMPLES; sample++) {
    for (const [name, options] of Object.entries(targets)) {
      const before = cpuMsOfTree(app.child.pid);
      const result = await autocannon({ ...options, connections: 50, amount: CPU_SAMPLE_REQUESTS });
      if (result.non2xx > 0 || result.errors > 0)
        throw new Error(`${options.url} answered ${result.non2xx} non-2xx and ${result.errors} errors`);
      await sleep(LOG_SETTLE_MS);
      const after = cpuMsOfTree(app.child.pid);
      const perRequestUs = (/** @type {number} */ ms) => (ms * 1000) / CPU_SAMPLE_REQUESTS;
      const server = perRequestUs(after.own - before.own);
      const postgres = perRequestUs(after.children - before.children);
      if (!cpu[name] || server + postgres < cpu[name].server + cpu[name].postgres) cpu[name] = { server, postgres };
    }
  }
  return {
    plainListRps: Math.round(best.plain),
    impersonatedListRps: Math.round(best.impersonated),
    impersonatedListVsPlain: Number((best.impersonated / best.plain).toFixed(3)),
    // CPU µs per request: the app / its PostgreSQL.
    plainListCpuUs: `${Math.round(cpu.plain.server)} / ${Math.round(cpu.plain.postgres)}`,
    impersonatedListCpuUs: `${Math.round(cpu.impersonated.server)} / ${Math.round(cpu.impersonated.postgres)}`,
  };
}
