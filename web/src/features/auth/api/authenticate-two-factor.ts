import type { AuthenticateRequest, AuthResponse } from '@vantage/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

/** `code`: a 6-digit code (email or authenticator app) or a recovery code. */
export interface AuthenticateTwoFactorInput extends AuthenticateRequest {
  /** The limited token from the password step. */
  pendingToken: string;
}

export function authenticateTwoFactor({ pendingToken, ...body }: AuthenticateTwoFactorInput): Promise<AuthResponse> {
  return api.post<AuthResponse>('/2fa/authenticate', body satisfies AuthenticateRequest, { token: pendingToken });
}

export function useAuthenticateTwoFactor() {
  return useMutation({ mutationFn: authenticateTwoFactor });
}
