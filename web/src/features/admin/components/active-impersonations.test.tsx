import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ActiveImpersonation, Role } from '@vantage/contracts';
import { afterEach, describe, expect, it, onTestFinished, vi } from 'vitest';
import { buildActiveImpersonation, buildAuth, buildTeam, buildUser } from '@/testing/data';
import { mockApi } from '@/testing/mock-api';
import { renderApp } from '@/testing/render';

function staffMember(role: Role) {
  return buildUser({
    id: 'staff-1',
    firstName: 'Sue',
    lastName: 'Staff',
    email: 'sue@vantage.test',
    role,
    currentTeam: buildTeam({ id: 'team-support', name: 'Support' }),
  });
}

function signedInAs(role: Role, sessions: () => ActiveImpersonation[]) {
  return mockApi({
    'POST /auth/refresh': { body: buildAuth(staffMember(role), 'staff-token') },
    'GET /teams': { body: [buildTeam({ id: 'team-support', name: 'Support' })] },
    'GET /admin/impersonations': () => ({ body: sessions() }),
  });
}

afterEach(() => {
  vi.useRealTimers();
});

describe('active impersonations', () => {
  it('lists running sessions with admin, user, team, reason and time left; admins cannot end them', async () => {
    const server = signedInAs('admin', () => [buildActiveImpersonation()]);
    renderApp('/admin/impersonations');

    const table = await screen.findByRole('table', { name: 'Active impersonations' });
    const row = within(table).getAllByRole('row')[1];
    expect(row).toHaveTextContent('Sam Support');
    expect(row).toHaveTextContent('sam@vantage.test');
    expect(row).toHaveTextContent('Ada Lovelace');
    expect(row).toHaveTextContent('Acme');
    expect(row).toHaveTextContent('Ticket 4821: leads import');
    expect(row).toHaveTextContent(/(20:00|19:5\d)/);
    expect(within(table).queryByRole('button', { name: /End now/ })).not.toBeInTheDocument();
    expect(screen.getByText(/Only super admins can end an impersonation/)).toBeInTheDocument();
    expect(server.callsTo('GET /admin/impersonations')[0].path).toBe('/admin/impersonations?active=true');
  });

  it('lets an admin end their own leftover session, not a colleague’s', async () => {
    const own = buildActiveImpersonation({
      id: 'impersonation-own',
      impersonator: { id: 'staff-1', name: 'Sue Staff', email: 'sue@vantage.test' },
    });
    let sessions = [own, buildActiveImpersonation()];
    const server = signedInAs('admin', () => sessions);
    server.on('POST /admin/impersonations/impersonation-own/end', () => {
      sessions = sessions.filter((session) => session.id !== own.id);
      return { status: 204 };
    });
    renderApp('/admin/impersonations');
    const user = userEvent.setup({ delay: null });

    const table = await screen.findByRole('table', { name: 'Active impersonations' });
    expect(within(table).getAllByRole('button', { name: /End now/ })).toHaveLength(1);
    expect(screen.getByText(/Only super admins can end an impersonation started by someone else/)).toBeInTheDocument();

    await user.click(within(table).getByRole('button', { name: 'End now: Sue Staff impersonating Ada Lovelace' }));
    const dialog = await screen.findByRole('dialog', { name: 'End this impersonation?' });
    await user.click(within(dialog).getByRole('button', { name: 'End impersonation' }));

    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
    expect(within(table).getByRole('row', { name: /Sam Support/ })).toBeInTheDocument();
    expect(server.callsTo('POST /admin/impersonations/impersonation-own/end')).toHaveLength(1);
  });

  it('lets a super admin end a session after confirming, then shows the refreshed list', async () => {
    let sessions = [buildActiveImpersonation()];
    const server = signedInAs('super_admin', () => sessions);
    server.on('POST /admin/impersonations/impersonation-1/end', () => {
      sessions = [];
      return { status: 204 };
    });
    renderApp('/admin/impersonations');
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByRole('button', { name: 'End now: Sam Support impersonating Ada Lovelace' }));
    const dialog = await screen.findByRole('dialog', { name: 'End this impersonation?' });
    expect(dialog).toHaveTextContent('Sam Support is working as Ada Lovelace in Acme.');
    expect(server.callsTo('POST /admin/impersonations/impersonation-1/end')).toHaveLength(0);

    await user.click(within(dialog).getByRole('button', { name: 'End impersonation' }));

    expect(await screen.findByRole('heading', { name: 'No impersonations running' })).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await screen.findByText("Sam Support no longer has access to Ada Lovelace's account.")).toBeInTheDocument();
    expect(server.callsTo('POST /admin/impersonations/impersonation-1/end')[0].authorization).toBe('Bearer staff-token');
  });

  it('leaves the session running when the super admin cancels the confirmation', async () => {
    const server = signedInAs('super_admin', () => [buildActiveImpersonation()]);
    renderApp('/admin/impersonations');
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByRole('button', { name: /End now/ }));
    const dialog = await screen.findByRole('dialog', { name: 'End this impersonation?' });
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(screen.getByRole('table', { name: 'Active impersonations' })).toBeInTheDocument();
    expect(server.requests.filter((request) => request.method === 'POST' && request.path.endsWith('/end'))).toEqual([]);
  });

  it('says so when nobody is impersonating, and refreshes every 15 seconds on its own', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    let sessions: ActiveImpersonation[] = [];
    const server = signedInAs('admin', () => sessions);
    renderApp('/admin/impersonations');

    expect(await screen.findByRole('heading', { name: 'No impersonations running' })).toBeInTheDocument();
    expect(screen.getByText(/Refreshes every 15 seconds/)).toBeInTheDocument();
    const callsBefore = server.callsTo('GET /admin/impersonations').length;

    sessions = [buildActiveImpersonation()];
    await vi.advanceTimersByTimeAsync(15_000);

    expect(await screen.findByRole('table', { name: 'Active impersonations' })).toBeInTheDocument();
    expect(server.callsTo('GET /admin/impersonations').length).toBe(callsBefore + 1);
  });
});

