import { Anchor, Button, Card, EmptyState, Stack, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import { BuildingIcon, PlusIcon } from '@/components/icons';
import { ListPagination } from '@/components/list-pagination';
import { LoadError, TableSkeleton } from '@/components/list-states';
import { paths } from '@/config/paths';
import { formatDate } from '@/lib/format-date';
import { BUSINESSES_PAGE_SIZE, useBusinesses } from '../api/get-businesses';

interface BusinessListProps {
  page: number;
  onPageChange: (page: number) => void;
  onCreate: () => void;
}

/** The current team's businesses, newest first, a page at a time. */
export function BusinessList({ page, onPageChange, onCreate }: BusinessListProps) {
  const businessesQuery = useBusinesses({ page, pageSize: BUSINESSES_PAGE_SIZE });

  if (businessesQuery.isPending) {
    return <TableSkeleton label="Loading businesses" rows={4} />;
  }

  if (businessesQuery.isError) {
    return <LoadError error={businessesQuery.error} title="Could not load the businesses" onRetry={() => void businessesQuery.refetch()} />;
  }

  const { items, total } = businessesQuery.data;

  if (total === 0) {
    return (
      <Card withBorder radius="md" padding="xl">
        <EmptyState
          icon={<BuildingIcon size={30} />}
          withIndicatorBackground
          title="No businesses yet — create the first one"
          description="Add the companies your team works with, then track their leads and the conversation around each."
        >
          <EmptyState.Actions>
            <Button leftSection={<PlusIcon size={16} />} onClick={onCreate}>
              New business
            </Button>
          </EmptyState.Actions>
        </EmptyState>
      </Card>
    );
  }

  if (items.length === 0) {
    // A page past the end (an old link, or the last item of the last page went away).
    return (
      <Stack gap="sm" align="flex-start">
        <Text>There is no page {page} of businesses.</Text>
        <Button variant="default" size="xs" onClick={() => onPageChange(1)}>
          Go to the first page
        </Button>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <Card withBorder radius="md" padding={0}>
        <Table.ScrollContainer minWidth={560}>
          <Table verticalSpacing="sm" horizontalSpacing="lg" highlightOnHover aria-label="Businesses">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Description</Table.Th>
                <Table.Th w={140}>Added</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody style={{ opacity: businessesQuery.isPlaceholderData ? 0.6 : 1 }}>
              {items.map((business) => (
                <Table.Tr key={business.id}>
                  <Table.Td>
                    <Anchor component={Link} to={paths.business(business.id)} fw={600}>
                      {business.name}
                    </Anchor>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={business.description ? undefined : 'dimmed'} lineClamp={2} maw={520}>
                      {business.description || 'No description'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" component="time" dateTime={business.createdAt}>
                      {formatDate(business.createdAt)}
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
        pageSize={BUSINESSES_PAGE_SIZE}
        total={total}
        onChange={onPageChange}
        itemsLabel="businesses"
        disabled={businessesQuery.isFetching}
      />
    </Stack>
  );
}
