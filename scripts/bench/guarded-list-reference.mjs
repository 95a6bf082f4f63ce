/**
 * The physical reference of an authenticated, team-scoped read (`npm run bench`, guardedListVsReference):
 * `GET /api/businesses?page=&pageSize=` doing what the API must do for it and nothing more — verify
 * the bearer token (the API's own jsonwebtoken, HS256, the same key as a KeyObject), check the session
 * with the API's session query (a prepared statement, as the API sends it), then read the page with
 * BusinessesService.list's own statement (crm/businesses.query.ts, from the API's build), its nextCursor
 * as the API makes it, and its capped total as the API counts it — on a pg pool of the
 * API's size, over the same Unix socket, to the same database. The bench checks, with
 * pg_stat_statements, that these are the statements the API ran.
 *
 *   node scripts/bench/guarded-list-reference.mjs <port>   with DATABASE_URL and JWT_SECRET set
 *
 * Sends 'ready' to its parent once listening.
 */
import Fastify from 'fastify';
import { createSecretKey } from 'node:crypto';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ROOT } from './vantage-process.mjs';

/** The copy of jsonwebtoken the API resolves (through passport-jwt and @nestjs/jwt). */
const jwt = /** @type {{ verify: (token: string, key: unknown, options: { algorithms: string[] }) => any }} */ (
  createRequire(join(ROOT, 'api', 'package.json'))('jsonwebtoken')
);

/** The API's total: exact up to the cap (1,000), counting at most one row past it (common/capped-total.ts). */
export const LIST_TOTAL_CAP = 1000;
export const COUNT_SQL = `SELECT count(*)::int AS total FROM (SELECT 1 FROM businesses WHERE team_id = $1 LIMIT ${LIST_TOTAL_CAP + 1}) capped`;

const MAX_PAGE_SIZE = 100;
/** Rejected as the API's guard rejects anything that is not a UUID before it reaches the database. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * `?page=&pageSize=` as whole numbers in range (page from 1, pageSize 1–100), else null.
 * @param {Record<string, unknown>} query
 * @returns {{ page: number, pageSize: number } | null}
 */
export function pageOf(query) {
  const page = query.page === undefined ? 1 : Number(query.page);
  const pageSize = query.pageSize === undefined ? 20 : Number(query.pageSize);
  if (!Number.isSafeInteger(page) || page < 1) return null;
  if (!Number.isSafeInteger(pageSize) || pageSize < 1 || pageSize > MAX_PAGE_SIZE) return null;
  return { page, pageSize };
}

/**
 * The API's rule for whether a list needs its count query: not when the page came back short
 * (the total is then known), unless it is empty past the first page.
 * @param {number} rows @param {number} pageSize @param {number} offset
 * @returns {number | null} the total when known without counting
 */
export function totalWithoutCounting(rows, pageSize, offset) {
  if (rows === pageSize) return null;
  if (rows === 0 && offset > 0) return null;
  return offset + rows;
}

async function main() {
  // The API's build (the bench builds first): its page statement and its cursor, not copies of them.
  /** @type {{ businessesPage: (teamId: string, query: { pageSize: number, offset: number, position: null }) => { sql: string, params: unknown[] } }} */
  const { businessesPage } = createRequire(import.meta.url)(join(ROOT, 'api', 'dist', 'crm', 'businesses.query.js'));
  /** @type {{ keysetPage: <R>(rows: R[], pageSize: number) => { rows: R[], nextCursor: string | null } }} */
  const { keysetPage } = createRequire(import.meta.url)(join(ROOT, 'api', 'dist', 'common', 'keyset-pagination.js'));
  /** @type {{ LOAD_SESSION_SQL: string }} AuthContextLoader's session query itself. */
  const { LOAD_SESSION_SQL: SESSION_SQL } = createRequire(import.meta.url)(join(ROOT, 'api', 'dist', 'auth', 'auth-context.loader.js'));
  const key = createSecretKey(Buffer.from(/** @type {string} */ (process.env.JWT_SECRET), 'utf8'));
  // The API's pool: the same size and idle time.
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10, idleTimeoutMillis: 60_000 });
  const app = Fastify({ logger: false });

  app.get('/api/businesses', async (request, reply) => {
    const header = request.headers.authorization ?? '';
    const token = header.startsWith('Bearer ') ? header.slice(7) : '';
    /** @type {{ sub?: unknown, sid?: unknown, exp?: unknown }} */
    let claims;
    try {
      claims = jwt.verify(token, key, { algorithms: ['HS256'] });
    } catch {
      return reply.code(401).send({ code: 'UNAUTHORIZED' });
    }
    if (typeof claims.exp !== 'number' || typeof claims.sid !== 'string' || !UUID.test(claims.sid))
      return reply.code(401).send({ code: 'UNAUTHORIZED' });
    const { rows: sessions } = await pool.query({ name: 'vantage-auth-contexts', text: SESSION_SQL, values: [[claims.sid]] });
    const session = sessions[0];
    if (!session || session.user_id !== claims.sub || !session.session_live) return reply.code(401).send({ code: 'SESSION_EXPIRED' });
    if (!session.team_role) return reply.code(403).send({ code: 'NO_CURRENT_TEAM' });
    // Team-wide two-factor, as TeamTwoFactorGuard decides it from the same row.
    if (session.team_require_two_factor && !session.is_two_factor_enabled && !session.impersonation_id)
      return reply.code(403).send({ code: 'TEAM_REQUIRES_TWO_FACTOR' });

    const page = pageOf(/** @type {Record<string, unknown>} */ (request.query));
    if (!page) return reply.code(400).send({ code: 'VALIDATION_FAILED' });
    const offset = (page.page - 1) * page.pageSize;
    const statement = businessesPage(session.team_id, { pageSize: page.pageSize, offset, position: null });
    const { rows, nextCursor } = keysetPage((await pool.query(statement.sql, statement.params)).rows, page.pageSize);
    let total = totalWithoutCounting(rows.length, page.pageSize, offset);
    if (total === null) total = Number((await pool.query(COUNT_SQL, [session.team_id])).rows[0].total);
    return {
      items: rows.map((row) => ({
        id: row.id,
        name: row.name,
        description: row.description,
        createdAt: row.createdAt,
        updatedAt: row.updatedAt,
      })),
      total: Math.min(total, LIST_TOTAL_CAP),
      totalIsCapped: total > LIST_TOTAL_CAP,
      page: page.page,
      pageSize: page.pageSize,
      nextCursor,
    };
  });

  await app.listen({ port: Number(process.argv[2]), host: '127.0.0.1' });
  process.send?.('ready');
}

// Run as a program (the bench forks it); imported, only the pure parts above are used (tests).
if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await main();
