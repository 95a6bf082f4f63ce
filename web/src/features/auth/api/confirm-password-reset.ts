import type { ConfirmPasswordResetRequest } from '@vantage/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

/**
 * Sets the new password with the emailed link's token: 204, and every session of the account ends
 * (two-factor stays on). Unknown, used or expired token: 400 RESET_TOKEN_INVALID.
 */
export function confirmPasswordReset(input: ConfirmPasswordResetRequest): Promise<void> {
  return api.post<void>('/auth/password-reset/confirm', input);
}

export function useConfirmPasswordReset() {
  return useMutation({ mutationFn: confirmPasswordReset });
}
