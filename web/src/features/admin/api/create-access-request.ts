import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AccessRequest, CreateAccessRequest } from '@vantage/contracts';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/**
 * Asks a team's owner (and the team's other owners) for support access: they are emailed a link and
 * approve it for a window of time, read-only or read and write. Answers the request, `pending`.
 */
export function createAccessRequest(input: CreateAccessRequest): Promise<AccessRequest> {
  return api.post<AccessRequest>('/admin/access-requests', input);
}

export function useCreateAccessRequest() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createAccessRequest,
    // The row now waits for approval, and the request joins my list; a refusal also means the row is out of date.
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.admin.teams.all }),
        queryClient.invalidateQueries({ queryKey: queryKeys.admin.myAccessRequests }),
      ]),
  });
}
