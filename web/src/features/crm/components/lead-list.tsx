import { Button, EmptyState, Table, Text } from '@mantine/core';
import type { LeadStatus } from '@vantage/contracts';
import { PlusIcon, TargetIcon } from '@/components/icons';
import { PagedTable } from '@/components/paged-table';
import { RestrictedButton } from '@/components/restricted-button';
import { TruncatedText } from '@/components/truncated-text';
import { paths } from '@/config/paths';
import { formatDate } from '@/lib/format-date';
import { useRestriction } from '@/lib/restrictions';
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

const WORDS = {
  table: 'Leads',
  loading: 'Loading leads',
  loadError: 'Could not load the leads',
  pastTheEnd: 'leads',
  items: { one: 'lead', other: 'leads' },
};
const COLUMNS = [{ label: 'Name' }, { label: 'Status' }, { label: 'Business' }, { label: 'Email' }, { label: 'Added', width: 140 }];

/** The current team's leads, newest first, optionally of one status. */
export function LeadList({ page, onPageChange, status, onCreate, onClearFilter }: LeadListProps) {
  const leadsQuery = useLeads({ page, pageSize: LEADS_PAGE_SIZE, status });
  const changeDataRestriction = useRestriction('change_data');
  const businessNames = useBusinessNames(leadsQuery.data?.items.map((lead) => lead.businessId) ?? []);

  const empty = status ? (
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
        <RestrictedButton restriction={changeDataRestriction} leftSection={<PlusIcon size={16} />} onClick={onCreate}>
          New lead
        </RestrictedButton>
      </EmptyState.Actions>
    </EmptyState>
  );

  return (
    <PagedTable
      query={leadsQuery}
      page={page}
      pageSize={LEADS_PAGE_SIZE}
      onPageChange={onPageChange}
      words={WORDS}
      columns={COLUMNS}
      minWidth={640}
      highlightOnHover
      empty={empty}
      renderRow={(lead) => (
        <Table.Tr key={lead.id}>
          <Table.Td>
            <TruncatedText text={lead.name} to={paths.lead(lead.id)} maxWidth={260} fw={600} />
          </Table.Td>
          <Table.Td>
            <LeadStatusBadge status={lead.status} />
          </Table.Td>
          <Table.Td>
            {lead.businessId ? (
              <TruncatedText
                text={businessNames.get(lead.businessId) ?? 'Open business'}
                to={paths.business(lead.businessId)}
                maxWidth={220}
              />
            ) : (
              <Text size="sm" c="dimmed">
                None
              </Text>
            )}
          </Table.Td>
          <Table.Td>
            <TruncatedText text={lead.email ?? 'None'} maxWidth={240} c={lead.email ? undefined : 'dimmed'} />
          </Table.Td>
          <Table.Td>
            <Text size="sm" component="time" style={{ whiteSpace: 'nowrap' }} dateTime={lead.createdAt}>
              {formatDate(lead.createdAt)}
            </Text>
          </Table.Td>
        </Table.Tr>
      )}
    />
  );
}
