import type { DisableTwoFactorRequest, TwoFactorStatus } from '@vantage/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { useAfterTwoFactorChange } from './use-after-two-factor-change';

/** Turns 2FA off; needs the account password (401 WRONG_PASSWORD otherwise, which is not a sign-out). */
export function disableTwoFactor(password: string): Promise<TwoFactorStatus> {
  return api.delete<TwoFactorStatus>('/user/two-factor', { password } satisfies DisableTwoFactorRequest);
}

export function useDisableTwoFactor() {
  const afterChange = useAfterTwoFactorChange();
  return useMutation({ mutationFn: disableTwoFactor, onSuccess: afterChange });
}
