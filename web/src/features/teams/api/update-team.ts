import type { TeamSettings, UpdateTeamRequest } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/current-user';
import { queryKeys } from '@/lib/query-keys';

/** Owners only: renames the team or changes who from support may enter it. */
export function updateTeam(teamId: string, input: UpdateTeamRequest): Promise<TeamSettings> {
  return api.patch<TeamSettings>(`/teams/${encodeURIComponent(teamId)}`, input);
}

export function useUpdateTeam(teamId: string) {
  const queryClient = useQueryClient();
  const { reloadUser } = useCurrentUser();
  return useMutation({
    mutationFn: (input: UpdateTeamRequest) => updateTeam(teamId, input),
    onSuccess: (saved) => {
      queryClient.setQueryData(queryKeys.team.settings(teamId), saved);
      // The header, the switcher and the page titles show the name from the current user and my teams;
      // a stricter support access ends support sessions, which the live banner and the history show.
      return Promise.all([
        reloadUser().catch(() => undefined),
        queryClient.invalidateQueries({ queryKey: queryKeys.teams.mine }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.profile.impersonationHistory }),
      ]);
    },
  });
}
