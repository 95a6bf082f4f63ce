import type { Lead, LeadStatus, CappedPage } from '@vantage/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export const LEADS_PAGE_SIZE = 20;

export interface LeadsListParams {
  page: number;
  pageSize: number;
  /** Only the leads of this business. */
  businessId?: string;
  status?: LeadStatus;
}

/** The current team's leads, newest first, optionally for one business and/or one status. */
export function getLeads({ page, pageSize, businessId, status }: LeadsListParams, signal?: AbortSignal): Promise<CappedPage<Lead>> {
  return api.get<CappedPage<Lead>>('/leads', { query: { page, pageSize, businessId, status }, signal });
}

export const leadsQueryOptions = (params: LeadsListParams) =>
  queryOptions({
    queryKey: queryKeys.leads.list(params),
    queryFn: ({ signal }) => getLeads(params, signal),
    placeholderData: keepPreviousData,
  });

export function useLeads(params: LeadsListParams) {
  return useQuery(leadsQueryOptions(params));
}
