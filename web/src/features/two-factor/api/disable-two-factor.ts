import type { DisableTwoFactorRequest, TwoFactorStatus } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/current-user';
import { twoFactorStatusQueryOptions } from './get-two-factor-status';

/** Turns 2FA off; needs the account password (401 WRONG_PASSWORD otherwise, which is not a sign-out). */
export function disableTwoFactor(password: string): Promise<TwoFactorStatus> {
  return api.delete<TwoFactorStatus>('/user/two-factor', { password } satisfies DisableTwoFactorRequest);
}

export function useDisableTwoFactor() {
  const queryClient = useQueryClient();
  const { user, replaceUser } = useCurrentUser();
  return useMutation({
    mutationFn: disableTwoFactor,
    onSuccess: (status) => {
      queryClient.setQueryData(twoFactorStatusQueryOptions().queryKey, status);
      if (user) replaceUser({ ...user, isTwoFactorEnabled: false, twoFactorMethod: null });
      return queryClient.invalidateQueries({ queryKey: ['audit-logs'] });
    },
  });
}
