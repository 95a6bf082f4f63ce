import type { TotpSetup } from '@vantage/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

/**
 * A new authenticator secret, its otpauth:// URL and a QR code (an SVG data URL). It only takes
 * effect once a code from it is confirmed; until then the current setting stays as it is.
 */
export function startTotpSetup(): Promise<TotpSetup> {
  return api.post<TotpSetup>('/user/two-factor');
}

export function useStartTotpSetup() {
  return useMutation({ mutationFn: startTotpSetup });
}
