import type { ChangeMemberRoleRequest, TeamMember, TeamRole } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/current-user';
import { queryKeys } from '@/lib/query-keys';

/** Owners only. Making the last owner a member is refused with 409 LAST_OWNER. */
export function changeMemberRole(teamId: string, userId: string, role: TeamRole): Promise<TeamMember> {
  return api.patch<TeamMember>(`/teams/${encodeURIComponent(teamId)}/members/${encodeURIComponent(userId)}`, {
    role,
  } satisfies ChangeMemberRoleRequest);
}

export function useChangeMemberRole(teamId: string) {
  const queryClient = useQueryClient();
  const { user, reloadUser } = useCurrentUser();
  return useMutation({
    mutationFn: ({ userId, role }: { userId: string; role: TeamRole }) => changeMemberRole(teamId, userId, role),
    onSuccess: (_member, { userId }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.team.members(teamId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all }),
        // My own role is also in the current user and my teams (what the page and the switcher show).
        ...(userId === user?.id
          ? [reloadUser().catch(() => undefined), queryClient.invalidateQueries({ queryKey: queryKeys.teams.mine })]
          : []),
      ]),
  });
}
