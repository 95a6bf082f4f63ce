import { Anchor, EmptyState, Group, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { HistoryIcon } from '@/components/icons';
import { PagedTable } from '@/components/paged-table';
import { SupportBadge } from '@/components/support-badge';
import { TruncatedText } from '@/components/truncated-text';
import { formatDateTime, formatRelativeTime } from '@/lib/format-date';
import { AUDIT_LOG_PAGE_SIZE, useAuditLogs } from '../api/get-audit-logs';
import { describeAuditEntry } from './describe-audit-entry';

interface AuditLogTableProps {
  page: number;
  onPageChange: (page: number) => void;
}

const WORDS = {
  table: 'Audit log entries',
  loading: 'Loading the audit log',
  loadError: 'Could not load the audit log',
  pastTheEnd: 'the audit log',
  items: { one: 'entry', other: 'entries' },
};
const COLUMNS = [{ label: 'When', width: 190 }, { label: 'Who', width: 240 }, { label: 'What' }];

/** What happened in the current team, newest first: when, who (support marked), what. */
export function AuditLogTable({ page, onPageChange }: AuditLogTableProps) {
  const auditQuery = useAuditLogs(page);

  return (
    <PagedTable
      query={auditQuery}
      page={page}
      pageSize={AUDIT_LOG_PAGE_SIZE}
      onPageChange={onPageChange}
      words={WORDS}
      columns={COLUMNS}
      minWidth={760}
      skeletonRows={5}
      empty={
        <EmptyState
          icon={<HistoryIcon size={30} />}
          withIndicatorBackground
          title="Nothing recorded yet"
          description="Changes in this team — new businesses and leads, comments, support access — will be listed here."
        />
      }
      renderRow={(entry) => {
        const described = describeAuditEntry(entry);
        return (
          <Table.Tr key={entry.id} data-action={entry.action}>
            <Table.Td>
              <Text size="sm" component="time" dateTime={entry.createdAt} display="block">
                {formatDateTime(entry.createdAt)}
              </Text>
              <Text size="xs" c="dimmed">
                {formatRelativeTime(entry.createdAt)}
              </Text>
            </Table.Td>
            <Table.Td>
              <Group gap={6} wrap="wrap">
                <TruncatedText text={entry.actorName} maxWidth={210} fw={500} />
                {described.bySupport && <SupportBadge />}
              </Group>
            </Table.Td>
            <Table.Td>
              <Text size="sm" fw={600}>
                {described.action}
              </Text>
              {(described.summary || described.link) && (
                <Group gap="xs" wrap="wrap">
                  {described.summary && (
                    <Text size="sm" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {described.summary}
                    </Text>
                  )}
                  {described.link && (
                    <Anchor component={Link} to={described.link.to} size="sm">
                      {described.link.label}
                    </Anchor>
                  )}
                </Group>
              )}
            </Table.Td>
          </Table.Tr>
        );
      }}
    />
  );
}
