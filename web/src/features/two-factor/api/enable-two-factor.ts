import type { EnableTwoFactorRequest, TwoFactorStatus } from '@vantage/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { useAfterTwoFactorChange } from './use-after-two-factor-change';

/** Narrower than EnableTwoFactorRequest: the web app always sends the confirming code with "totp". */
export type EnableTwoFactorInput = { method: 'email' } | { method: 'totp'; code: string };

/**
 * Turns 2FA on or changes the method. For "totp" the code from the app confirms the pending
 * setup, and the answer carries the new recovery codes — the only time they are shown.
 */
export function enableTwoFactor(input: EnableTwoFactorInput): Promise<TwoFactorStatus> {
  return api.put<TwoFactorStatus>('/user/two-factor', { enabled: true, ...input } satisfies EnableTwoFactorRequest);
}

/** Recovery codes stay with the component that shows them once; the current user gets the new state. */
export function useEnableTwoFactor() {
  const afterChange = useAfterTwoFactorChange();
  return useMutation({ mutationFn: enableTwoFactor, onSuccess: afterChange });
}
