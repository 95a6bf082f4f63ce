import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ChangePasswordRequest } from '@vantage/contracts';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** 204 when done; the account's other sessions are signed out. A wrong current password is 401 WRONG_PASSWORD. */
export function changePassword(input: ChangePasswordRequest): Promise<void> {
  return api.patch<void>('/user/password', input);
}

export function useChangePassword() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: changePassword,
    // The other sessions ended (Sessions lists only this one now), and the change is in the audit log.
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.profile.sessions }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all }),
      ]),
  });
}
