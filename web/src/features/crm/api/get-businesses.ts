import { PAGE_SIZE_MAX, type Business, type KeysetPage } from '@vantage/contracts';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { useSignedInUser } from '@/lib/current-user';
import { useKeysetPageQuery } from '@/lib/cursor-trail';
import { queryKeys } from '@/lib/query-keys';

export const BUSINESSES_PAGE_SIZE = 20;
/** The API's largest page: enough to choose a business from when adding a lead. */
export const BUSINESS_CHOICES_PAGE_SIZE = PAGE_SIZE_MAX;

export interface BusinessesPageParams {
  page: number;
  pageSize: number;
  /** The previous page's nextCursor: the API reads this page from its index at any depth. */
  after?: string;
}

/** The current team's businesses, newest first: by page number, or after a cursor when one is known. */
export function getBusinesses({ page, pageSize, after }: BusinessesPageParams, signal?: AbortSignal): Promise<KeysetPage<Business>> {
  return api.get<KeysetPage<Business>>('/businesses', { query: { page, pageSize, ...(after ? { after } : {}) }, signal });
}

export const businessesQueryOptions = (params: BusinessesPageParams) =>
  queryOptions({
    queryKey: queryKeys.businesses.list(params),
    queryFn: ({ signal }) => getBusinesses(params, signal),
    // Keeps the current page on screen while the next one loads, so the table does not jump.
    placeholderData: keepPreviousData,
  });

/** A page of the list; Next and Previous read by cursor (lib/cursor-trail.ts). */
export function useBusinesses({ page, pageSize }: Omit<BusinessesPageParams, 'after'>) {
  const user = useSignedInUser();
  return useKeysetPageQuery(page, user.currentTeam?.id ?? null, (after) => businessesQueryOptions({ page, pageSize, after }));
}
