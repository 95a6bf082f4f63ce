import type { TwoFactorStatus } from '@vantage/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export function getTwoFactorStatus(signal?: AbortSignal): Promise<TwoFactorStatus> {
  return api.get<TwoFactorStatus>('/user/two-factor', { signal });
}

export const twoFactorStatusQueryOptions = () =>
  queryOptions({
    queryKey: ['two-factor', 'status'],
    queryFn: ({ signal }) => getTwoFactorStatus(signal),
  });

/**
 * Whether 2FA is on, and how. `enabled: false` skips the request: the API refuses it (403) while
 * support is impersonating the account.
 */
export function useTwoFactorStatus({ enabled = true }: { enabled?: boolean } = {}) {
  return useQuery({ ...twoFactorStatusQueryOptions(), enabled });
}
