import type { PasskeyList } from '@vantage/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** My passkeys: name, when each was added and last used to sign in. */
export function getPasskeys(signal?: AbortSignal): Promise<PasskeyList> {
  return api.get<PasskeyList>('/user/passkeys', { signal });
}

export const passkeysQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.profile.passkeys,
    queryFn: ({ signal }) => getPasskeys(signal),
  });

/** Not asked during an impersonation, as the recovery codes are not: passkeys stay the account owner's business. */
export function usePasskeys({ enabled }: { enabled: boolean }) {
  return useQuery({ ...passkeysQueryOptions(), enabled });
}
