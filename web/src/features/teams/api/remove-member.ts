import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/**
 * 204. An owner removes anyone; anyone removes themselves (leaving, see `useLeaveTeam`). The last owner
 * cannot leave or be removed: 409 LAST_OWNER.
 */
export function removeMember(teamId: string, userId: string): Promise<void> {
  return api.delete<void>(`/teams/${encodeURIComponent(teamId)}/members/${encodeURIComponent(userId)}`);
}

export function useRemoveMember(teamId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (userId: string) => removeMember(teamId, userId),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.team.members(teamId) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all }),
      ]),
  });
}
