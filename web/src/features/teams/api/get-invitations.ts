import type { PendingInvitationList } from '@vantage/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** Invitations sent and not yet accepted, withdrawn or expired. Owners only (403 TEAM_OWNER_REQUIRED otherwise). */
export function getPendingInvitations(teamId: string, signal?: AbortSignal): Promise<PendingInvitationList> {
  return api.get<PendingInvitationList>(`/teams/${encodeURIComponent(teamId)}/invitations`, { signal });
}

export const pendingInvitationsQueryOptions = (teamId: string) =>
  queryOptions({
    queryKey: queryKeys.team.invitations(teamId),
    queryFn: ({ signal }) => getPendingInvitations(teamId, signal),
  });

/** `enabled`: only owners may read the list, and not during an impersonation; others do not ask. */
export function usePendingInvitations(teamId: string, enabled: boolean) {
  return useQuery({ ...pendingInvitationsQueryOptions(teamId), enabled });
}
