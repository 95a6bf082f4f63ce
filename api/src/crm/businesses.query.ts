import { type KeysetPageQuery, keysetPageIds, type KeysetStatement, POSITION_AT_SQL } from '../common/keyset-pagination';

/** A business as the list reads it, with its place for a cursor (`position_at`). */
export interface BusinessListRow {
  id: string;
  name: string;
  description: string | null;
  createdAt: Date;
  updatedAt: Date;
  position_at: string;
}

/**
 * One page of a team's businesses, newest first, and one row more (keysetPage cuts it into nextCursor):
 * the page's ids from the (team_id, created_at DESC, id) index by keysetPageIds, then only those rows.
 * Shared by BusinessesService and the benchmark's physical reference, so what is measured is what is served.
 */
export function businessesPage(teamId: string, query: KeysetPageQuery): KeysetStatement {
  const ids = keysetPageIds('businesses', 'ASC', teamId, query);
  return {
    sql: `SELECT b.id, b.name, b.description, b.created_at AS "createdAt", b.updated_at AS "updatedAt", ${POSITION_AT_SQL('b.created_at')}
            FROM (${ids.sql}) page JOIN businesses b ON b.id = page.id
           ORDER BY b.created_at DESC, b.id ASC`,
    params: ids.params,
  };
}
