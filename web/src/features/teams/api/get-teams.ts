import type { TeamSummary } from '@vantage/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';

export function getTeams(signal?: AbortSignal): Promise<TeamSummary[]> {
  return api.get<TeamSummary[]>('/teams', { signal });
}

/** The signed-in person's teams, with their role in each. */
export const teamsQueryOptions = () =>
  queryOptions({
    queryKey: ['teams'],
    queryFn: ({ signal }) => getTeams(signal),
  });

export function useTeams() {
  return useQuery(teamsQueryOptions());
}
