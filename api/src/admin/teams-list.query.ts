import {
  ACCESS_REQUEST_PENDING_DAYS,
  type AdminTeamRow,
  ErrorCode,
  type ImpersonationMode,
  LIST_TOTAL_CAP,
  type Role,
  type SupportAccessPolicy,
} from '@vantage/contracts';
import { fullName } from '../auth/auth-context';
import { impersonationBlockReason, type ImpersonationCaller } from '../auth/impersonation-policy';

/** A parameterised statement, ready for `db.query(sql, params)`. */
export interface SqlStatement {
  sql: string;
  params: unknown[];
}

export interface TeamsListRow {
  id: string;
  name: string;
  created_at: Date;
  owner_id: string | null;
  owner_first_name: string | null;
  owner_last_name: string | null;
  owner_email: string | null;
  owner_role: Role | null;
  owner_impersonation_allowed: boolean | null;
  member_count: number;
  support_access: SupportAccessPolicy;
  grant_id: string | null;
  grant_mode: ImpersonationMode | null;
  grant_expires_at: Date | null;
  pending_request_id: string | null;
}

/** `%`, `_` and `\` typed by the admin are literal characters, not LIKE wildcards. */
export function likeContains(search: string): string {
  return search.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** The page's owners, member counts and the caller's access, joined only for the page's (at most 100) teams. */
const PAGE_COLUMNS = `
  SELECT t.id, t.name, t.created_at, t.support_access,
         o.id AS owner_id, o.first_name AS owner_first_name, o.last_name AS owner_last_name,
         o.email AS owner_email, o.role AS owner_role, o.impersonation_allowed AS owner_impersonation_allowed,
         (SELECT count(*) FROM team_members m WHERE m.team_id = t.id)::int AS member_count,
         g.id AS grant_id, g.mode AS grant_mode, g.expires_at AS grant_expires_at, p.id AS pending_request_id`;

/** A team may have several owners; the list shows the first (the earliest to join), as its search document does. */
const OWNER_JOIN = `
    LEFT JOIN LATERAL (
      SELECT m.user_id FROM team_members m
       WHERE m.team_id = t.id AND m.role = 'owner'
       ORDER BY m.created_at, m.user_id LIMIT 1
    ) om ON true
    LEFT JOIN users o ON o.id = om.user_id`;

/**
 * The caller's access to the row's owner in the row's team (SPEC §10), `$caller` being the admin:
 * the usable grant (approved, window not over; the latest ending, as the start picks it) and the
 * request still waiting for an answer. Each is one probe of an access_requests index per page row.
 */
const ACCESS_JOINS = (caller: string) => `
    LEFT JOIN LATERAL (
      SELECT r.id, r.mode, r.expires_at FROM access_requests r
       WHERE r.admin_id = ${caller}::uuid AND r.user_id = o.id AND r.team_id = t.id AND r.status = 'approved' AND r.expires_at > now()
       ORDER BY r.expires_at DESC LIMIT 1
    ) g ON true
    LEFT JOIN LATERAL (
      SELECT r.id FROM access_requests r
       WHERE r.admin_id = ${caller}::uuid AND r.user_id = o.id AND r.team_id = t.id AND r.status = 'pending'
         AND r.created_at > now() - make_interval(days => ${ACCESS_REQUEST_PENDING_DAYS})
       ORDER BY r.created_at DESC LIMIT 1
    ) p ON true`;

/** Newest teams first; id breaks ties so pages never overlap. Served backwards by teams(created_at, id). */
const ORDER = `ORDER BY t.created_at DESC, t.id DESC`;

/**
 * Team name, owner full name or owner email contains the term, in any letter case: one LIKE on
 * the team's search document (see migration TeamsListSearchDocument), served by its trigram
 * index. `$1` is the escaped term; lower() runs in PostgreSQL so both sides fold case alike.
 */
const MATCHES_SEARCH = `t.search_text LIKE '%' || lower($1) || '%' ESCAPE '\\'`;

/**
 * How a page of matches is found, chosen from the total (which is counted first):
 * - few matches: collect them all through the trigram index, then sort — cost follows the number
 *   of matches, whatever their age;
 * - many matches: walk teams(created_at, id) from the newest and stop when the page is full — a
 *   few rows read when matches are everywhere, where collecting and sorting them all would not be.
 * The planner cannot make this choice itself: it assumes matches are spread evenly over time, so for
 * matches that are all old teams it picked the walk and read most of the table (≈60 ms at 100,000
 * teams against ≈4 ms). Measured with teams-list-bench.cli.ts.
 */
export const COLLECT_MATCHES_UP_TO = 1_000;

/**
 * Totals are exact up to this many teams, as every list's are; beyond it the list says "1,000+"
 * (`totalIsCapped`). Counting every match of a broad search ("a", an email domain) cost 40–60 ms at
 * 100,000 teams, more than the whole page budget, for a number nobody pages through: 50 pages of 20.
 * The page strategy reads the capped total, so the cap must not be below COLLECT_MATCHES_UP_TO.
 */
export const TEAMS_LIST_TOTAL_CAP = Math.max(LIST_TOTAL_CAP, COLLECT_MATCHES_UP_TO);

/**
 * The number of teams matching `search` ('' = all teams), counted up to TEAMS_LIST_TOTAL_CAP + 1
 * (so a result above the cap means "more than the cap"). Run it first: it picks the page strategy.
 */
export function teamsListTotal(search: string): SqlStatement {
  const limit = TEAMS_LIST_TOTAL_CAP + 1;
  if (!search) return { sql: `SELECT count(*)::int AS total FROM (SELECT 1 FROM teams LIMIT ${limit}) capped`, params: [] };
  return {
    sql: `SELECT count(*)::int AS total FROM (SELECT 1 FROM teams t WHERE ${MATCHES_SEARCH} LIMIT ${limit}) capped`,
    params: [likeContains(search)],
  };
}

/**
 * One page of the Teams List, owners, member counts and the caller's access requests included: one
 * statement whatever the page size. The page's ids are chosen first (for no search, by an index-only
 * scan, so even a deep OFFSET reads index pages only), then only those teams are joined to their
 * owners and to `callerId`'s grants and requests (none when null).
 * Shared by AdminTeamsService and the benchmark, so what is measured is what is served.
 */
export function teamsListPage(search: string, total: number, limit: number, offset: number, callerId: string | null = null): SqlStatement {
  let pageIds: string;
  let params: unknown[];
  if (!search) {
    pageIds = `SELECT t.id FROM teams t ${ORDER} LIMIT $1 OFFSET $2`;
    params = [limit, offset];
  } else if (total <= COLLECT_MATCHES_UP_TO) {
    // MATERIALIZED keeps the planner from turning this back into the walk.
    pageIds = `WITH matched AS MATERIALIZED (SELECT t.id, t.created_at FROM teams t WHERE ${MATCHES_SEARCH})
               SELECT t.id FROM matched t ${ORDER} LIMIT $2 OFFSET $3`;
    params = [likeContains(search), limit, offset];
  } else {
    pageIds = `SELECT t.id FROM teams t WHERE ${MATCHES_SEARCH} ${ORDER} LIMIT $2 OFFSET $3`;
    params = [likeContains(search), limit, offset];
  }
  return {
    sql: `${PAGE_COLUMNS}
            FROM (${pageIds}) page
            JOIN teams t ON t.id = page.id
            ${OWNER_JOIN}
            ${ACCESS_JOINS(`$${params.length + 1}`)}
           ${ORDER}`,
    params: [...params, callerId],
  };
}

/** A search that is a whole email address (no spaces, one `@`, a dot in the domain). */
const WHOLE_EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** How a search's matches are collected first: by the owner's email (exact, then checked as a search), or by the search document. */
export type SearchPath = 'email' | 'document';

/** The first path a search takes: a whole email address is looked up exactly before anything is scanned. */
export function firstSearchPath(search: string): SearchPath {
  return WHOLE_EMAIL.test(search) ? 'email' : 'document';
}

export type TeamsListSearchRow = { matches: number } & (
  { [K in keyof TeamsListRow]: TeamsListRow[K] } | { [K in keyof TeamsListRow]: null }
);

/**
 * A search's capped number of matches and, when it is at most COLLECT_MATCHES_UP_TO, its page: one
 * statement, one scan. The matches are collected once (up to the cap and one more), counted and
 * sorted; the page is joined as teamsListPage joins it. Above COLLECT_MATCHES_UP_TO the collected
 * rows are only some of the matches, so the caller reads the page with teamsListPage (the walk).
 * Every row carries `matches`; with no team on the page there is one row whose other columns are null.
 *
 * By `email`: the owner's address through users' unique index on lower(email) — where the
 * document's trigram index read thousands of pages, because an address's domain (and `@`, `.`, which
 * trigrams ignore) is in almost every document — and each team found is checked against the same
 * search as ever, so it only narrows what the document search finds. When no owner has that exact
 * address, the caller searches the document (it may still be part of one, e.g. `x@acme.example` of
 * `olivia.x@acme.example`).
 */
export function teamsListSearch(
  search: string,
  path: SearchPath,
  limit: number,
  offset: number,
  callerId: string | null = null,
): SqlStatement {
  const matched =
    path === 'email'
      ? `SELECT t.id, t.created_at FROM users u
           JOIN team_members m ON m.user_id = u.id AND m.role = 'owner'
           JOIN teams t ON t.id = m.team_id
          WHERE lower(u.email) = lower($5) AND ${MATCHES_SEARCH}`
      : `SELECT t.id, t.created_at FROM teams t WHERE ${MATCHES_SEARCH}`;
  return {
    sql: `WITH matched AS MATERIALIZED (${matched} LIMIT ${TEAMS_LIST_TOTAL_CAP + 1}),
               counted AS (SELECT count(*)::int AS matches FROM matched)
          SELECT counted.matches, found.*
            FROM counted
            LEFT JOIN LATERAL (
              ${PAGE_COLUMNS}
                FROM (SELECT t.id FROM matched t ${ORDER} LIMIT $2 OFFSET $3) page
                JOIN teams t ON t.id = page.id
                ${OWNER_JOIN}
                ${ACCESS_JOINS('$4')}
            ) found ON true
           ORDER BY found.created_at DESC, found.id DESC`,
    params: [likeContains(search), limit, offset, callerId, ...(path === 'email' ? [search] : [])],
  };
}

/**
 * One Teams List row. `caller` decides whether the Impersonate button is enabled: the same rules as
 * the impersonate endpoint (auth/impersonation-policy.ts), the team's policy and the caller's grant
 * included, so the UI never re-derives them.
 */
export function toAdminTeamRow(row: TeamsListRow, caller: ImpersonationCaller): AdminTeamRow {
  return {
    id: row.id,
    name: row.name,
    owner: row.owner_id
      ? {
          id: row.owner_id,
          name: fullName({ firstName: row.owner_first_name!, lastName: row.owner_last_name! }),
          email: row.owner_email!,
          role: row.owner_role!,
          impersonationAllowed: row.owner_impersonation_allowed!,
        }
      : null,
    memberCount: row.member_count,
    createdAt: row.created_at.toISOString(),
    impersonationBlockedReason: row.owner_id
      ? impersonationBlockReason(
          caller,
          { id: row.owner_id, role: row.owner_role!, impersonationAllowed: row.owner_impersonation_allowed! },
          { policy: row.support_access, grant: row.grant_mode ? { mode: row.grant_mode } : null },
        )
      : ErrorCode.USER_NOT_FOUND,
    supportAccess: row.support_access,
    accessGrant: row.grant_id ? { requestId: row.grant_id, mode: row.grant_mode!, expiresAt: row.grant_expires_at!.toISOString() } : null,
    pendingAccessRequestId: row.pending_request_id,
  };
}
