import type { CurrentUser, UpdateProfileRequest } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { useCurrentUser } from '@/lib/current-user';

/** `impersonationAllowed`: whether Vantage support may impersonate me (see `restrictions.change_support_access`). */
export function updateProfile(input: UpdateProfileRequest): Promise<CurrentUser> {
  return api.patch<CurrentUser>('/user/profile', input);
}

/** Saves and puts the answer (the whole current user) into the current-user context. */
export function useUpdateProfile() {
  const queryClient = useQueryClient();
  const { replaceUser } = useCurrentUser();
  return useMutation({
    mutationFn: updateProfile,
    onSuccess: (user, input) => {
      replaceUser(user);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all }),
        // Switching support access off ends running support sessions: the history shows them ended at once.
        input.impersonationAllowed !== undefined && queryClient.invalidateQueries({ queryKey: queryKeys.profile.impersonationHistory }),
      ]);
    },
  });
}
