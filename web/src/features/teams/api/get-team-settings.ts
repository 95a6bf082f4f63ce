import type { TeamSettings } from '@vantage/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** The team's settings, among them who from support may enter it (any member may read them). */
export function getTeamSettings(teamId: string, signal?: AbortSignal): Promise<TeamSettings> {
  return api.get<TeamSettings>(`/teams/${encodeURIComponent(teamId)}`, { signal });
}

export const teamSettingsQueryOptions = (teamId: string) =>
  queryOptions({
    queryKey: queryKeys.team.settings(teamId),
    queryFn: ({ signal }) => getTeamSettings(teamId, signal),
  });

export function useTeamSettings(teamId: string) {
  return useQuery(teamSettingsQueryOptions(teamId));
}
