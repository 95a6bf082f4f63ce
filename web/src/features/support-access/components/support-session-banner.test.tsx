import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SUPPORT_SESSION_REFRESH_SECONDS, type CurrentUser } from '@vantage/contracts';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildAuth, buildImpersonationHistoryEntry, buildPage, buildSupportSession, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { renderApp } from '@/testing/render';

const banner = () => screen.queryByRole('region', { name: /is in your account now/ });

/** Ada's own session on the businesses page; `/auth/me` answers whatever `state.user` is at the time. */
function ownSessionApi(user: CurrentUser) {
  const state = { user };
  const server = mockApi({
    'POST /auth/refresh': { body: buildAuth(user) },
    'GET /auth/me': () => ({ body: state.user }),
    'GET /teams': { body: [user.currentTeam] },
    'GET /businesses': { body: buildPage([]) },
  });
  return { ...server, state };
}

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('the live support banner', () => {
  it('says who from support is in the account, read-only, and the minutes left', async () => {
    const startedAt = Date.now() - 6 * 60_000;
    ownSessionApi(
      buildUser({
        supportSession: buildSupportSession({
          impersonator: { name: 'Ada Admin' },
          startedAt: new Date(startedAt).toISOString(),
          expiresAt: new Date(Date.now() + 24 * 60_000 + 30_000).toISOString(),
        }),
      }),
    );
    renderApp('/businesses');

    const region = await screen.findByRole('region', { name: /is in your account now/ });
    expect(region).toHaveTextContent('Vantage support (Ada Admin) is in your account now — read-only, 24 minutes left');
    expect(within(region).getByRole('button', { name: 'End now' })).toBeEnabled();
  });

  it('says when support can make changes', async () => {
    ownSessionApi(buildUser({ supportSession: buildSupportSession({ mode: 'write' }) }));
    renderApp('/businesses');

    expect(await screen.findByRole('region', { name: /is in your account now/ })).toHaveTextContent(
      /now — can make changes, \d+ minutes left/,
    );
  });

  it('appears without a reload: /auth/me is read again every SUPPORT_SESSION_REFRESH_SECONDS', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const server = ownSessionApi(buildUser());
    renderApp('/businesses');
    await screen.findByRole('heading', { level: 1, name: 'Businesses' });
    expect(banner()).not.toBeInTheDocument();

    server.state.user = buildUser({ supportSession: buildSupportSession() });
    await act(() => vi.advanceTimersByTimeAsync(SUPPORT_SESSION_REFRESH_SECONDS * 1000));

    expect(await screen.findByRole('region', { name: /is in your account now/ })).toHaveTextContent('Sam Support');
    expect(server.callsTo('GET /auth/me')).toHaveLength(1);
    // Said to screen readers too, from a live region that was there before.
    expect(screen.getByRole('status')).toHaveTextContent('Vantage support (Sam Support) is in your account now.');

    // And goes once support has left.
    server.state.user = buildUser();
    await act(() => vi.advanceTimersByTimeAsync(SUPPORT_SESSION_REFRESH_SECONDS * 1000));
    await waitFor(() => expect(banner()).not.toBeInTheDocument());
  });

  it('a hidden tab does not ask: the reads wait until the person comes back', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const server = ownSessionApi(buildUser());
    renderApp('/businesses');
    await screen.findByRole('heading', { level: 1, name: 'Businesses' });

    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    await act(() => vi.advanceTimersByTimeAsync(SUPPORT_SESSION_REFRESH_SECONDS * 1000 * 3));
    expect(server.callsTo('GET /auth/me')).toHaveLength(0);

    visibility.mockReturnValue('visible');
    await act(() => vi.advanceTimersByTimeAsync(SUPPORT_SESSION_REFRESH_SECONDS * 1000));
    await waitFor(() => expect(server.callsTo('GET /auth/me').length).toBeGreaterThan(0));
  });

  it('End now ends the session at once: the banner goes and the support access history says "Ended by you"', async () => {
    const session = buildSupportSession();
    const server = ownSessionApi(buildUser({ supportSession: session }));
    let history = [buildImpersonationHistoryEntry({ id: session.id, endedAt: null, endReason: null, expiresAt: session.expiresAt })];
    server.on('GET /user/impersonations', () => ({ body: history }));
    server.on('GET /auth/sessions', { body: { items: [] } });
    server.on(`POST /user/impersonations/${session.id}/end`, () => {
      server.state.user = buildUser();
      history = [{ ...history[0], endedAt: new Date().toISOString(), endReason: 'ended_by_user' }];
      return { status: 204 };
    });
    renderApp('/settings');
    const events = userEvent.setup({ delay: null });
    const historyTable = await screen.findByRole('table', { name: 'Support access history' });
    expect(historyTable).toHaveTextContent('Still active');

    await events.click(
      within(await screen.findByRole('region', { name: /is in your account now/ })).getByRole('button', { name: 'End now' }),
    );

    await waitFor(() => expect(banner()).not.toBeInTheDocument());
    expect(await within(historyTable).findByText('Ended by you')).toBeInTheDocument();
    expect(screen.getByText('Sam Support is no longer in your account.')).toBeInTheDocument();
    expect(server.callsTo(`POST /user/impersonations/${session.id}/end`)).toHaveLength(1);
  });

  it('says why End now did not work, in words, and asks the API whether anyone is still in', async () => {
    const session = buildSupportSession();
    const server = ownSessionApi(buildUser({ supportSession: session }));
    server.on(`POST /user/impersonations/${session.id}/end`, apiError(503, 'SERVICE_UNAVAILABLE', 'The service is unavailable'));
    renderApp('/businesses');
    const events = userEvent.setup({ delay: null });

    await events.click(await screen.findByRole('button', { name: 'End now' }));

    expect(await screen.findByText('The support session was not ended')).toBeInTheDocument();
    await waitFor(() => expect(server.callsTo('GET /auth/me')).toHaveLength(1));
    expect(banner()).toBeInTheDocument();
  });

  it('never shows during an impersonation, where the admin’s banner is the one, and /auth/me is not polled', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const impersonated = buildUser({
      impersonatedBy: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' },
      impersonationExpiresAt: new Date(Date.now() + 29 * 60_000).toISOString(),
      supportSession: buildSupportSession(),
    });
    const server = ownSessionApi(impersonated);
    renderApp('/businesses');

    expect(await screen.findByRole('region', { name: 'Support impersonation' })).toBeInTheDocument();
    expect(banner()).not.toBeInTheDocument();
    await act(() => vi.advanceTimersByTimeAsync(SUPPORT_SESSION_REFRESH_SECONDS * 1000 * 2));
    expect(server.callsTo('GET /auth/me')).toHaveLength(0);
    expect(server.callsTo('GET /access-requests')).toHaveLength(0);
  });
});
