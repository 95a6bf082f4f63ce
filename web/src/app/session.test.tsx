import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages } from '@vantage/contracts';
import { describe, expect, it, vi } from 'vitest';
import { buildAuth, buildPage, buildTeam, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

describe('session lifecycle', () => {
  it('restores the session from the refresh cookie on load and lands on the current team’s businesses', async () => {
    const server = mockApi({
      'POST /auth/refresh': { body: buildAuth(buildUser(), 'restored-token') },
      'GET /teams': { body: [buildTeam()] },
      'GET /businesses': { body: buildPage([]) },
    });
    const { router } = renderApp('/');

    expect(await screen.findByRole('heading', { level: 1, name: 'Businesses' })).toBeInTheDocument();
    expect(within(screen.getByRole('main')).getByText('Acme')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/businesses');
    expect(screen.getByRole('banner')).toHaveTextContent('Vantage');
    expect(screen.getByRole('navigation', { name: 'Main navigation' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
    expect(server.callsTo('POST /auth/refresh')).toHaveLength(1);
  });

  it('sends visitors without a session to sign in, then back to the page they asked for', async () => {
    mockApi({
      'POST /auth/refresh': apiError(401, 'UNAUTHORIZED'),
      'POST /auth/login': { body: { ...buildAuth(), twoFactorRequired: false } },
      // The page signed in to, and its header, may start loading before the test ends.
      'GET /teams': { body: [buildTeam()] },
      'GET /audit-logs': { body: buildPage([], { page: 2 }) },
    });
    const { router } = renderApp('/audit-log?page=2');

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to Vantage' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');

    const user = userEvent.setup({ delay: null });
    await fillIn(user, screen.getByLabelText(/^email/i), 'ada@example.com');
    await fillIn(user, screen.getByLabelText(/^password/i), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/audit-log'));
    expect(router.state.location.search).toBe('?page=2');
  });

  it('a reload after the impersonation ended elsewhere says so, and signing in starts from home', async () => {
    mockApi({
      'POST /auth/refresh': apiError(401, 'IMPERSONATION_ENDED'),
      // Nothing to return to (the admin already returned, or it ended too long ago).
      'POST /auth/return': apiError(401, 'RETURN_NOT_AVAILABLE'),
      'POST /auth/login': { body: { ...buildAuth(buildUser({ role: 'admin' })), twoFactorRequired: false } },
      'GET /teams': { body: [buildTeam()] },
      'GET /businesses': { body: buildPage([]) },
    });
    const { router } = renderApp('/businesses/6f1c1f0e-8a47-4d3b-9d59-0e7b3f1a2c11');

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to Vantage' })).toBeInTheDocument();
    expect(screen.getByText('Impersonation ended')).toBeInTheDocument();

    const user = userEvent.setup({ delay: null });
    await fillIn(user, screen.getByLabelText(/^email/i), 'admin@example.com');
    await fillIn(user, screen.getByLabelText(/^password/i), 'correct horse');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    // The customer's page is not where the admin comes back to.
    await waitFor(() => expect(router.state.location.pathname).toBe('/businesses'));
  });

  it('signs out: revokes the session on the server and shows the sign-in page', async () => {
    const server = mockApi({
      'POST /auth/refresh': { body: buildAuth(buildUser(), 'token-1') },
      'GET /teams': { body: [buildTeam()] },
      'GET /businesses': { body: buildPage([]) },
      'POST /auth/logout': { status: 204 },
    });
    const { router } = renderApp('/businesses');
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByRole('button', { name: /account menu for Ada Lovelace/i }));
    expect(within(await screen.findByRole('menu')).getByText('ada@example.com')).toBeInTheDocument();
    expect(screen.getByRole('menuitem', { name: 'Profile settings' })).toHaveAttribute('href', '/settings');
    await user.click(screen.getByRole('menuitem', { name: 'Sign out' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to Vantage' })).toBeInTheDocument();
    expect(screen.getByText('You have signed out of Vantage.')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(server.callsTo('POST /auth/logout')[0]).toMatchObject({ authorization: 'Bearer token-1', credentials: 'same-origin' });
  });

  it('stays signed in and says so when the sign-out request cannot reach the server', async () => {
    mockApi({
      'POST /auth/refresh': { body: buildAuth() },
      'GET /teams': { body: [buildTeam()] },
      'GET /businesses': { body: buildPage([]) },
    });
    renderApp('/businesses');
    const user = userEvent.setup({ delay: null });
    await user.click(await screen.findByRole('button', { name: /account menu/i }));
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));

    await user.click(await screen.findByRole('menuitem', { name: 'Sign out' }));

    expect(await screen.findByText('You are still signed in')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1, name: 'Businesses' })).toBeInTheDocument();
    expect(within(screen.getByRole('main')).getByText('Acme')).toBeInTheDocument();
  });

  it('shows "Impersonation ended" on the sign-in page when the support session is revoked', async () => {
    const impersonated = buildUser({
      impersonatedBy: { id: 'admin-1', name: 'Sam Support', email: 'sam@vantage.test' },
      impersonationExpiresAt: new Date(Date.now() + 10 * 60_000).toISOString(),
    });
    let refreshes = 0;
    const server = mockApi({
      // The cookie is the revoked impersonation's too: asked again after the refusal, it says so.
      'POST /auth/refresh': () =>
        ++refreshes === 1 ? { body: buildAuth(impersonated, 'impersonation-token') } : apiError(401, 'IMPERSONATION_ENDED'),
      'GET /teams': apiError(401, 'IMPERSONATION_ENDED'),
      'GET /businesses': apiError(401, 'IMPERSONATION_ENDED'),
      'POST /auth/return': apiError(401, 'RETURN_NOT_AVAILABLE'),
    });
    const { router } = renderApp('/businesses');

    expect(await screen.findByText('Impersonation ended')).toBeInTheDocument();
    expect(screen.getByText(new RegExp(errorMessages.IMPERSONATION_ENDED))).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(server.callsTo('POST /auth/refresh').length).toBeGreaterThanOrEqual(2);
  });

  it('offers a retry when the API cannot be reached on load', async () => {
    vi.stubGlobal('fetch', vi.fn().mockRejectedValue(new TypeError('Failed to fetch')));
    renderApp('/businesses');

    expect(await screen.findByRole('heading', { level: 1, name: 'We could not open Vantage' })).toBeInTheDocument();
    expect(screen.getByText(/could not reach Vantage/i)).toBeInTheDocument();

    mockApi({ 'POST /auth/refresh': apiError(401, 'UNAUTHORIZED') });
    await userEvent.setup({ delay: null }).click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to Vantage' })).toBeInTheDocument();
  });

  it('shows admins the administration section', async () => {
    mockApi({
      'POST /auth/refresh': { body: buildAuth(buildUser({ role: 'admin' })) },
      'GET /teams': { body: [buildTeam()] },
      'GET /businesses': { body: buildPage([]) },
    });
    renderApp('/businesses');

    const nav = await screen.findByRole('navigation', { name: 'Main navigation' });
    expect(await screen.findByRole('link', { name: 'Teams List' })).toHaveAttribute('href', '/admin/teams');
    expect(screen.getByRole('link', { name: 'Active impersonations' })).toBeInTheDocument();
    expect(nav).toHaveTextContent('Businesses');
  });

  it('re-reads the user when the tab becomes visible again, at most every 30 seconds', async () => {
    const server = mockApi({
      'POST /auth/refresh': { body: buildAuth(buildUser({ role: 'user' })) },
      'GET /teams': { body: [buildTeam()] },
      'GET /businesses': { body: buildPage([]) },
      'GET /auth/me': { body: buildUser({ role: 'admin' }) },
    });
    renderApp('/businesses');
    expect(await screen.findByRole('link', { name: 'Leads' })).toBeInTheDocument();

    document.dispatchEvent(new Event('visibilitychange'));
    expect(server.callsTo('GET /auth/me')).toHaveLength(0);

    const later = Date.now() + 31_000;
    vi.spyOn(Date, 'now').mockReturnValue(later);
    document.dispatchEvent(new Event('visibilitychange'));

    // A role granted elsewhere shows up without a reload.
    expect(await screen.findByRole('link', { name: 'Teams List' })).toBeInTheDocument();
    expect(server.callsTo('GET /auth/me')).toHaveLength(1);
  });

  it('does not show the administration section to customers', async () => {
    mockApi({
      'POST /auth/refresh': { body: buildAuth(buildUser({ role: 'user' })) },
      'GET /teams': { body: [buildTeam()] },
      'GET /businesses': { body: buildPage([]) },
    });
    renderApp('/businesses');

    expect(await screen.findByRole('link', { name: 'Leads' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Teams List' })).not.toBeInTheDocument();
  });
});
