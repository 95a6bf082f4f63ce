import type { Lead } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { leadQueryOptions } from './get-lead';

export interface CreateLeadInput {
  name: string;
  email?: string;
  /** A business of the current team. */
  businessId?: string;
}

/** Adds a lead (status "new") to the current team. */
export function createLead(input: CreateLeadInput): Promise<Lead> {
  return api.post<Lead>('/leads', input);
}

export function useCreateLead() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: createLead,
    onSuccess: (lead) => {
      queryClient.setQueryData(leadQueryOptions(lead.id).queryKey, lead);
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: ['leads', 'list'] }),
        queryClient.invalidateQueries({ queryKey: ['audit-logs'] }),
      ]);
    },
  });
}
