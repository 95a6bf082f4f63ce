import { ApiPropertyOptional } from '@nestjs/swagger';
import { LIST_CURSOR_MAX_LENGTH } from '@vantage/contracts';
import { IsOptional, IsString, Matches, MaxLength, ValidateBy } from 'class-validator';
import { type CappedTotal, pageTotal } from './capped-total';
import { PaginationQuery } from './pagination';

/**
 * Keyset (cursor) pagination for lists ordered newest first by `(created_at, id)`. An offset page
 * walks every earlier index entry (page 5,000 of 20 reads 100,000), a cursor page starts at its place
 * in the index and reads one page whatever the depth.
 *
 * A cursor is base64url of `<created_at to the microsecond>~<id>`: PostgreSQL keeps microseconds and a
 * JavaScript Date only milliseconds, so the position is read as text from PostgreSQL, never from a Date.
 * It is not signed: a made-up cursor only moves the start of the caller's own list, because the list's
 * team filter is applied whatever the cursor says.
 */
export interface KeysetPosition {
  /** `YYYY-MM-DDTHH:MM:SS.ffffffZ`, exactly as PostgreSQL stored it. */
  createdAt: string;
  id: string;
}

const CURSOR_CHARACTERS = /^[A-Za-z0-9_-]+$/;
const POSITION = /^([1-9]\d{3}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3})\d{3}Z~([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

/** PostgreSQL's text of `created_at` for a cursor (UTC, microseconds), as the column `position_at`. */
export const POSITION_AT_SQL = (column: string) => `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') AS position_at`;

export function encodeCursor(position: KeysetPosition): string {
  return Buffer.from(`${position.createdAt}~${position.id}`, 'utf8').toString('base64url');
}

/** The position a cursor names, or null when it is not one this API gives out (any garbage, any impossible date). */
export function decodeCursor(cursor: string): KeysetPosition | null {
  if (cursor.length > LIST_CURSOR_MAX_LENGTH || !CURSOR_CHARACTERS.test(cursor)) return null;
  const bytes = Buffer.from(cursor, 'base64url');
  // Only the canonical spelling: decoding ignores stray trailing bits, which would give one position many names.
  if (bytes.toString('base64url') !== cursor) return null;
  const match = POSITION.exec(bytes.toString('utf8'));
  if (!match) return null;
  // A shape-valid text may still be no date at all (2026-02-30): JavaScript rolls it over, PostgreSQL refuses it.
  const date = new Date(`${match[1]}Z`);
  if (Number.isNaN(date.getTime()) || date.toISOString() !== `${match[1]}Z`) return null;
  const [createdAt, id] = match[0].split('~');
  return { createdAt, id };
}

/**
 * `?page=&pageSize=&after=`. Without `after`, the offset page as ever. With it, the page starts after
 * the cursor's place and `page` only numbers the answer: it cannot be checked against the cursor, and
 * a client that counts its pages may echo its count (the web app shows it).
 */
export class KeysetPaginationQuery extends PaginationQuery {
  @ApiPropertyOptional({
    description:
      'nextCursor of the previous page: this page starts after it (page then only numbers the answer). Opaque; a list gives out its own.',
    maxLength: LIST_CURSOR_MAX_LENGTH,
  })
  @IsOptional()
  @IsString()
  @MaxLength(LIST_CURSOR_MAX_LENGTH)
  @Matches(CURSOR_CHARACTERS, { message: 'must be a cursor (letters, digits, - and _)' })
  @ValidateBy({
    name: 'isListCursor',
    validator: {
      validate: (value: unknown) => typeof value === 'string' && decodeCursor(value) !== null,
      defaultMessage: () => 'is not a cursor this list gave out: pass nextCursor of a previous page unchanged',
    },
  })
  after?: string;

  get position(): KeysetPosition | null {
    return this.after === undefined ? null : decodeCursor(this.after);
  }
}

/** Where a page starts: by offset, or after a position (which wins). KeysetPaginationQuery is one. */
export interface KeysetPageQuery {
  pageSize: number;
  offset: number;
  position: KeysetPosition | null;
}

/** A statement and its parameters. */
export interface KeysetStatement {
  sql: string;
  params: unknown[];
}

/**
 * The ids of one page of `table` for one team, newest first with `id` breaking ties in `idOrder`,
 * read from an index on `(team_id, created_at DESC, id <idOrder>)`: only index columns are used, so the
 * scan can be index-only and a deep OFFSET reads index pages, not rows. One row more than the page is
 * asked for: whether it exists says whether a next page does. `table` and `idOrder` are the caller's
 * constants, never input.
 */
export function keysetPageIds(table: string, idOrder: 'ASC' | 'DESC', teamId: string, query: KeysetPageQuery): KeysetStatement {
  const order = `ORDER BY created_at DESC, id ${idOrder}`;
  const position = query.position;
  if (!position) {
    return {
      sql: `SELECT id FROM ${table} WHERE team_id = $1 ${order} LIMIT $2 OFFSET $3`,
      params: [teamId, query.pageSize + 1, query.offset],
    };
  }
  // `created_at <= $2` is the index condition (the scan starts at the cursor's place); the rest only
  // sorts out the rows of the same instant, which the row comparison could not do in one direction.
  const after = idOrder === 'DESC' ? '<' : '>';
  return {
    sql: `SELECT id FROM ${table}
           WHERE team_id = $1 AND created_at <= $3::timestamptz AND (created_at < $3::timestamptz OR id ${after} $4::uuid)
           ${order} LIMIT $2`,
    params: [teamId, query.pageSize + 1, position.createdAt, position.id],
  };
}

/** The page's rows (one more may have been read) and the cursor after its last one, null when nothing follows. */
export function keysetPage<R extends { position_at: string; id: string }>(
  rows: R[],
  pageSize: number,
): { rows: R[]; nextCursor: string | null } {
  if (rows.length <= pageSize) return { rows, nextCursor: null };
  const page = rows.slice(0, pageSize);
  const last = page[page.length - 1];
  return { rows: page, nextCursor: encodeCursor({ createdAt: last.position_at, id: last.id }) };
}

/**
 * The list's total: a cursor page cannot say how many rows came before it, so it is always counted
 * (capped, a scan that stops at LIST_TOTAL_CAP + 1); an offset page as pageTotal decides.
 */
export function keysetTotal(query: KeysetPaginationQuery, rowsOnPage: number, count: () => Promise<CappedTotal>): Promise<CappedTotal> {
  return query.after === undefined ? pageTotal(query, rowsOnPage, count) : count();
}
