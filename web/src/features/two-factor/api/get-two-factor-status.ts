import type { TwoFactorStatus } from '@vantage/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** My two-factor state, with how many recovery codes are left and when one was last used to sign in. */
export function getTwoFactorStatus(signal?: AbortSignal): Promise<TwoFactorStatus> {
  return api.get<TwoFactorStatus>('/user/two-factor', { signal });
}

export const twoFactorStatusQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.profile.twoFactorStatus,
    queryFn: ({ signal }) => getTwoFactorStatus(signal),
  });

/** Not asked during an impersonation: the API keeps a person's two-factor settings from support. */
export function useTwoFactorStatus({ enabled }: { enabled: boolean }) {
  return useQuery({ ...twoFactorStatusQueryOptions(), enabled });
}
