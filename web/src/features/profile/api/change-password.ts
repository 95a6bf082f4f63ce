import { useMutation } from '@tanstack/react-query';
import type { ChangePasswordRequest } from '@vantage/contracts';
import { api } from '@/lib/api-client';

/** 204 when done; the account's other sessions are signed out. A wrong current password is 401 WRONG_PASSWORD. */
export function changePassword(input: ChangePasswordRequest): Promise<void> {
  return api.patch<void>('/user/password', input);
}

export function useChangePassword() {
  return useMutation({ mutationFn: changePassword });
}
