import type { AssistedTwoFactorResetRequest, TwoFactorStatus } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/**
 * Super admins: turns off the two-factor authentication of someone who lost every factor, confirmed by a
 * fresh code of the super admin's own (as for impersonating) and with a reason the person is emailed.
 * Their factors and recovery codes go and every session of theirs ends. Oneself or a super admin: 403 FORBIDDEN.
 */
export function resetTwoFactor(userId: string, input: AssistedTwoFactorResetRequest): Promise<TwoFactorStatus> {
  return api.post<TwoFactorStatus>(`/admin/users/${encodeURIComponent(userId)}/two-factor/reset`, input);
}

export function useResetTwoFactor() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ userId, ...input }: AssistedTwoFactorResetRequest & { userId: string }) => resetTwoFactor(userId, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all }),
  });
}
