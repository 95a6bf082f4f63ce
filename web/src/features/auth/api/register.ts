import type { AuthResponse, RegisterRequest } from '@vantage/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

/** Creates the account and its first team (`teamName`), which the person owns. */
export function register(input: RegisterRequest): Promise<AuthResponse> {
  return api.post<AuthResponse>('/auth/register', input);
}

export function useRegister() {
  return useMutation({ mutationFn: register });
}
