import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AuditLogEntry, KeysetPage } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAuth, buildTeam, buildUser } from '@/testing/data';
import { mockApi } from '@/testing/mock-api';
import { renderApp } from '@/testing/render';

const PAGE_SIZE = 25;

/** Entry `n` of a log that holds more than the API counts (newest first: entry 1 is the newest). */
const entry = (n: number): AuditLogEntry => ({
  id: `e${n}`,
  action: 'business.created',
  actor: { id: 'user-ada', name: 'Ada Lovelace' },
  actorName: 'Ada Lovelace',
  isImpersonated: false,
  entityType: 'business',
  entityId: `b${n}`,
  createdAt: new Date(Date.UTC(2026, 2, 12, 12) - n * 60_000).toISOString(),
  details: { name: `Business ${n}` },
});

/** Page `page` of that log; each page's nextCursor is the cursor "after-<page>". */
const pageOf = (page: number): KeysetPage<AuditLogEntry> => ({
  items: Array.from({ length: PAGE_SIZE }, (_, i) => entry((page - 1) * PAGE_SIZE + i + 1)),
  total: 1000,
  totalIsCapped: true,
  page,
  pageSize: PAGE_SIZE,
  nextCursor: `after-${page}`,
});

describe('audit log pages by cursor', () => {
  it('reads Next and Previous by cursor, numbers the pages, and says "of 1,000+"', async () => {
    const server = mockApi({
      'POST /auth/refresh': { body: buildAuth(buildUser()) },
      'GET /teams': { body: [buildTeam()] },
      'GET /audit-logs': (request) => {
        const query = new URL(request.path, 'http://x').searchParams;
        const after = query.get('after');
        // The page a cursor leads to is the one after the page that gave it, whatever `page` says.
        const page = after ? Number(after.replace('after-', '')) + 1 : Number(query.get('page'));
        return { body: { ...pageOf(page), page: Number(query.get('page')) } };
      },
    });
    const { router } = renderApp('/audit-log');
    const user = userEvent.setup({ delay: null });
    const reads = () => server.callsTo('GET /audit-logs').map((call) => call.path);
    const firstRowNames = async (name: string) => {
      const table = await screen.findByRole('table', { name: 'Audit log entries' });
      expect(await within(table).findByText(name)).toBeInTheDocument();
    };

    await firstRowNames('Business 1');
    expect(screen.getByText('1–25 of 1,000+ entries')).toBeInTheDocument();
    expect(reads()).toEqual(['/audit-logs?page=1&pageSize=25']);

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await firstRowNames('Business 26');
    expect(reads().at(-1)).toBe('/audit-logs?page=2&pageSize=25&after=after-1');
    expect(router.state.location.search).toBe('?page=2');

    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await firstRowNames('Business 51');
    expect(reads().at(-1)).toBe('/audit-logs?page=3&pageSize=25&after=after-2');
    expect(screen.getByText('51–75 of 1,000+ entries')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Previous page' }));
    await firstRowNames('Business 26');
    expect(screen.getByText('26–50 of 1,000+ entries')).toBeInTheDocument();
    // Page 2 was only ever read after its cursor, never by its number.
    expect(reads().filter((path) => path.includes('page=2'))).toEqual(
      reads().filter((path) => path === '/audit-logs?page=2&pageSize=25&after=after-1'),
    );

    // A page chosen by its number is read by number; the one after it by cursor again.
    await user.click(screen.getByRole('button', { name: 'Page 5' }));
    await firstRowNames('Business 101');
    expect(reads().at(-1)).toBe('/audit-logs?page=5&pageSize=25');
    await user.click(screen.getByRole('button', { name: 'Next page' }));
    await firstRowNames('Business 126');
    expect(reads().at(-1)).toBe('/audit-logs?page=6&pageSize=25&after=after-5');
  });
});
