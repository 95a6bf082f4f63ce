/**
 * Lists count their total exactly up to a cap (1,000); beyond it the API answers the cap with
 * `totalIsCapped`, and the pages past the cap still exist. These say how many there are and
 * whether there is a next page, from the page the API answered.
 */
export interface CountedPage {
  items: ArrayLike<unknown>;
  total: number;
  /** Absent on answers that are never capped. */
  totalIsCapped?: boolean;
  page: number;
  pageSize: number;
  /** Lists read by cursor say whether a page follows (null: none); absent on the others. */
  nextCursor?: string | null;
}

/** "57", or "1,000+" when the count stopped at the cap. */
export function totalText({ total, totalIsCapped }: Pick<CountedPage, 'total' | 'totalIsCapped'>): string {
  return totalIsCapped ? `${total.toLocaleString('en-US')}+` : String(total);
}

/**
 * Whether a page follows this one: within the counted total, or — the count having stopped at the
 * cap — as the list's nextCursor says, or (a list without cursors) while pages come back full.
 */
export function hasNextPage({ items, total, totalIsCapped, page, pageSize, nextCursor }: CountedPage): boolean {
  if (page * pageSize < total) return true;
  if (!totalIsCapped) return false;
  return nextCursor === undefined ? items.length === pageSize : nextCursor !== null;
}

/** The pages a pager offers: all the counted ones, and past the cap one more than this page while pages are full. */
export function pagesToOffer(answer: CountedPage): number {
  const counted = Math.max(1, Math.ceil(answer.total / answer.pageSize));
  if (!answer.totalIsCapped) return counted;
  return Math.max(counted, hasNextPage(answer) ? answer.page + 1 : answer.page);
}
