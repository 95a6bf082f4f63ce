import { useQueryClient } from '@tanstack/react-query';
import { ErrorCode } from '@vantage/contracts';
import { useCallback } from 'react';
import { isApiClientError } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/current-user';
import { queryKeys } from '@/lib/query-keys';

/**
 * After an owner action fails with TEAM_OWNER_REQUIRED, the person's role changed elsewhere (another
 * owner made them a member): read the current user and my teams again, so the page stops offering
 * what the API refuses. The sentence itself is shown by the caller.
 */
export function useOwnerRefusal() {
  const queryClient = useQueryClient();
  const { reloadUser } = useCurrentUser();
  return useCallback(
    (error: unknown) => {
      if (!isApiClientError(error) || error.code !== ErrorCode.TEAM_OWNER_REQUIRED) return;
      void reloadUser().catch(() => undefined);
      void queryClient.invalidateQueries({ queryKey: queryKeys.teams.mine });
    },
    [queryClient, reloadUser],
  );
}
