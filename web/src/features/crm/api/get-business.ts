import type { Business } from '@vantage/contracts';
import { queryOptions, useQueries, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

/** One business of the current team; another team's id answers 404 BUSINESS_NOT_FOUND. */
export function getBusiness(businessId: string, signal?: AbortSignal): Promise<Business> {
  return api.get<Business>(`/businesses/${encodeURIComponent(businessId)}`, { signal });
}

export const businessQueryOptions = (businessId: string) =>
  queryOptions({
    queryKey: queryKeys.businesses.detail(businessId),
    queryFn: ({ signal }) => getBusiness(businessId, signal),
  });

export function useBusiness(businessId: string) {
  return useQuery(businessQueryOptions(businessId));
}

/**
 * Names of the businesses a page of leads refers to (a lead carries only `businessId`). Each
 * business is fetched once and cached, so a page of leads costs at most one request per business.
 */
export function useBusinessNames(businessIds: (string | null)[]): Map<string, string> {
  const uniqueIds = [...new Set(businessIds.filter((id): id is string => id !== null))];
  return useQueries({
    queries: uniqueIds.map((id) => businessQueryOptions(id)),
    combine: (results) => {
      const names = new Map<string, string>();
      results.forEach((result, index) => {
        if (result.data) names.set(uniqueIds[index], result.data.name);
      });
      return names;
    },
  });
}
