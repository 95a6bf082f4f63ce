/**
 * guardedListVsReference: what the framework costs on the read users make on every click. Throughput
 * of `GET /api/businesses?page=1&pageSize=20` with a user's token, from the API and from its physical
 * reference (guarded-list-reference.mjs: bare Fastify + pg + the same token check and SQL), on the
 * same database and data, in the bench's alternating rounds (each server's best round counts).
 */
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { countStatements } from './statement-stats.mjs';
import { freePort, ROOT } from './vantage-process.mjs';

const LIST = '/api/businesses?page=1&pageSize=20';

/**
 * The statements of one request, as pg_stat_statements normalises them, minus the app's
 * once-a-second health probe, which may fall in the window.
 * @param {string} databaseUrl @param {() => Promise<unknown>} request
 */
async function statementsOf(databaseUrl, request) {
  const counted = await countStatements(databaseUrl, async () => {
    await request();
  });
  return counted
    .map((row) => row.query)
    .filter((query) => query !== 'SELECT $1')
    .sort();
}

/**
 * @param {{
 *   app: import('./vantage-process.mjs').Vantage,
 *   appDatabaseUrl: string,
 *   jwtSecret: string,
 *   ownerToken: string,
 *   measure: (targets: Record<string, import('autocannon').Options>) => Promise<Record<string, number>>,
 *   log: (line: string) => void,
 * }} input appDatabaseUrl: the URL the app uses (its Unix socket), given to the reference too
 */
export async function guardedListVsReference({ app, appDatabaseUrl, jwtSecret, ownerToken, measure, log }) {
  const port = await freePort();
  const reference = fork(join(ROOT, 'scripts', 'bench', 'guarded-list-reference.mjs'), [String(port)], {
    stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
    env: { ...process.env, DATABASE_URL: appDatabaseUrl, JWT_SECRET: jwtSecret },
  });
  try {
    await new Promise((resolve, reject) => {
      reference.once('message', resolve);
      reference.once('exit', (code) => reject(new Error(`The reference server exited (${code})`)));
    });
    const referenceBase = `http://127.0.0.1:${port}`;
    /** @param {string} base */
    const get = async (base) => {
      const res = await fetch(base + LIST, { headers: { authorization: `Bearer ${ownerToken}` } });
      if (res.status !== 200) throw new Error(`${base}${LIST} answered ${res.status}: ${await res.text()}`);
      return res.json();
    };
    // Same answer (the page and its total), and the same statements in PostgreSQL.
    const [fromApi, fromReference] = [await get(app.base), await get(referenceBase)];
    if (JSON.stringify(fromApi) !== JSON.stringify(fromReference))
      throw new Error('The reference server answers a different page than the API');
    const apiStatements = await statementsOf(app.databaseUrl(), () => get(app.base));
    const referenceStatements = await statementsOf(app.databaseUrl(), () => get(referenceBase));
    const sameStatements = JSON.stringify(apiStatements) === JSON.stringify(referenceStatements);
    if (!sameStatements)
      log(
        `  The reference ran other statements than the API.\n  API:\n${apiStatements.join('\n')}\n  reference:\n${referenceStatements.join('\n')}`,
      );

    log(`Throughput: GET ${LIST} from the API and from its reference (bare Fastify + pg, same token check and SQL)…`);
    const headers = { authorization: `Bearer ${ownerToken}` };
    const best = await measure({ api: { url: app.base + LIST, headers }, reference: { url: referenceBase + LIST, headers } });
    return {
      guardedListRps: Math.round(best.api),
      guardedListReferenceRps: Math.round(best.reference),
      guardedListVsReference: Number((best.api / best.reference).toFixed(3)),
      guardedListStatementsPerRequest: apiStatements.length,
      guardedListSameStatements: sameStatements ? 'yes' : 'NO',
    };
  } finally {
    reference.kill();
  }
}
