import type { CurrentUser } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/current-user';

export interface UpdateProfileInput {
  firstName?: string;
  lastName?: string;
  /** Whether Vantage support may impersonate me. Refused (403) while support is in the account. */
  impersonationAllowed?: boolean;
}

export function updateProfile(input: UpdateProfileInput): Promise<CurrentUser> {
  return api.patch<CurrentUser>('/user/profile', input);
}

/** Saves and puts the answer (the whole current user) into the current-user context. */
export function useUpdateProfile() {
  const queryClient = useQueryClient();
  const { replaceUser } = useCurrentUser();
  return useMutation({
    mutationFn: updateProfile,
    onSuccess: (user) => {
      replaceUser(user);
      return queryClient.invalidateQueries({ queryKey: ['audit-logs'] });
    },
  });
}
