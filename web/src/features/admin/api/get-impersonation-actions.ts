import { queryOptions, useQuery } from '@tanstack/react-query';
import type { SupportActionList } from '@vantage/contracts';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function getImpersonationActions(impersonationId: string, signal?: AbortSignal): Promise<SupportActionList> {
  return api.get<SupportActionList>(`/admin/impersonations/${encodeURIComponent(impersonationId)}/actions`, { signal });
}

export const impersonationActionsQueryOptions = (impersonationId: string) =>
  queryOptions({
    queryKey: queryKeys.admin.impersonationActions(impersonationId),
    queryFn: ({ signal }) => getImpersonationActions(impersonationId, signal),
    // A running session keeps adding actions: every opening reads the list again.
    staleTime: 0,
  });

/** Admins only: every request made during one impersonation (time, method, path, status). Loaded when asked for. */
export function useImpersonationActions(impersonationId: string, enabled: boolean) {
  return useQuery({ ...impersonationActionsQueryOptions(impersonationId), enabled });
}
