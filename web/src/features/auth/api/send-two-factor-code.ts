import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

/** Emails a fresh code (email method); the previous one stops working. */
export function sendTwoFactorCode(pendingToken: string): Promise<void> {
  return api.post<void>('/2fa/send-code', undefined, { token: pendingToken });
}

export function useSendTwoFactorCode() {
  return useMutation({ mutationFn: sendTwoFactorCode });
}
