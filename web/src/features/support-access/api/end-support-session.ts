import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** The person's own stop button: the support session in their account ends at once, everywhere. */
export function endSupportSession(impersonationId: string): Promise<void> {
  return api.post<void>(`/user/impersonations/${encodeURIComponent(impersonationId)}/end`);
}

export function useEndSupportSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: endSupportSession,
    // Ended now, or already over: either way the history has changed.
    onSettled: () => queryClient.invalidateQueries({ queryKey: queryKeys.profile.impersonationHistory }),
  });
}
