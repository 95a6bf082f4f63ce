import { LIST_TOTAL_CAP } from '@vantage/contracts';

/** Anything that runs SQL: the DataSource, or a transaction's EntityManager. */
export interface SqlRunner {
  query(sql: string, params?: unknown[]): Promise<unknown>;
}

export interface CappedTotal {
  total: number;
  totalIsCapped: boolean;
}

/** A count that may have gone one past the cap, as the list answers it. */
export function capTotal(counted: number): CappedTotal {
  return { total: Math.min(counted, LIST_TOTAL_CAP), totalIsCapped: counted > LIST_TOTAL_CAP };
}

/**
 * Counts the rows of `table` matching `where` up to LIST_TOTAL_CAP + 1 (one more says "more than the
 * cap"): the inner LIMIT stops the scan there, so a team with a million rows costs what one with a
 * thousand does. `table` and `where` are the caller's own constants, never user input.
 */
export function cappedCountSql(table: string, where: string): string {
  return `SELECT count(*)::int AS total FROM (SELECT 1 FROM ${table} WHERE ${where} LIMIT ${LIST_TOTAL_CAP + 1}) capped`;
}

/** The list's total by cappedCountSql, `params` filling `where`'s placeholders. */
export async function countUpToCap(db: SqlRunner, table: string, where: string, params: unknown[]): Promise<CappedTotal> {
  const rows = (await db.query(cappedCountSql(table, where), params)) as { total: number }[];
  return capTotal(rows[0].total);
}

/**
 * The total of a list from its page when the page says it (it came back short, and is not empty past
 * the first page), else by countUpToCap. The first pages of small lists then cost one statement.
 */
export async function pageTotal(
  page: { offset: number; pageSize: number },
  rowsOnPage: number,
  count: () => Promise<CappedTotal>,
): Promise<CappedTotal> {
  const short = rowsOnPage < page.pageSize && (rowsOnPage > 0 || page.offset === 0);
  return short ? capTotal(page.offset + rowsOnPage) : count();
}
