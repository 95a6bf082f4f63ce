import type { PasswordResetRequest } from '@vantage/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

/**
 * 204 whether or not an account has that email (the answer must not tell): when one does, it is emailed
 * a link valid for PASSWORD_RESET_MINUTES, and earlier links stop working. Too many requests: 429
 * PASSWORD_RESET_THROTTLED with Retry-After.
 */
export function requestPasswordReset(input: PasswordResetRequest): Promise<void> {
  return api.post<void>('/auth/password-reset', input);
}

export function useRequestPasswordReset() {
  return useMutation({ mutationFn: requestPasswordReset });
}
