import type { AuthResponse, LoginRequest } from '@vantage/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

/** With 2FA on, `twoFactorRequired` is true and the token only opens the 2FA endpoints. */
export type LoginResponse = AuthResponse & { twoFactorRequired: boolean };

export function login(input: LoginRequest): Promise<LoginResponse> {
  return api.post<LoginResponse>('/auth/login', input);
}

export function useLogin() {
  return useMutation({ mutationFn: login });
}
