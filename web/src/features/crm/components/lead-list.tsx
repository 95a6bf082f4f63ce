import { Anchor, Button, Card, EmptyState, Stack, Table, Text } from '@mantine/core';
import type { LeadStatus } from '@vantage/contracts';
import { Link } from 'react-router-dom';
import { PlusIcon, TargetIcon } from '@/components/icons';
import { ListPagination } from '@/components/list-pagination';
import { LoadError, TableSkeleton } from '@/components/list-states';
import { paths } from '@/config/paths';
import { formatDate } from '@/lib/format-date';
import { useBusinessNames } from '../api/get-business';
import { LEADS_PAGE_SIZE, useLeads } from '../api/get-leads';
import { LeadStatusBadge, leadStatusLabel } from './lead-status';

interface LeadListProps {
  page: number;
  onPageChange: (page: number) => void;
  status?: LeadStatus;
  onCreate: () => void;
  onClearFilter: () => void;
}

/** The current team's leads, newest first, optionally of one status. */
export function LeadList({ page, onPageChange, status, onCreate, onClearFilter }: LeadListProps) {
  const leadsQuery = useLeads({ page, pageSize: LEADS_PAGE_SIZE, status });
  const businessNames = useBusinessNames(leadsQuery.data?.items.map((lead) => lead.businessId) ?? []);

  if (leadsQuery.isPending) {
    return <TableSkeleton label="Loading leads" rows={4} />;
  }

  if (leadsQuery.isError) {
    return <LoadError error={leadsQuery.error} title="Could not load the leads" onRetry={() => void leadsQuery.refetch()} />;
  }

  const { items, total } = leadsQuery.data;

  if (total === 0) {
    return (
      <Card withBorder radius="md" padding="xl">
        {status ? (
          <EmptyState
            icon={<TargetIcon size={30} />}
            withIndicatorBackground
            title={`No leads are ${leadStatusLabel(status)}`}
            description="Choose another status, or show every lead."
          >
            <EmptyState.Actions>
              <Button variant="default" onClick={onClearFilter}>
                Show all leads
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        ) : (
          <EmptyState
            icon={<TargetIcon size={30} />}
            withIndicatorBackground
            title="No leads yet — add the first one"
            description="A lead is a person or opportunity to follow up, from New to Won or Lost."
          >
            <EmptyState.Actions>
              <Button leftSection={<PlusIcon size={16} />} onClick={onCreate}>
                New lead
              </Button>
            </EmptyState.Actions>
          </EmptyState>
        )}
      </Card>
    );
  }

  if (items.length === 0) {
    return (
      <Stack gap="sm" align="flex-start">
        <Text>There is no page {page} of leads.</Text>
        <Button variant="default" size="xs" onClick={() => onPageChange(1)}>
          Go to the first page
        </Button>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Card withBorder radius="md" padding={0}>
        <Table.ScrollContainer minWidth={640}>
          <Table verticalSpacing="sm" horizontalSpacing="lg" highlightOnHover aria-label="Leads">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Status</Table.Th>
                <Table.Th>Business</Table.Th>
                <Table.Th>Email</Table.Th>
                <Table.Th w={140}>Added</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody style={{ opacity: leadsQuery.isPlaceholderData ? 0.6 : 1 }}>
              {items.map((lead) => (
                <Table.Tr key={lead.id}>
                  <Table.Td>
                    <Anchor component={Link} to={paths.lead(lead.id)} fw={600}>
                      {lead.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <LeadStatusBadge status={lead.status} />
                  </Table.Td>
                  <Table.Td>
                    {lead.businessId ? (
                      <Anchor component={Link} to={paths.business(lead.businessId)} size="sm">
                        {businessNames.get(lead.businessId) ?? 'Open business'}
                      </Anchor>
                    ) : (
                      <Text size="sm" c="dimmed">
                        None
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={lead.email ? undefined : 'dimmed'}>
                      {lead.email ?? 'None'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" component="time" dateTime={lead.createdAt}>
                      {formatDate(lead.createdAt)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Card>
      <ListPagination
        page={page}
        pageSize={LEADS_PAGE_SIZE}
        total={total}
        onChange={onPageChange}
        itemsLabel="leads"
        disabled={leadsQuery.isFetching}
      />
    </Stack>
  );
}
