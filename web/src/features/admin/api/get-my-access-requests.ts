import { queryOptions, useQuery } from '@tanstack/react-query';
import type { AccessRequestList } from '@vantage/contracts';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** Owners answer by email at any time: the list follows at this pace while it is on screen. */
export const MY_ACCESS_REQUESTS_REFRESH_MS = 30_000;

export function getMyAccessRequests(signal?: AbortSignal): Promise<AccessRequestList> {
  return api.get<AccessRequestList>('/admin/access-requests', { signal });
}

export const myAccessRequestsQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.admin.myAccessRequests,
    queryFn: ({ signal }) => getMyAccessRequests(signal),
    refetchInterval: MY_ACCESS_REQUESTS_REFRESH_MS,
    refetchOnWindowFocus: true,
    staleTime: 0,
  });

/** Admins only: the access requests I made, newest first, with what became of each. */
export function useMyAccessRequests() {
  return useQuery(myAccessRequestsQueryOptions());
}
