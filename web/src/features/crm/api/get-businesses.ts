import { PAGE_SIZE_MAX, type Business, type CappedPage } from '@vantage/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export const BUSINESSES_PAGE_SIZE = 20;
/** The API's largest page: enough to choose a business from when adding a lead. */
export const BUSINESS_CHOICES_PAGE_SIZE = PAGE_SIZE_MAX;

export interface BusinessesPageParams {
  page: number;
  pageSize: number;
}

/** The current team's businesses, newest first. */
export function getBusinesses({ page, pageSize }: BusinessesPageParams, signal?: AbortSignal): Promise<CappedPage<Business>> {
  return api.get<CappedPage<Business>>('/businesses', { query: { page, pageSize }, signal });
}

export const businessesQueryOptions = (params: BusinessesPageParams) =>
  queryOptions({
    queryKey: queryKeys.businesses.list(params),
    queryFn: ({ signal }) => getBusinesses(params, signal),
    // Keeps the current page on screen while the next one loads, so the table does not jump.
    placeholderData: keepPreviousData,
  });

export function useBusinesses(params: BusinessesPageParams) {
  return useQuery(businessesQueryOptions(params));
}
