import type { Invitation, InviteMemberRequest } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/**
 * Emails `email` a link to join the team as `role`, valid for INVITATION_DAYS. Inviting the same
 * address again replaces the pending invitation (its old link stops working). A member already: 409 ALREADY_MEMBER.
 */
export function inviteMember(teamId: string, input: InviteMemberRequest): Promise<Invitation> {
  return api.post<Invitation>(`/teams/${encodeURIComponent(teamId)}/invitations`, input);
}

export function useInviteMember(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: InviteMemberRequest) => inviteMember(teamId, input),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.team.invitations(teamId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all }),
      ]),
  });
}
