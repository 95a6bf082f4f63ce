import type { CreateLeadRequest, Lead } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';
import { leadQueryOptions } from './get-lead';

/** Adds a lead (status "new") to the current team; `businessId` must be one of the team's businesses. */
export function createLead(input: CreateLeadRequest): Promise<Lead> {
  return api.post<Lead>('/leads', input);
}

export function useCreateLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createLead,
    onSuccess: (lead) => {
      queryClient.setQueryData(leadQueryOptions(lead.id).queryKey, lead);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.leads.lists }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all }),
      ]);
    },
  });
}
