import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AccessRequest, AccessRequestList } from '@vantage/contracts';
import { api } from '@/lib/api-client';
import { useSignedInUser } from '@/lib/current-user';
import { queryKeys } from '@/lib/query-keys';

/** Support may ask at any moment: the navigation's count reads the list again at this pace, and on focus. */
export const ACCESS_REQUESTS_REFRESH_MS = 60_000;

/** Requests for support access concerning me or a team I own, newest first. */
export function getAccessRequests(signal?: AbortSignal): Promise<AccessRequestList> {
  return api.get<AccessRequestList>('/access-requests', { signal });
}

export const accessRequestsQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.accessRequests,
    queryFn: ({ signal }) => getAccessRequests(signal),
    refetchInterval: ACCESS_REQUESTS_REFRESH_MS,
    refetchOnWindowFocus: true,
    staleTime: 0,
  });

export function useAccessRequests() {
  return useQuery(accessRequestsQueryOptions());
}

const isPending = (request: AccessRequest) => request.status === 'pending';

/**
 * How many requests wait for an answer (the navigation's badge); 0 until the list has loaded. Not asked
 * during an impersonation: support cannot answer them, and every read would be logged as support's.
 */
export function usePendingAccessRequestCount(): number {
  const { impersonatedBy } = useSignedInUser();
  const { data } = useQuery({
    ...accessRequestsQueryOptions(),
    select: (list) => list.items.filter(isPending).length,
    enabled: impersonatedBy === null,
  });
  return data ?? 0;
}
