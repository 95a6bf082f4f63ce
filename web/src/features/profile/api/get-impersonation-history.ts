import type { ImpersonationHistoryEntry } from '@vantage/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** Who from Vantage support accessed my account, newest first (the latest 100). */
export function getImpersonationHistory(signal?: AbortSignal): Promise<ImpersonationHistoryEntry[]> {
  return api.get<ImpersonationHistoryEntry[]>('/user/impersonations', { signal });
}

export const impersonationHistoryQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.profile.impersonationHistory,
    queryFn: ({ signal }) => getImpersonationHistory(signal),
  });

export function useImpersonationHistory() {
  return useQuery(impersonationHistoryQueryOptions());
}
