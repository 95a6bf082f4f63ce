import type { TeamMemberList } from '@vantage/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** Everyone in the team with their role, when they joined and whether they use two-factor (any member may read it). */
export function getTeamMembers(teamId: string, signal?: AbortSignal): Promise<TeamMemberList> {
  return api.get<TeamMemberList>(`/teams/${encodeURIComponent(teamId)}/members`, { signal });
}

export const teamMembersQueryOptions = (teamId: string) =>
  queryOptions({
    queryKey: queryKeys.team.members(teamId),
    queryFn: ({ signal }) => getTeamMembers(teamId, signal),
  });

export function useTeamMembers(teamId: string) {
  return useQuery(teamMembersQueryOptions(teamId));
}
