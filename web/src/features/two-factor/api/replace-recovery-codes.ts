import type { NewRecoveryCodesRequest, RecoveryCodes } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/**
 * Ten new recovery codes, after the account password (401 WRONG_PASSWORD otherwise); every earlier code
 * stops working and the person is emailed. The answer is the only time the codes are shown.
 */
export function replaceRecoveryCodes(password: string): Promise<RecoveryCodes> {
  return api.post<RecoveryCodes>('/user/two-factor/recovery-codes', { password } satisfies NewRecoveryCodesRequest);
}

export function useReplaceRecoveryCodes() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: replaceRecoveryCodes,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.profile.twoFactorStatus }),
      ]),
  });
}
