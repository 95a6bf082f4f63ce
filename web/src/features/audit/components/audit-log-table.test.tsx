import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { AuditLogEntry } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAuth, buildPage, buildTeam, buildUser } from '@/testing/data';
import { mockApi } from '@/testing/mock-api';
import { renderApp } from '@/testing/render';

describe('audit log page', () => {
  it('lists entries newest first in words, marks support’s actions, and pages through them', async () => {
    const server = mockApi({
      'POST /auth/refresh': { body: buildAuth(buildUser()) },
      'GET /teams': { body: [buildTeam()] },
      'GET /audit-logs': (request) => {
        const page = Number(new URL(request.path, 'http://x').searchParams.get('page'));
        const items: AuditLogEntry[] =
          page === 1
            ? [
                {
                  id: 'e2',
                  action: 'comment.created',
                  actor: { id: 'admin-sam', name: 'Support team (Sam Support)' },
                  actorName: 'Support team (Sam Support)',
                  isImpersonated: true,
                  entityType: 'business_comment',
                  entityId: 'c1',
                  createdAt: '2026-03-12T10:00:00.000Z',
                  details: { businessId: 'b1' },
                },
                {
                  id: 'e1',
                  action: 'business.created',
                  actor: { id: 'user-ada', name: 'Ada Lovelace' },
                  actorName: 'Ada Lovelace',
                  isImpersonated: false,
                  entityType: 'business',
                  entityId: 'b1',
                  createdAt: '2026-03-12T09:00:00.000Z',
                  details: { name: 'Harbor' },
                },
              ]
            : [
                {
                  id: 'e0',
                  action: 'auth.registered',
                  actor: { id: 'user-ada', name: 'Ada Lovelace' },
                  actorName: 'Ada Lovelace',
                  isImpersonated: false,
                  entityType: 'user',
                  entityId: 'user-ada',
                  createdAt: '2026-03-12T08:00:00.000Z',
                  details: { teamName: 'Acme' },
                },
              ];
        return { body: buildPage(items, { page, pageSize: 25, total: 27 }) };
      },
    });
    const { router } = renderApp('/audit-log');
    const user = userEvent.setup({ delay: null });

    const table = await screen.findByRole('table', { name: 'Audit log entries' });
    const [, commented, created] = within(table).getAllByRole('row');
    expect(commented).toHaveTextContent('Support team (Sam Support)');
    expect(commented).toHaveTextContent('Support');
    expect(commented).toHaveTextContent('Commented');
    expect(within(commented).getByRole('link', { name: 'On a business' })).toHaveAttribute('href', '/businesses/b1');
    expect(created).toHaveTextContent('Created a business');
    expect(created).toHaveTextContent('Harbor');
    expect(within(created).queryByText('Support')).not.toBeInTheDocument();
    expect(screen.getByText('1–25 of 27 entries')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Page 2' }));
    expect(await screen.findByText('Created the account')).toBeInTheDocument();
    expect(router.state.location.search).toBe('?page=2');
    expect(server.callsTo('GET /audit-logs').at(-1)?.path).toBe('/audit-logs?page=2&pageSize=25');
  });
});
