import { Anchor, Button, Card, EmptyState, Group, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { HistoryIcon } from '@/components/icons';
import { ListPagination } from '@/components/list-pagination';
import { LoadError, TableSkeleton } from '@/components/list-states';
import { SupportBadge } from '@/components/support-badge';
import { formatDateTime, formatRelativeTime } from '@/lib/format-date';
import { AUDIT_LOG_PAGE_SIZE, useAuditLogs } from '../api/get-audit-logs';
import { describeAuditEntry } from './describe-audit-entry';

interface AuditLogTableProps {
  page: number;
  onPageChange: (page: number) => void;
}

/** What happened in the current team, newest first: when, who (support marked), what. */
export function AuditLogTable({ page, onPageChange }: AuditLogTableProps) {
  const auditQuery = useAuditLogs(page);

  if (auditQuery.isPending) {
    return <TableSkeleton label="Loading the audit log" rows={5} />;
  }

  if (auditQuery.isError) {
    return <LoadError error={auditQuery.error} title="Could not load the audit log" onRetry={() => void auditQuery.refetch()} />;
  }

  const { items, total } = auditQuery.data;

  if (total === 0) {
    return (
      <Card withBorder radius="md" padding="xl">
        <EmptyState
          icon={<HistoryIcon size={30} />}
          withIndicatorBackground
          title="Nothing recorded yet"
          description="Changes in this team — new businesses and leads, comments, support access — will be listed here."
        />
      </Card>
    );
  }

  if (items.length === 0) {
    return (
      <Stack gap="sm" align="flex-start">
        <Text>There is no page {page} of the audit log.</Text>
        <Button variant="default" size="xs" onClick={() => onPageChange(1)}>
          Go to the first page
        </Button>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Card withBorder radius="md" padding={0}>
        <Table.ScrollContainer minWidth={760}>
          <Table verticalSpacing="sm" horizontalSpacing="lg" aria-label="Audit log entries">
            <Table.Thead>
              <Table.Tr>
                <Table.Th w={190}>When</Table.Th>
                <Table.Th w={240}>Who</Table.Th>
                <Table.Th>What</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody style={{ opacity: auditQuery.isPlaceholderData ? 0.6 : 1 }}>
              {items.map((entry) => {
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
                        <Text size="sm" fw={500} style={{ overflowWrap: 'anywhere' }}>
                          {entry.actorName}
                        </Text>
                        {entry.isImpersonated && <SupportBadge />}
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
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <ListPagination
        page={page}
        pageSize={AUDIT_LOG_PAGE_SIZE}
        total={total}
        onChange={onPageChange}
        itemsLabel="entries"
        disabled={auditQuery.isFetching}
      />
    </Stack>
  );
}
