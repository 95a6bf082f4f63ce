import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AuthResponse } from '@vantage/contracts';
import { api } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/current-user';

/** "Return to my account": ends the impersonation and answers with the admin's own session, in the team they started from. */
export function cancelImpersonation(): Promise<AuthResponse> {
  return api.post<AuthResponse>('/2fa/cancel-impersonation');
}

export function useCancelImpersonation() {
  const queryClient = useQueryClient();
  const { startSession } = useCurrentUser();
  return useMutation({
    mutationFn: cancelImpersonation,
    onSuccess: (auth) => {
      // What is cached was read as the user: gone, not refetched with the admin's token.
      queryClient.removeQueries();
      startSession(auth);
    },
  });
}
