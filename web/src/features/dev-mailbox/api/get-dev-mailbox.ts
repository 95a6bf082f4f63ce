import type { DevMail } from '@vantage/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api, isApiClientError } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/**
 * The mail a development server would have sent, newest first. The endpoint is public and exists
 * only without SMTP_URL outside production: anywhere else it answers 404.
 */
export function getDevMailbox(signal?: AbortSignal): Promise<DevMail[]> {
  return api.get<DevMail[]>('/dev/mailbox', { signal });
}

/** A 404 means "this server delivers mail for real", not a failure. */
export function isMailboxOff(error: unknown): boolean {
  return isApiClientError(error) && error.status === 404;
}

const REFRESH_INTERVAL_MS = 5_000;

export const devMailboxQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.devMailbox,
    queryFn: ({ signal }) => getDevMailbox(signal),
    staleTime: 0,
    retry: false,
  });

/** With `live`, new mail shows up by itself (a sign-in code is usually what someone is waiting for). */
export function useDevMailbox({ live = false }: { live?: boolean } = {}) {
  return useQuery({
    ...devMailboxQueryOptions(),
    refetchInterval: (query) => (live && !isMailboxOff(query.state.error) ? REFRESH_INTERVAL_MS : false),
  });
}
