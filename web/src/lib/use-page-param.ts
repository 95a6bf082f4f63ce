import { useCallback } from 'react';
import { useSearchParams } from 'react-router-dom';

/**
 * The page of a paginated list, kept in the URL (`?page=3`) so a reload, the back button or a
 * shared link shows the same page. Anything that is not a whole number ≥ 1 means page 1.
 */
export function usePageParam(name = 'page'): [number, (page: number) => void] {
  const [searchParams, setSearchParams] = useSearchParams();
  const raw = Number(searchParams.get(name));
  const page = Number.isInteger(raw) && raw >= 1 ? raw : 1;

  const setPage = useCallback(
    (next: number) => {
      setSearchParams((previous) => {
        const params = new URLSearchParams(previous);
        if (next <= 1) params.delete(name);
        else params.set(name, String(next));
        return params;
      });
    },
    [name, setSearchParams],
  );

  return [page, setPage];
}
