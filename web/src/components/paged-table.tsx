import { Button, Card, Stack, Text } from '@mantine/core';
import type { UseQueryResult } from '@tanstack/react-query';
import type { CappedPage } from '@vantage/contracts';
import type { ReactNode } from 'react';
import type { CountedNoun } from '@/lib/plural';
import { ListPagination } from './list-pagination';
import { LoadError, TableSkeleton } from './list-states';
import { TableCard, type TableColumn } from './table-card';

/** How a list names itself, in the words each of its states uses. */
export interface PagedTableWords {
  /** The table's accessible name: "Businesses". */
  table: string;
  /** "Loading businesses". */
  loading: string;
  /** "Could not load the businesses". */
  loadError: string;
  /** Completes "There is no page 3 of …": "businesses", "the audit log". */
  pastTheEnd: string;
  /** Completes "21–40 of 57 …" and "1 …": business / businesses. */
  items: CountedNoun;
}

interface PagedTableProps<T> {
  /** A list read by cursor also answers nextCursor, which says exactly whether a page follows. */
  query: UseQueryResult<CappedPage<T> & { nextCursor?: string | null }>;
  page: number;
  pageSize: number;
  onPageChange: (page: number) => void;
  words: PagedTableWords;
  columns: TableColumn[];
  /** One `<Table.Tr>` per item. */
  renderRow: (item: T) => ReactNode;
  /** Shown in a card when the list has nothing at all (usually an EmptyState with the next step). */
  empty: ReactNode;
  minWidth: number;
  highlightOnHover?: boolean;
  skeletonRows?: number;
}

/**
 * A server-paged list as a table, in every state it can be in: loading, failed (with "Try again"),
 * empty, a page past the end (an old link, or the last item of the last page went away), and the
 * rows with their pager — dimmed while the next page loads over the previous one.
 */
export function PagedTable<T>({
  query,
  page,
  pageSize,
  onPageChange,
  words,
  columns,
  renderRow,
  empty,
  minWidth,
  highlightOnHover = false,
  skeletonRows = 4,
}: PagedTableProps<T>) {
  if (query.isPending) return <TableSkeleton label={words.loading} rows={skeletonRows} />;
  if (query.isError) return <LoadError error={query.error} title={words.loadError} onRetry={() => void query.refetch()} />;

  const { items, total, totalIsCapped, nextCursor } = query.data;

  if (total === 0) {
    return (
      <Card withBorder radius="md" padding="xl">
        {empty}
      </Card>
    );
  }

  if (items.length === 0) {
    return (
      <Stack gap="sm" align="flex-start">
        <Text>{`There is no page ${page} of ${words.pastTheEnd}.`}</Text>
        <Button variant="default" size="xs" onClick={() => onPageChange(1)}>
          Go to the first page
        </Button>
      </Stack>
    );
  }

  return (
    <Stack gap="md">
      <TableCard
        label={words.table}
        columns={columns}
        minWidth={minWidth}
        highlightOnHover={highlightOnHover}
        dimmed={query.isPlaceholderData}
      >
        {items.map(renderRow)}
      </TableCard>
      <ListPagination
        page={page}
        pageSize={pageSize}
        total={total}
        totalIsCapped={totalIsCapped}
        itemsOnPage={items.length}
        nextCursor={nextCursor}
        onChange={onPageChange}
        items={words.items}
        disabled={query.isFetching}
      />
    </Stack>
  );
}
