import type { SignInSessionList } from '@vantage/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** Where I am signed in: each session's device (User-Agent), address, start and last use, newest first. */
export function getSessions(signal?: AbortSignal): Promise<SignInSessionList> {
  return api.get<SignInSessionList>('/auth/sessions', { signal });
}

export const sessionsQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.profile.sessions,
    queryFn: ({ signal }) => getSessions(signal),
  });

export function useSessions() {
  return useQuery(sessionsQueryOptions());
}
