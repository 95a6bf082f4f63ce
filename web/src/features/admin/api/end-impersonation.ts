import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { activeImpersonationsQueryOptions } from './get-active-impersonations';

/** Super admins only: the session's token is refused from its next request on (401 IMPERSONATION_ENDED). */
export function endImpersonation(impersonationId: string): Promise<void> {
  return api.post<void>(`/admin/impersonations/${encodeURIComponent(impersonationId)}/end`);
}

export function useEndImpersonation() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: endImpersonation,
    // Refetch whether it worked or not: a refusal such as "already ended" also means the list is out of date.
    onSettled: () => queryClient.invalidateQueries({ queryKey: activeImpersonationsQueryOptions().queryKey }),
  });
}
