import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** Signs one of my sessions out (204): its next request is refused. Gone already: 404 SESSION_NOT_FOUND. */
export function endSession(sessionId: string): Promise<void> {
  return api.delete<void>(`/auth/sessions/${encodeURIComponent(sessionId)}`);
}

export function useEndSession() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: endSession,
    // Also after a 404: the list then shows that the session is gone.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.profile.sessions }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all }),
      ]),
  });
}
