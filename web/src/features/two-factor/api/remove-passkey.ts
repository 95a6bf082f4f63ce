import type { RemovePasskeyRequest } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export interface RemovePasskeyInput {
  passkeyId: string;
  /** The account password (401 WRONG_PASSWORD otherwise, which is not a sign-out). */
  password: string;
}

export function removePasskey({ passkeyId, password }: RemovePasskeyInput): Promise<void> {
  return api.delete<void>(`/user/passkeys/${encodeURIComponent(passkeyId)}`, { password } satisfies RemovePasskeyRequest);
}

export function useRemovePasskey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: removePasskey,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.profile.passkeys, exact: true }),
        queryClient.invalidateQueries({ queryKey: queryKeys.profile.twoFactorStatus }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all }),
      ]),
  });
}
