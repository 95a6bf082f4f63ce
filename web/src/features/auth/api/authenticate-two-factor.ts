import type { AuthResponse } from '@vantage/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export interface AuthenticateTwoFactorInput {
  /** A 6-digit code (email or authenticator app) or a recovery code. */
  code: string;
  /** The limited token from the password step. */
  pendingToken: string;
}

export function authenticateTwoFactor({ code, pendingToken }: AuthenticateTwoFactorInput): Promise<AuthResponse> {
  return api.post<AuthResponse>('/2fa/authenticate', { code }, { token: pendingToken });
}

export function useAuthenticateTwoFactor() {
  return useMutation({ mutationFn: authenticateTwoFactor });
}
