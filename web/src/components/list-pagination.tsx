import { Group, Pagination, Text } from '@mantine/core';

interface ListPaginationProps {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number) => void;
  /** What the list holds, for the summary and the navigation's name: "businesses", "entries". */
  itemsLabel: string;
  disabled?: boolean;
}

/** "21–40 of 57 businesses" and page controls; the controls only appear when there is more than one page. */
export function ListPagination({ page, pageSize, total, onChange, itemsLabel, disabled }: ListPaginationProps) {
  if (total === 0) return null;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = Math.min(total, (page - 1) * pageSize + 1);
  const last = Math.min(total, page * pageSize);

  return (
    <Group justify="space-between" gap="sm" wrap="wrap">
      <Text size="sm" c="dimmed" aria-live="polite">
        {first}–{last} of {total} {itemsLabel}
      </Text>
      {pages > 1 && (
        <nav aria-label={`Pages of ${itemsLabel}`}>
          <Pagination
            total={pages}
            value={Math.min(page, pages)}
            onChange={onChange}
            disabled={disabled}
            size="sm"
            getItemProps={(item) => ({ 'aria-label': `Page ${item}` })}
            getControlProps={(control) => ({
              'aria-label': control === 'previous' ? 'Previous page' : control === 'next' ? 'Next page' : `${control} page`,
            })}
          />
        </nav>
      )}
    </Group>
  );
}
