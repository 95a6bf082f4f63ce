import type { AuditLogEntry, CappedPage } from '@vantage/contracts';
import { keepPreviousData, queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { queryKeys } from '@/lib/query-keys';

export const AUDIT_LOG_PAGE_SIZE = 25;

/** The current team's audit log, newest first. */
export function getAuditLogs(page: number, signal?: AbortSignal): Promise<CappedPage<AuditLogEntry>> {
  return api.get<CappedPage<AuditLogEntry>>('/audit-logs', { query: { page, pageSize: AUDIT_LOG_PAGE_SIZE }, signal });
}

export const auditLogsQueryOptions = (page: number) =>
  queryOptions({
    queryKey: queryKeys.auditLogs.page(page),
    queryFn: ({ signal }) => getAuditLogs(page, signal),
    placeholderData: keepPreviousData,
  });

export function useAuditLogs(page: number) {
  return useQuery(auditLogsQueryOptions(page));
}
