import type { AuthResponse } from '@vantage/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export interface LoginInput {
  email: string;
  password: string;
}

/** With 2FA on, `twoFactorRequired` is true and the token only opens the 2FA endpoints. */
export type LoginResponse = AuthResponse & { twoFactorRequired: boolean };

export function login(input: LoginInput): Promise<LoginResponse> {
  return api.post<LoginResponse>('/auth/login', input);
}

export function useLogin() {
  return useMutation({ mutationFn: login });
}
