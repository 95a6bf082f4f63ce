/**
 * Counting the statements the app sends to its embedded PostgreSQL, from outside the app process:
 * PostgreSQL's own pg_stat_statements (shipped with the embedded server, loaded at start-up). It is
 * loaded for the whole bench but tracks nothing (`track = none`, so the other figures pay nothing
 * for it) except inside `countStatements`.
 */
import pg from 'pg';

/**
 * Asks PostgreSQL to load the extension at its next start (the bench restarts it anyway: cold start,
 * then warm start), tracking nothing until asked.
 * @param {string} databaseUrl a superuser's URL (the embedded server's `vantage` role is one)
 */
export async function loadStatementStatsAtNextStart(databaseUrl) {
  await withClient(databaseUrl, async (client) => {
    await client.query(`ALTER SYSTEM SET shared_preload_libraries = 'pg_stat_statements'`);
    await client.query(`ALTER SYSTEM SET pg_stat_statements.track = 'none'`);
  });
}

/** After the restart: the extension's view in the app's database. @param {string} databaseUrl */
export async function createStatementStats(databaseUrl) {
  await withClient(databaseUrl, (client) => client.query('CREATE EXTENSION IF NOT EXISTS pg_stat_statements'));
}

/**
 * Every top-level statement run in the app's database while `work` runs, with its number of
 * executions (normalised text: constants become $n). Each one is a round trip: the app sends no
 * multi-statement strings.
 * @param {string} databaseUrl
 * @param {() => Promise<void>} work
 * @returns {Promise<{ query: string, calls: number }[]>}
 */
export async function countStatements(databaseUrl, work) {
  return withClient(databaseUrl, async (client) => {
    await setTracking(databaseUrl, client, 'top');
    try {
      await client.query('SELECT pg_stat_statements_reset()');
      await work();
      const { rows } = await client.query(
        `SELECT query, calls::int AS calls FROM pg_stat_statements
          WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database())
            AND query NOT LIKE '%pg_stat_statements%'
          ORDER BY calls DESC, query`,
      );
      return rows;
    } finally {
      await setTracking(databaseUrl, client, 'none');
    }
  });
}

/**
 * Changes what is tracked, for every session of the server. A reload reaches the postmaster first,
 * which then signals every running backend (they apply it before their next statement) and forks new
 * ones with it: once a new connection sees the setting, every app connection has been told.
 * @param {string} databaseUrl @param {pg.Client} client @param {'top' | 'none'} track
 */
async function setTracking(databaseUrl, client, track) {
  await client.query(`ALTER SYSTEM SET pg_stat_statements.track = '${track}'`);
  await client.query('SELECT pg_reload_conf()');
  for (;;) {
    const seen = await withClient(databaseUrl, async (probe) => {
      const { rows } = await probe.query(`SELECT current_setting('pg_stat_statements.track') AS track`);
      return rows[0].track;
    });
    if (seen === track) return;
  }
}

/**
 * @template T
 * @param {string} databaseUrl
 * @param {(client: pg.Client) => Promise<T>} use
 * @returns {Promise<T>}
 */
async function withClient(databaseUrl, use) {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    return await use(client);
  } finally {
    await client.end();
  }
}
