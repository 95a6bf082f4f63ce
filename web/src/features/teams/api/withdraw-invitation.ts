import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** 204; the emailed link stops working at once. */
export function withdrawInvitation(teamId: string, invitationId: string): Promise<void> {
  return api.delete<void>(`/teams/${encodeURIComponent(teamId)}/invitations/${encodeURIComponent(invitationId)}`);
}

export function useWithdrawInvitation(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (invitationId: string) => withdrawInvitation(teamId, invitationId),
    // Also on failure: an invitation that is already gone (accepted meanwhile) leaves the list.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.team.invitations(teamId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all }),
      ]),
  });
}
