import { EmptyState, Table, Text } from '@mantine/core';
import { BuildingIcon, PlusIcon } from '@/components/icons';
import { PagedTable } from '@/components/paged-table';
import { RestrictedButton } from '@/components/restricted-button';
import { TruncatedText } from '@/components/truncated-text';
import { paths } from '@/config/paths';
import { formatDate } from '@/lib/format-date';
import { useRestriction } from '@/lib/restrictions';
import { BUSINESSES_PAGE_SIZE, useBusinesses } from '../api/get-businesses';

interface BusinessListProps {
  page: number;
  onPageChange: (page: number) => void;
  onCreate: () => void;
}

const WORDS = {
  table: 'Businesses',
  loading: 'Loading businesses',
  loadError: 'Could not load the businesses',
  pastTheEnd: 'businesses',
  items: { one: 'business', other: 'businesses' },
};
const COLUMNS = [{ label: 'Name' }, { label: 'Description' }, { label: 'Added', width: 140 }];

/** The current team's businesses, newest first, a page at a time. */
export function BusinessList({ page, onPageChange, onCreate }: BusinessListProps) {
  const businessesQuery = useBusinesses({ page, pageSize: BUSINESSES_PAGE_SIZE });
  const changeDataRestriction = useRestriction('change_data');

  return (
    <PagedTable
      query={businessesQuery}
      page={page}
      pageSize={BUSINESSES_PAGE_SIZE}
      onPageChange={onPageChange}
      words={WORDS}
      columns={COLUMNS}
      minWidth={560}
      highlightOnHover
      empty={
        <EmptyState
          icon={<BuildingIcon size={30} />}
          withIndicatorBackground
          title="No businesses yet — create the first one"
          description="Add the companies your team works with, then track their leads and the conversation around each."
        >
          <EmptyState.Actions>
            <RestrictedButton restriction={changeDataRestriction} leftSection={<PlusIcon size={16} />} onClick={onCreate}>
              New business
            </RestrictedButton>
          </EmptyState.Actions>
        </EmptyState>
      }
      renderRow={(business) => (
        <Table.Tr key={business.id}>
          <Table.Td>
            <TruncatedText text={business.name} to={paths.business(business.id)} maxWidth={260} fw={600} />
          </Table.Td>
          <Table.Td>
            <Text size="sm" c={business.description ? undefined : 'dimmed'} lineClamp={2} maw={520} style={{ overflowWrap: 'anywhere' }}>
              {business.description || 'No description'}
            </Text>
          </Table.Td>
          <Table.Td>
            <Text size="sm" component="time" style={{ whiteSpace: 'nowrap' }} dateTime={business.createdAt}>
              {formatDate(business.createdAt)}
            </Text>
          </Table.Td>
        </Table.Tr>
      )}
    />
  );
}
