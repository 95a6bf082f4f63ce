import { queryOptions, useQuery } from '@tanstack/react-query';
import type { ActiveImpersonation } from '@vantage/contracts';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** Sessions start and end elsewhere (other admins, expiry); the page follows at this pace. */
export const ACTIVE_IMPERSONATIONS_REFRESH_MS = 15_000;

export function getActiveImpersonations(signal?: AbortSignal): Promise<ActiveImpersonation[]> {
  return api.get<ActiveImpersonation[]>('/admin/impersonations', { query: { active: true }, signal });
}

export const activeImpersonationsQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.admin.activeImpersonations,
    queryFn: ({ signal }) => getActiveImpersonations(signal),
    refetchInterval: ACTIVE_IMPERSONATIONS_REFRESH_MS,
    staleTime: 0,
  });

/** Admins only: the impersonations running right now, newest first. */
export function useActiveImpersonations() {
  return useQuery(activeImpersonationsQueryOptions());
}
