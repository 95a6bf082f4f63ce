import type { CreateTeamRequest, TeamSummary } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { teamsQueryOptions } from './get-teams';

/** Creates a team owned by the signed-in person; it does not switch to it. */
export function createTeam(input: CreateTeamRequest): Promise<TeamSummary> {
  return api.post<TeamSummary>('/teams', input);
}

export function useCreateTeam() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createTeam,
    onSuccess: (team) => {
      const { queryKey } = teamsQueryOptions();
      // Show it in the switcher at once; the refetch confirms the server's list.
      queryClient.setQueryData(queryKey, (teams) => (teams ? [...teams.filter((t) => t.id !== team.id), team] : teams));
      return queryClient.invalidateQueries({ queryKey });
    },
  });
}
