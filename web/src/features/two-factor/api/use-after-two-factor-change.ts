import type { TwoFactorStatus } from '@vantage/contracts';
import { useQueryClient } from '@tanstack/react-query';
import { useCallback } from 'react';
import { isApiClientError } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/current-user';
import { queryKeys } from '@/lib/query-keys';

/**
 * What follows a change of the two-factor settings. The current user (`isTwoFactorEnabled`,
 * `twoFactorMethod` from `/auth/me`) is the one place the app reads the state from, so it is read
 * again; the change also signed out the account's other sessions and wrote an audit entry.
 */
export function useAfterTwoFactorChange() {
  const queryClient = useQueryClient();
  const { reloadUser, replaceUser, user } = useCurrentUser();

  return useCallback(
    async (status: TwoFactorStatus) => {
      const userReloaded = reloadUser().then(
        () => undefined,
        // The change is made either way. If `/auth/me` cannot be read right now (it is read again when
        // the tab regains focus), show the state the API just answered rather than the old one — unless
        // the session is over (401), which the api client has already dealt with.
        (error: unknown) => {
          if (isApiClientError(error) && error.status === 401) return;
          if (user) replaceUser({ ...user, isTwoFactorEnabled: status.enabled, twoFactorMethod: status.method });
        },
      );
      await Promise.all([
        userReloaded,
        queryClient.invalidateQueries({ queryKey: queryKeys.profile.sessions }),
        // Confirming an authenticator app makes a new set of recovery codes; turning 2FA off removes them.
        queryClient.invalidateQueries({ queryKey: queryKeys.profile.twoFactorStatus }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all }),
      ]);
    },
    [queryClient, reloadUser, replaceUser, user],
  );
}