describe('active impersonations: what support did', () => {
  it('shows each session’s mode and action count, lists its actions on demand and downloads them as CSV', async () => {
    const session = buildActiveImpersonation({ mode: 'read', actionCount: 3 });
    const server = signedInAs('admin', () => [session]);
    server.on('GET /admin/impersonations/impersonation-1/actions', {
      body: {
        items: [
          { at: '2026-12-03T02:00:00.000Z', method: 'GET', path: '/api/businesses', status: 200 },
          { at: '2026-12-03T02:00:05.000Z', method: 'POST', path: '/api/leads', status: 403 },
          { at: '2026-12-03T02:00:09.000Z', method: 'GET', path: '/api/leads/=cmd', status: null },
        ],
      },
    });
    const created: Blob[] = [];
    // jsdom has no object URLs: keep the file the page hands to the browser.
    const originals = (['createObjectURL', 'revokeObjectURL'] as const).map(
      (name) => [name, Object.getOwnPropertyDescriptor(URL, name)] as const,
    );
    // Defined, not assigned: another file may have left them read-only in this worker.
    Object.defineProperty(URL, 'createObjectURL', {
      configurable: true,
      writable: true,
      value: (blob: Blob) => {
        created.push(blob);
        return 'blob:actions';
      },
    });
    Object.defineProperty(URL, 'revokeObjectURL', { configurable: true, writable: true, value: () => undefined });
    const clicked = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined);
    onTestFinished(() => {
      for (const [name, descriptor] of originals) {
        if (descriptor) Object.defineProperty(URL, name, descriptor);
        else Reflect.deleteProperty(URL, name);
      }
      clicked.mockRestore();
    });
    renderApp('/admin/impersonations');
    const user = userEvent.setup({ delay: null });

    const table = await screen.findByRole('table', { name: 'Active impersonations' });
    const row = within(table).getAllByRole('row')[1];
    expect(row).toHaveTextContent('Read-only');
    expect(row).toHaveTextContent('3 actions');
    // Nothing is loaded until asked for.
    expect(server.callsTo('GET /admin/impersonations/impersonation-1/actions')).toHaveLength(0);

    await user.click(within(row).getByRole('button', { name: 'View actions: Sam Support impersonating Ada Lovelace' }));
    const dialog = await screen.findByRole('dialog', { name: 'Actions of Sam Support as Ada Lovelace' });
    const actions = await within(dialog).findByRole('table', { name: 'Support actions' });
    const lines = within(actions).getAllByRole('row').slice(1);
    expect(lines).toHaveLength(3);
    expect(lines[0]).toHaveTextContent('Viewed GET/api/businesses200');
    expect(lines[1]).toHaveTextContent('Changed POST/api/leadsRefused (403)');
    expect(lines[2]).toHaveTextContent('No answer');

    await user.click(within(dialog).getByRole('button', { name: 'Download CSV' }));
    expect(clicked).toHaveBeenCalledTimes(1);
    expect(await created[0].text()).toBe(
      'at,method,path,status\r\n' +
        '2026-12-03T02:00:00.000Z,GET,/api/businesses,200\r\n' +
        '2026-12-03T02:00:05.000Z,POST,/api/leads,403\r\n' +
        '2026-12-03T02:00:09.000Z,GET,/api/leads/=cmd,\r\n',
    );
  });

  it('says so when the actions cannot be loaded, and tries again', async () => {
    let fail = true;
    const server = signedInAs('admin', () => [buildActiveImpersonation()]);
    server.on('GET /admin/impersonations/impersonation-1/actions', () =>
      fail ? { status: 503, body: { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'x' } } : { body: { items: [] } },
    );
    renderApp('/admin/impersonations');
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByRole('button', { name: /View actions/ }));
    const dialog = await screen.findByRole('dialog');
    expect(await within(dialog).findByText('Could not load the actions')).toBeInTheDocument();
    fail = false;
    await user.click(within(dialog).getByRole('button', { name: 'Try again' }));
    expect(await within(dialog).findByText('No requests yet.')).toBeInTheDocument();
    expect(within(dialog).getByRole('button', { name: 'Download CSV' })).toBeDisabled();
  });
});
