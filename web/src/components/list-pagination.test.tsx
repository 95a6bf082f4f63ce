import { MantineProvider } from '@mantine/core';
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useState } from 'react';
import { describe, expect, it } from 'vitest';
import { ListPagination } from './list-pagination';

const BUSINESSES = { one: 'business', other: 'businesses' };

/** A list whose API stopped counting at 1,000 and holds `holds` items: the pager moves through real pages. */
function CappedList({ start, holds }: { start: number; holds: number }) {
  const [page, setPage] = useState(start);
  const itemsOnPage = Math.max(0, Math.min(20, holds - (page - 1) * 20));
  return (
    <MantineProvider env="test">
      <ListPagination
        page={page}
        pageSize={20}
        total={1000}
        totalIsCapped
        itemsOnPage={itemsOnPage}
        onChange={setPage}
        items={BUSINESSES}
      />
    </MantineProvider>
  );
}

describe('list pagination', () => {
  it('says "of 1,000+" when the total is capped', () => {
    render(<CappedList start={1} holds={5000} />);
    expect(screen.getByText('1–20 of 1,000+ businesses')).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Pages of businesses' })).toBeInTheDocument();
  });

  it('keeps Next working past the cap while pages are full, and stops at the short last page', async () => {
    render(<CappedList start={50} holds={1027} />);
    const user = userEvent.setup({ delay: null });
    expect(screen.getByText('981–1000 of 1,000+ businesses')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(screen.getByText('1001–1020 of 1,000+ businesses')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    expect(screen.getByText('1021–1027 of 1,000+ businesses')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
  });

  it('counts exactly below the cap: no "+", no page past the last', () => {
    render(
      <MantineProvider env="test">
        <ListPagination page={3} pageSize={20} total={57} itemsOnPage={17} onChange={() => {}} items={BUSINESSES} />
      </MantineProvider>,
    );
    expect(screen.getByText('41–57 of 57 businesses')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Next page' })).toBeDisabled();
  });
});
