import type { Lead } from '@vantage/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** One lead of the current team; another team's id answers 404 LEAD_NOT_FOUND. */
export function getLead(leadId: string, signal?: AbortSignal): Promise<Lead> {
  return api.get<Lead>(`/leads/${encodeURIComponent(leadId)}`, { signal });
}

export const leadQueryOptions = (leadId: string) =>
  queryOptions({
    queryKey: queryKeys.leads.detail(leadId),
    queryFn: ({ signal }) => getLead(leadId, signal),
  });

export function useLead(leadId: string) {
  return useQuery(leadQueryOptions(leadId));
}
