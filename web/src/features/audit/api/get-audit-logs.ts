import type { AuditLogEntry, KeysetPage } from '@vantage/contracts';
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { useSignedInUser } from '@/lib/current-user';
import { useKeysetPageQuery } from '@/lib/cursor-trail';
import { queryKeys } from '@/lib/query-keys';

export const AUDIT_LOG_PAGE_SIZE = 25;

/**
 * The current team's audit log, newest first: page `page`, read after `after` (the previous page's
 * nextCursor) when it is known — the API then reads from its index at any depth — else by number.
 */
export function getAuditLogs(page: number, after: string | undefined, signal?: AbortSignal): Promise<KeysetPage<AuditLogEntry>> {
  return api.get<KeysetPage<AuditLogEntry>>('/audit-logs', {
    query: { page, pageSize: AUDIT_LOG_PAGE_SIZE, ...(after ? { after } : {}) },
    signal,
  });
}

export const auditLogsQueryOptions = (page: number, after?: string) =>
  queryOptions({
    queryKey: queryKeys.auditLogs.page(page, after),
    queryFn: ({ signal }) => getAuditLogs(page, after, signal),
    placeholderData: keepPreviousData,
  });

export function useAuditLogs(page: number) {
  const user = useSignedInUser();
  return useKeysetPageQuery(page, user.currentTeam?.id ?? null, (after) => auditLogsQueryOptions(page, after));
}
