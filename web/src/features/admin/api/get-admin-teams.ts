import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import type { AdminTeamsPage } from '@vantage/contracts';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export interface AdminTeamsParams {
  /** Part of a team name, owner name or owner email; empty for every team. */
  search: string;
  /** From 1. */
  page: number;
  pageSize: number;
}

export const TEAMS_LIST_PAGE_SIZE = 20;

export function getAdminTeams(params: AdminTeamsParams, signal?: AbortSignal): Promise<AdminTeamsPage> {
  return api.get<AdminTeamsPage>('/admin/teams', {
    query: { search: params.search, page: params.page, pageSize: params.pageSize },
    signal,
  });
}

export const adminTeamsQueryOptions = (params: AdminTeamsParams) =>
  queryOptions({
    queryKey: queryKeys.admin.teams.list(params),
    queryFn: ({ signal }) => getAdminTeams(params, signal),
    // Paging and typing a search keep the previous rows on screen until the next page arrives.
    placeholderData: keepPreviousData,
  });

/**
 * Admins only: every team with its owner and member count. Each row's `impersonationBlockedReason`
 * is the error code the impersonate endpoint would refuse with (or null): the server applies the
 * SPEC §4 rules, so the UI never re-derives them.
 */
export function useAdminTeams(params: AdminTeamsParams) {
  return useQuery(adminTeamsQueryOptions(params));
}
