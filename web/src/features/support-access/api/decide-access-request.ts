import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { AccessRequest, AccessRequestList, ApproveAccessRequest } from '@vantage/contracts';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** What the person does with a request: approve (optionally for less time), deny, or withdraw an approval. */
export type AccessRequestDecision = { kind: 'approve'; durationMinutes?: number } | { kind: 'deny' } | { kind: 'revoke' };

export function decideAccessRequest(requestId: string, decision: AccessRequestDecision): Promise<AccessRequest> {
  const path = `/access-requests/${encodeURIComponent(requestId)}/${decision.kind}`;
  if (decision.kind === 'approve') {
    const body: ApproveAccessRequest = decision.durationMinutes === undefined ? {} : { durationMinutes: decision.durationMinutes };
    return api.post<AccessRequest>(path, body);
  }
  return api.post<AccessRequest>(path);
}

export function useDecideAccessRequest(requestId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (decision: AccessRequestDecision) => decideAccessRequest(requestId, decision),
    onSuccess: (decided) => {
      // The answer is the request as it now stands: shown at once, then the list (and the count) read again.
      queryClient.setQueryData<AccessRequestList>(queryKeys.accessRequests, (list) =>
        list ? { items: list.items.map((request) => (request.id === decided.id ? decided : request)) } : list,
      );
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.accessRequests }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all }),
        // A revocation ends the support session running under it.
        queryClient.invalidateQueries({ queryKey: queryKeys.profile.impersonationHistory }),
      ]);
    },
    // Refused because it changed meanwhile (answered by another owner, run out): show what it is now.
    onError: () => queryClient.invalidateQueries({ queryKey: queryKeys.accessRequests }),
  });
}
