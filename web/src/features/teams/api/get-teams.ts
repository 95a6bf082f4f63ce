import type { TeamSummary } from '@vantage/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export function getTeams(signal?: AbortSignal): Promise<TeamSummary[]> {
  return api.get<TeamSummary[]>('/teams', { signal });
}

/** The signed-in person's teams, with their role in each. */
export const teamsQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.teams.mine,
    queryFn: ({ signal }) => getTeams(signal),
  });

export function useTeams() {
  return useQuery(teamsQueryOptions());
}
