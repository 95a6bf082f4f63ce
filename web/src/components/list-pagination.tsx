import { Group, Pagination, Text } from '@mantine/core';
import { pagesToOffer, totalText } from '@/lib/capped-total';
import { countOf, nounFor, type CountedNoun } from '@/lib/plural';

interface ListPaginationProps {
  page: number;
  pageSize: number;
  total: number;
  /** The API stopped counting at `total` (the cap): "1,000+", and Next while pages are full. */
  totalIsCapped?: boolean;
  /** How many items this page holds: past the cap, a full page means another may follow. */
  itemsOnPage: number;
  /** A list read by cursor: whether a page follows, exactly (null: none), past the cap too. */
  nextCursor?: string | null;
  onChange: (page: number) => void;
  /** What the list holds, for the summary and the navigation's name: business / businesses. */
  items: CountedNoun;
  disabled?: boolean;
}

/**
 * "21–40 of 57 businesses" ("1 business" for a list of one; "of 1,000+ businesses" when the count
 * stopped at the cap) and page controls; the controls only appear when there is more than one page.
 */
export function ListPagination({
  page,
  pageSize,
  total,
  totalIsCapped = false,
  itemsOnPage,
  nextCursor,
  onChange,
  items,
  disabled,
}: ListPaginationProps) {
  if (total === 0) return null;
  const pages = pagesToOffer({ items: { length: itemsOnPage }, total, totalIsCapped, page, pageSize, nextCursor });
  // Past the cap the page's own length says where it ends.
  const first = totalIsCapped ? (page - 1) * pageSize + 1 : Math.min(total, (page - 1) * pageSize + 1);
  const last = totalIsCapped ? (page - 1) * pageSize + Math.max(1, itemsOnPage) : Math.min(total, page * pageSize);
  const counted = totalIsCapped ? `${totalText({ total, totalIsCapped })} ${items.other}` : countOf(total, items);

  return (
    <Group justify="space-between" gap="sm" wrap="wrap">
      <Text size="sm" c="dimmed" aria-live="polite">
        {total === 1 && !totalIsCapped ? counted : `${first === last ? first : `${first}–${last}`} of ${counted}`}
      </Text>
      {pages > 1 && (
        <nav aria-label={`Pages of ${totalIsCapped ? items.other : nounFor(total, items)}`}>
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
