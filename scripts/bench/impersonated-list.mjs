/**
 * The cost of the action log (SPEC §10): every request of a support session is recorded, so a list
 * read with an impersonation token does a little more than the same read with the user's own token
 * (its entry is buffered and written in batches). Measured as the throughput of the same page, of the
 * same team and data, with either token, in the bench's alternating rounds (each token's best round).
 */

const LIST = '/api/businesses?page=1&pageSize=20';
const BUSINESSES = 30;

/**
 * @param {{
 *   client: { post: (path: string, body: unknown, token?: string) => Promise<any> },
 *   base: string,
 *   ownerToken: string,
 *   impersonationToken: string,
 *   measure: (targets: Record<string, import('autocannon').Options>) => Promise<Record<string, number>>,
 *   log: (line: string) => void,
 * }} input
 * @returns {Promise<{ plainListRps: number, impersonatedListRps: number, impersonatedListVsPlain: number }>}
 */
export async function impersonatedListVsPlain({ client, base, ownerToken, impersonationToken, measure, log }) {
  // A full page to read: 30 businesses in the impersonated user's team.
  for (let i = 0; i < BUSINESSES; i++) {
    await client.post('/api/businesses', { name: `Bench business ${i}`, description: 'A business the list reads.' }, ownerToken);
  }
  log(`Throughput: GET ${LIST} with the user's own token and with an impersonation token (action log)…`);
  const best = await measure({
    plain: { url: base + LIST, headers: { authorization: `Bearer ${ownerToken}` } },
    impersonated: { url: base + LIST, headers: { authorization: `Bearer ${impersonationToken}` } },
  });
  return {
    plainListRps: Math.round(best.plain),
    impersonatedListRps: Math.round(best.impersonated),
    impersonatedListVsPlain: Number((best.impersonated / best.plain).toFixed(3)),
  };
}
