import type { EnableTwoFactorRequest, TwoFactorStatus } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/current-user';
import { twoFactorStatusQueryOptions } from './get-two-factor-status';

/** Narrower than EnableTwoFactorRequest: the web app always sends the confirming code with "totp". */
export type EnableTwoFactorInput = { method: 'email' } | { method: 'totp'; code: string };

/**
 * Turns 2FA on or changes the method. For "totp" the code from the app confirms the pending
 * setup, and the answer carries the new recovery codes — the only time they are shown.
 */
export function enableTwoFactor(input: EnableTwoFactorInput): Promise<TwoFactorStatus> {
  return api.put<TwoFactorStatus>('/user/two-factor', { enabled: true, ...input } satisfies EnableTwoFactorRequest);
}

export function useEnableTwoFactor() {
  const queryClient = useQueryClient();
  const { user, replaceUser } = useCurrentUser();
  return useMutation({
    mutationFn: enableTwoFactor,
    onSuccess: (status) => {
      // Recovery codes stay with the component that shows them once; the cache keeps only the state.
      queryClient.setQueryData(twoFactorStatusQueryOptions().queryKey, { enabled: status.enabled, method: status.method });
      if (user) replaceUser({ ...user, isTwoFactorEnabled: status.enabled, twoFactorMethod: status.method });
      return queryClient.invalidateQueries({ queryKey: ['audit-logs'] });
    },
  });
}
