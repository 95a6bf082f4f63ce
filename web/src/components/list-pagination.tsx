import { Group, Pagination, Text } from '@mantine/core';
import { countOf, nounFor, type CountedNoun } from '@/lib/plural';

interface ListPaginationProps {
  page: number;
  pageSize: number;
  total: number;
  onChange: (page: number) => void;
  /** What the list holds, for the summary and the navigation's name: business / businesses. */
  items: CountedNoun;
  disabled?: boolean;
}

/**
 * "21–40 of 57 businesses" ("1 business" for a list of one) and page controls; the controls only
 * appear when there is more than one page.
 */
export function ListPagination({ page, pageSize, total, onChange, items, disabled }: ListPaginationProps) {
  if (total === 0) return null;
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const first = Math.min(total, (page - 1) * pageSize + 1);
  const last = Math.min(total, page * pageSize);

  return (
    <Group justify="space-between" gap="sm" wrap="wrap">
      <Text size="sm" c="dimmed" aria-live="polite">
        {total === 1 ? countOf(total, items) : `${first === last ? first : `${first}–${last}`} of ${countOf(total, items)}`}
      </Text>
      {pages > 1 && (
        <nav aria-label={`Pages of ${nounFor(total, items)}`}>
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
