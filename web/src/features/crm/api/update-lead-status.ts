import type { Lead, UpdateLeadStatusRequest } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { leadQueryOptions } from './get-lead';

export interface UpdateLeadStatusInput extends UpdateLeadStatusRequest {
  leadId: string;
}

/** Moves a lead along (new → contacted → qualified → won or lost); audited with from and to. */
export function updateLeadStatus({ leadId, ...body }: UpdateLeadStatusInput): Promise<Lead> {
  return api.patch<Lead>(`/leads/${encodeURIComponent(leadId)}`, body satisfies UpdateLeadStatusRequest);
}

export function useUpdateLeadStatus() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: updateLeadStatus,
    onSuccess: (lead) => {
      queryClient.setQueryData(leadQueryOptions(lead.id).queryKey, lead);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.leads.lists }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all }),
      ]);
    },
  });
}
