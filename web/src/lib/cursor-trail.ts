import { type QueryKey, useQuery, type UseQueryOptions, type UseQueryResult } from '@tanstack/react-query';
import type { KeysetPage } from '@vantage/contracts';
import { useCallback, useEffect, useState } from 'react';

interface Trail {
  scope: string | null;
  /** Page number → the cursor that reads it (the nextCursor of the page before). */
  cursors: ReadonlyMap<number, string>;
}

const NONE: ReadonlyMap<number, string> = new Map();

/**
 * The cursors that lead to pages of a list read by cursor, learnt from the pages answered: page N's
 * `nextCursor` reads page N + 1. Next and Previous (and going back through the browser's history)
 * then read by cursor, which the API serves from its index at any depth; a page reached otherwise —
 * a typed page number, a reload, a shared link — is read by its number, and the pages after it by
 * cursor again. `scope` (the current team) starts a new trail: a cursor places a page in one list.
 */
export function useCursorTrail(scope: string | null) {
  const [trail, setTrail] = useState<Trail>({ scope, cursors: NONE });
  const cursors = trail.scope === scope ? trail.cursors : NONE;

  const remember = useCallback(
    (answer: { page: number; nextCursor: string | null }) =>
      setTrail((previous) => {
        const known = previous.scope === scope ? previous.cursors : NONE;
        const next = answer.nextCursor ?? undefined;
        // A fresh answer replaces what was known: after the list changed, its pages start elsewhere.
        if (known.get(answer.page + 1) === next) return previous.scope === scope ? previous : { scope, cursors: known };
        const cursorsNow = new Map(known);
        if (next === undefined) cursorsNow.delete(answer.page + 1);
        else cursorsNow.set(answer.page + 1, next);
        return { scope, cursors: cursorsNow };
      }),
    [scope],
  );

  return { cursorFor: (page: number): string | undefined => cursors.get(page), remember };
}

/**
 * A page of a list read by cursor where one is known (see useCursorTrail), else by number.
 * `options(after)` are the list's query options for this page with that cursor.
 */
export function useKeysetPageQuery<T, K extends QueryKey>(
  page: number,
  scope: string | null,
  options: (after: string | undefined) => UseQueryOptions<KeysetPage<T>, Error, KeysetPage<T>, K>,
): UseQueryResult<KeysetPage<T>> {
  const { cursorFor, remember } = useCursorTrail(scope);
  const query = useQuery(options(cursorFor(page)));
  // Not from a placeholder: while the next page loads, the data shown is still the previous page's.
  const answer = query.isPlaceholderData ? undefined : query.data;
  useEffect(() => {
    if (answer) remember(answer);
  }, [answer, remember]);
  return query;
}
