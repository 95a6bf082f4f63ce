import type { AuthResponse } from '@vantage/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export interface RegisterInput {
  email: string;
  password: string;
  firstName: string;
  lastName: string;
  /** The new account's first team; the person becomes its owner. */
  teamName: string;
}

export function register(input: RegisterInput): Promise<AuthResponse> {
  return api.post<AuthResponse>('/auth/register', input);
}

export function useRegister() {
  return useMutation({ mutationFn: register });
}
