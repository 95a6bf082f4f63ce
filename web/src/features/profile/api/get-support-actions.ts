import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SupportActionList } from '@vantage/contracts';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** Every request support made in one session of my history: time, method, path, answer. */
export function getSupportActions(impersonationId: string, signal?: AbortSignal): Promise<SupportActionList> {
  return api.get<SupportActionList>(`/user/impersonations/${encodeURIComponent(impersonationId)}/actions`, { signal });
}

export const supportActionsQueryOptions = (impersonationId: string) =>
  queryOptions({
    queryKey: queryKeys.profile.supportActions(impersonationId),
    queryFn: ({ signal }) => getSupportActions(impersonationId, signal),
    // A running session keeps adding actions: every opening reads the list again.
    staleTime: 0,
  });

/** Loaded only once the entry is opened. */
export function useSupportActions(impersonationId: string) {
  return useQuery(supportActionsQueryOptions(impersonationId));
}
