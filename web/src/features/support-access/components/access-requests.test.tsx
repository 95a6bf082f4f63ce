import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages, type AccessRequest, type ApproveAccessRequest, type CurrentUser } from '@vantage/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ACCESS_REQUESTS_REFRESH_MS } from '../api/get-access-requests';
import { buildAccessRequest, buildAuth, buildPage, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { renderApp } from '@/testing/render';

const waiting = buildAccessRequest();
const approved = buildAccessRequest({
  id: 'access-request-2',
  admin: { id: 'admin-grace', name: 'Grace Admin', email: 'grace@vantage.test' },
  user: { id: 'user-marco', name: 'Marco Member' },
  mode: 'write',
  durationMinutes: 240,
  status: 'approved',
  createdAt: '2026-03-12T09:00:00.000Z',
  decidedAt: '2026-03-12T09:10:00.000Z',
  decidedBy: { id: 'user-ada', name: 'Ada Lovelace' },
  expiresAt: new Date(Date.now() + 3 * 3_600_000).toISOString(),
});
const denied = buildAccessRequest({
  id: 'access-request-3',
  status: 'denied',
  decidedAt: '2026-03-11T09:10:00.000Z',
  decidedBy: { id: 'user-olivia', name: 'Olivia Owner' },
});

/** The access requests as the API answers them; deciding one changes what the list answers next. */
function accessRequestsApi({
  user = buildUser(),
  items = [approved, denied, waiting],
}: { user?: CurrentUser; items?: AccessRequest[] } = {}) {
  const state = { items };
  const server = mockApi({
    'POST /auth/refresh': { body: buildAuth(user) },
    'GET /teams': { body: [user.currentTeam] },
    'GET /access-requests': () => ({ body: { items: state.items } }),
  });
  const replace = (changed: AccessRequest) => {
    state.items = state.items.map((request) => (request.id === changed.id ? changed : request));
    return { body: changed };
  };
  return { ...server, state, replace };
}

async function openAccessRequests(route = '/access-requests') {
  const utils = renderApp(route);
  const events = userEvent.setup({ delay: null });
  await screen.findByRole('heading', { level: 1, name: 'Access requests' });
  return { ...utils, events };
}

afterEach(() => {
  vi.useRealTimers();
});

describe('access requests', () => {
  it('lists each request with who asks, for whom, team, reason, mode, duration and status in words; waiting ones first', async () => {
    accessRequestsApi();
    await openAccessRequests();

    const cards = await screen.findAllByRole('article');
    expect(cards.map((card) => within(card).getByRole('heading').textContent)).toEqual([
      'Sam Support from Vantage support asks for read-only access',
      'Grace Admin from Vantage support asks for read and write access',
      'Sam Support from Vantage support asks for read-only access',
    ]);
    const [first, second, third] = cards;
    expect(first).toHaveTextContent('Waiting for an answer');
    expect(first).toHaveTextContent('ForYou');
    expect(first).toHaveTextContent('TeamAcme');
    expect(first).toHaveTextContent('AccessRead-only');
    expect(first).toHaveTextContent('Asked for1 hour');
    expect(first).toHaveTextContent('ReasonTicket 4821: leads import');

    expect(second).toHaveTextContent('Approved');
    expect(second).toHaveTextContent('ForMarco Member');
    expect(second).toHaveTextContent('AccessRead and write');
    expect(second).toHaveTextContent('Granted for4 hours');
    expect(second).toHaveTextContent('Access ends');
    expect(second).toHaveTextContent('Approved by you, 12 Mar 2026');

    expect(third).toHaveTextContent('Denied');
    expect(third).toHaveTextContent('Denied by Olivia Owner');
    expect(within(third).queryByRole('button')).not.toBeInTheDocument();
  });

  it('approves for a shorter time chosen from windows no longer than the one asked for, the asked one by default', async () => {
    const server = accessRequestsApi({ items: [waiting] });
    server.on('POST /access-requests/access-request-1/approve', (request) =>
      server.replace({
        ...waiting,
        status: 'approved',
        durationMinutes: (request.body as ApproveAccessRequest).durationMinutes ?? waiting.durationMinutes,
        decidedAt: new Date().toISOString(),
        decidedBy: { id: 'user-ada', name: 'Ada Lovelace' },
        expiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
      }),
    );
    const { events } = await openAccessRequests();
    const card = await screen.findByRole('article');

    const duration = within(card).getByRole('combobox', { name: 'Approve for' });
    expect(duration).toHaveValue('60');
    expect(
      within(duration)
        .getAllByRole('option')
        .map((option) => option.textContent),
    ).toEqual(['15 minutes', '30 minutes', '1 hour']);
    await events.selectOptions(duration, '30');
    await events.click(within(card).getByRole('button', { name: 'Approve' }));

    expect(await screen.findByText(/Sam Support may enter read-only until/)).toBeInTheDocument();
    expect(server.callsTo('POST /access-requests/access-request-1/approve').map((request) => request.body)).toEqual([
      { durationMinutes: 30 },
    ]);
    await waitFor(() => expect(card).toHaveTextContent('Granted for30 minutes'));
    expect(card).toHaveTextContent('Approved by you');
    expect(within(card).getByRole('button', { name: 'Revoke' })).toBeInTheDocument();
  });

  it('denies after asking first, with the focus on Cancel; the keyboard alone does it', async () => {
    const server = accessRequestsApi({ items: [waiting] });
    server.on('POST /access-requests/access-request-1/deny', () =>
      server.replace({
        ...waiting,
        status: 'denied',
        decidedAt: new Date().toISOString(),
        decidedBy: { id: 'user-ada', name: 'Ada Lovelace' },
      }),
    );
    const { events } = await openAccessRequests();
    const card = await screen.findByRole('article');

    within(card).getByRole('button', { name: 'Deny' }).focus();
    await events.keyboard('{Enter}');
    const dialog = await screen.findByRole('dialog', { name: 'Deny this request?' });
    expect(dialog).toHaveTextContent('Sam Support will not be able to enter Ada Lovelace’s account in Acme for this request.');
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus());
    expect(server.callsTo('POST /access-requests/access-request-1/deny')).toHaveLength(0);

    await events.tab();
    expect(within(dialog).getByRole('button', { name: 'Deny' })).toHaveFocus();
    await events.keyboard('{Enter}');

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await within(card).findByText('Denied')).toBeInTheDocument();
    expect(server.callsTo('POST /access-requests/access-request-1/deny')).toHaveLength(1);
  });

  it('revokes an approval after saying it ends any support session running under it at once', async () => {
    const server = accessRequestsApi({ items: [approved] });
    server.on('POST /access-requests/access-request-2/revoke', () => server.replace({ ...approved, status: 'revoked' }));
    const { events } = await openAccessRequests();

    await events.click(await screen.findByRole('button', { name: 'Revoke' }));
    const dialog = await screen.findByRole('dialog', { name: 'Revoke this access?' });
    expect(dialog).toHaveTextContent('Revoking ends any support session running under it at once.');
    await events.click(within(dialog).getByRole('button', { name: 'Revoke' }));

    expect(await screen.findByText(/Grace Admin can no longer enter/)).toBeInTheDocument();
    expect(screen.getByRole('article')).toHaveTextContent('Withdrawn');
    expect(screen.queryByRole('button', { name: 'Revoke' })).not.toBeInTheDocument();
  });

  it('says a refusal in words and shows the request as it now stands', async () => {
    const server = accessRequestsApi({ items: [waiting] });
    server.on('POST /access-requests/access-request-1/approve', () => {
      // Another owner answered meanwhile.
      server.state.items = [
        { ...waiting, status: 'denied', decidedAt: new Date().toISOString(), decidedBy: { id: 'user-olivia', name: 'Olivia Owner' } },
      ];
      return apiError(409, 'ACCESS_REQUEST_NOT_PENDING');
    });
    const { events } = await openAccessRequests();

    await events.click(await screen.findByRole('button', { name: 'Approve' }));

    expect(await screen.findByText('Denied by Olivia Owner', { exact: false })).toBeInTheDocument();
    expect(server.callsTo('GET /access-requests').length).toBeGreaterThanOrEqual(2);
  });

  it('shows the refusal’s sentence while the request can still be answered', async () => {
    const server = accessRequestsApi({ items: [waiting] });
    server.on('POST /access-requests/access-request-1/approve', apiError(400, 'ACCESS_REQUEST_DURATION_TOO_LONG'));
    const { events } = await openAccessRequests();

    await events.click(await screen.findByRole('button', { name: 'Approve' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(errorMessages.ACCESS_REQUEST_DURATION_TOO_LONG);
    expect(screen.getByRole('button', { name: 'Approve' })).toBeEnabled();
  });

  it('the emailed link brings its request into focus; an unknown one says it was not found', async () => {
    accessRequestsApi();
    await openAccessRequests('/access-requests/access-request-2');

    const card = await screen.findByRole('article', { name: /Grace Admin/ });
    await waitFor(() => expect(card).toHaveFocus());
    expect(card).toHaveAttribute('data-highlighted', 'true');
  });

  it('an id that is not one of mine shows a clear not-found state with the way to the list', async () => {
    accessRequestsApi();
    const { events, router } = await openAccessRequests('/access-requests/someone-elses');

    expect(await screen.findByText('Access request not found')).toBeInTheDocument();
    expect(screen.getByText(/concerns neither you nor a team you own/)).toBeInTheDocument();
    await events.click(screen.getByRole('link', { name: 'See all access requests' }));
    expect(router.state.location.pathname).toBe('/access-requests');
    expect(await screen.findAllByRole('article')).toHaveLength(3);
  });

  it('during an impersonation nothing can be decided: the buttons are disabled with the API’s sentence', async () => {
    const impersonated = buildUser({
      impersonatedBy: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' },
      impersonationExpiresAt: new Date(Date.now() + 20 * 60_000).toISOString(),
    });
    accessRequestsApi({ user: impersonated, items: [waiting, approved] });
    await openAccessRequests();

    const [pending, granted] = await screen.findAllByRole('article');
    expect(within(pending).getByRole('button', { name: 'Approve' })).toBeDisabled();
    expect(within(pending).getByRole('button', { name: 'Deny' })).toBeDisabled();
    expect(within(granted).getByRole('button', { name: 'Revoke' })).toBeDisabled();
    expect(pending).toHaveTextContent(errorMessages.FORBIDDEN_DURING_IMPERSONATION);
    expect(pending).toHaveTextContent('Only the person concerned or a team owner decides, from their own account.');
  });

  it('says when there are none, and when the list could not be read (with Try again)', async () => {
    const server = accessRequestsApi({ items: [] });
    server.on('GET /access-requests', apiError(503, 'SERVICE_UNAVAILABLE'));
    const { events } = await openAccessRequests();

    expect(await screen.findByText('Could not load the access requests')).toBeInTheDocument();
    server.on('GET /access-requests', { body: { items: [] } });
    await events.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByText('No access requests')).toBeInTheDocument();
  });

  it('keeps long names and reasons inside the card', async () => {
    const long = 'Maximilian-Alexander '.repeat(6).trim();
    accessRequestsApi({ items: [buildAccessRequest({ admin: { id: 'a', name: `👩‍💻 ${long}`, email: 'x@y.z' }, reason: 'x'.repeat(500) })] });
    await openAccessRequests();

    const heading = await screen.findByRole('heading', { level: 2 });
    expect(heading).toHaveStyle({ overflowWrap: 'anywhere' });
    expect(heading).toHaveTextContent(`👩‍💻 ${long} from Vantage support`);
  });
});

describe('the navigation’s count of access requests', () => {
  it('shows how many wait for an answer on every page, and drops when one is answered', async () => {
    const server = accessRequestsApi({ items: [waiting, { ...waiting, id: 'access-request-4' }, approved] });
    server.on('GET /businesses', { body: buildPage([]) });
    server.on('POST /access-requests/access-request-1/approve', () =>
      server.replace({ ...waiting, status: 'approved', expiresAt: new Date(Date.now() + 3_600_000).toISOString() }),
    );
    renderApp('/businesses');
    const events = userEvent.setup({ delay: null });

    const navigation = await screen.findByRole('navigation', { name: 'Main navigation' });
    const link = within(navigation).getByRole('link', { name: /Access requests/ });
    await waitFor(() => expect(link).toHaveAccessibleName('Access requests 2 waiting for an answer'));

    await events.click(link);
    await events.click(within((await screen.findAllByRole('article'))[0]).getByRole('button', { name: 'Approve' }));

    await waitFor(() => expect(link).toHaveAccessibleName('Access requests 1 waiting for an answer'));
  });

  it('reads the list again every minute, so a new request is counted without a reload', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const server = accessRequestsApi({ items: [] });
    server.on('GET /businesses', { body: buildPage([]) });
    // The live support banner reads the user meanwhile.
    server.on('GET /auth/me', { body: buildUser() });
    renderApp('/businesses');

    const navigation = await screen.findByRole('navigation', { name: 'Main navigation' });
    await waitFor(() => expect(server.callsTo('GET /access-requests')).toHaveLength(1));
    expect(within(navigation).getByRole('link', { name: 'Access requests' })).toBeInTheDocument();

    server.state.items = [waiting];
    await act(() => vi.advanceTimersByTimeAsync(ACCESS_REQUESTS_REFRESH_MS));

    await waitFor(() =>
      expect(within(navigation).getByRole('link', { name: /^Access requests/ })).toHaveAccessibleName(
        'Access requests 1 waiting for an answer',
      ),
    );
  });

  it('is hidden when nothing waits', async () => {
    const server = accessRequestsApi({ items: [approved, denied] });
    server.on('GET /businesses', { body: buildPage([]) });
    renderApp('/businesses');

    const navigation = await screen.findByRole('navigation', { name: 'Main navigation' });
    await waitFor(() => expect(server.callsTo('GET /access-requests')).toHaveLength(1));
    expect(within(navigation).getByRole('link', { name: 'Access requests' })).toBeInTheDocument();
  });
});
