import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

/**
 * Emails the signed-in admin a fresh confirmation code for a sensitive action (here: starting an
 * impersonation). Throttled: 429 CODE_RESEND_THROTTLED with Retry-After.
 */
export function sendConfirmationCode(): Promise<void> {
  return api.post<void>('/2fa/send-code');
}

export function useSendConfirmationCode() {
  return useMutation({ mutationFn: sendConfirmationCode });
}
