import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAuth, buildTeam, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { renderApp } from '@/testing/render';

/** The workspace's first page (the businesses list) has nothing to show in these tests. */
const emptyWorkspace = { 'GET /businesses': { body: { items: [], total: 0, page: 1, pageSize: 20 } } };

const samSupport = { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' };

function impersonatedAda(secondsLeft: number) {
  return buildUser({
    impersonatedBy: samSupport,
    impersonationExpiresAt: new Date(Date.now() + secondsLeft * 1000).toISOString(),
  });
}

const samAsHimself = buildUser({
  id: 'admin-sam',
  email: 'sam@vantage.test',
  firstName: 'Sam',
  lastName: 'Support',
  role: 'admin',
  isTwoFactorEnabled: true,
  twoFactorMethod: 'totp',
  currentTeam: buildTeam({ id: 'team-support', name: 'Support' }),
});

describe('impersonation banner', () => {
  it('names the user and the admin, and counts down the time left', async () => {
    mockApi({
      ...emptyWorkspace,
      'POST /auth/refresh': { body: buildAuth(impersonatedAda(20 * 60 + 0.5), 'impersonation-token') },
      'GET /teams': { body: [buildTeam()] },
    });
    renderApp('/businesses');

    const banner = await screen.findByRole('region', { name: 'Support impersonation' });
    expect(banner).toHaveTextContent('You are impersonating Ada Lovelace (ada@example.com) as Support team (Sam Support).');
    const timer = within(banner).getByRole('timer');
    // Rendering may take a moment on a busy machine: read the clock, then see it tick down.
    const shown = (timer.textContent ?? '').match(/(\d+):(\d{2})/)!;
    const secondsShown = Number(shown[1]) * 60 + Number(shown[2]);
    expect(secondsShown).toBeGreaterThan(19 * 60);
    expect(secondsShown).toBeLessThanOrEqual(20 * 60 + 1); // the clock rounds up
    const later = `${Math.floor((secondsShown - 1) / 60)}:${String((secondsShown - 1) % 60).padStart(2, '0')}`;
    await waitFor(() => expect(timer).toHaveTextContent(later), { timeout: 3000 });
    // The team switcher explains why it cannot be used.
    expect(screen.getByRole('button', { name: /Current team: Acme/ })).toHaveAccessibleName(
      `Current team: Acme. ${errorMessages.FORBIDDEN_DURING_IMPERSONATION}`,
    );
  });

  it('is not shown when nobody is impersonating', async () => {
    mockApi({ ...emptyWorkspace, 'POST /auth/refresh': { body: buildAuth(buildUser()) }, 'GET /teams': { body: [buildTeam()] } });
    renderApp('/businesses');

    await screen.findByRole('heading', { level: 1, name: 'Businesses' });
    expect(screen.queryByRole('region', { name: 'Support impersonation' })).not.toBeInTheDocument();
    expect(screen.queryByRole('timer')).not.toBeInTheDocument();
  });

  it('returns to the admin’s own account and the Teams List', async () => {
    const server = mockApi({
      ...emptyWorkspace,
      'POST /auth/refresh': { body: buildAuth(impersonatedAda(600), 'impersonation-token') },
      'GET /teams': (request) => ({
        body: [request.authorization === 'Bearer admin-token' ? samAsHimself.currentTeam : buildTeam()],
      }),
      'POST /2fa/cancel-impersonation': { body: buildAuth(samAsHimself, 'admin-token') },
      'GET /admin/teams': { body: { items: [], total: 0, page: 1, pageSize: 20 } },
      'GET /admin/access-requests': { body: { items: [] } },
    });
    const { router } = renderApp('/businesses');
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByRole('button', { name: 'Return to my account' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Teams List' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/admin/teams');
    expect(screen.queryByRole('region', { name: 'Support impersonation' })).not.toBeInTheDocument();
    expect(server.callsTo('POST /2fa/cancel-impersonation')[0].authorization).toBe('Bearer impersonation-token');
    expect(server.callsTo('GET /admin/teams')[0].authorization).toBe('Bearer admin-token');
    expect(screen.getByRole('button', { name: 'Current team: Support. Switch team' })).toBeInTheDocument();
  });

  it('sends one request when Return is double-clicked, and lands in the admin’s own account', async () => {
    let ended = false;
    const server = mockApi({
      ...emptyWorkspace,
      'POST /auth/refresh': () => ({
        body: ended ? buildAuth(samAsHimself, 'admin-token') : buildAuth(impersonatedAda(600), 'impersonation-token'),
      }),
      'GET /teams': (request) => ({
        body: [request.authorization === 'Bearer admin-token' ? samAsHimself.currentTeam : buildTeam()],
      }),
      'POST /2fa/cancel-impersonation': () => {
        if (ended) return apiError(401, 'IMPERSONATION_ENDED');
        ended = true;
        return { body: buildAuth(samAsHimself, 'admin-token') };
      },
      'GET /admin/teams': { body: { items: [], total: 0, page: 1, pageSize: 20 } },
      'GET /admin/access-requests': { body: { items: [] } },
    });
    const { router } = renderApp('/businesses');
    const user = userEvent.setup({ delay: null });

    await user.dblClick(await screen.findByRole('button', { name: 'Return to my account' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Teams List' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/admin/teams');
    expect(server.callsTo('POST /2fa/cancel-impersonation')).toHaveLength(1);
    expect(screen.queryByText('Could not return to your account')).not.toBeInTheDocument();
  });

  it('carries on in the admin’s own session when the impersonation was ended by Return in another tab', async () => {
    let returnedElsewhere = false;
    mockApi({
      ...emptyWorkspace,
      'POST /auth/refresh': () => ({
        body: returnedElsewhere ? buildAuth(samAsHimself, 'admin-token') : buildAuth(impersonatedAda(600), 'impersonation-token'),
      }),
      'GET /teams': (request) => ({
        body: [request.authorization === 'Bearer admin-token' ? samAsHimself.currentTeam : buildTeam()],
      }),
      'POST /2fa/cancel-impersonation': apiError(401, 'IMPERSONATION_ENDED'),
    });
    const { router } = renderApp('/businesses');
    const user = userEvent.setup({ delay: null });
    const returnButton = await screen.findByRole('button', { name: 'Return to my account' });
    returnedElsewhere = true;

    await user.click(returnButton);

    expect(await screen.findByRole('button', { name: 'Current team: Support. Switch team' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Support impersonation' })).not.toBeInTheDocument();
    expect(router.state.location.pathname).not.toBe('/sign-in');
    expect(screen.queryByText('Impersonation ended')).not.toBeInTheDocument();
  });

  it('says why when returning fails, and stays in the impersonation', async () => {
    mockApi({
      ...emptyWorkspace,
      'POST /auth/refresh': { body: buildAuth(impersonatedAda(600), 'impersonation-token') },
      'GET /teams': { body: [buildTeam()] },
      'POST /2fa/cancel-impersonation': { status: 503, body: { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'x' } },
    });
    renderApp('/businesses');
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByRole('button', { name: 'Return to my account' }));

    expect(await screen.findByText('Could not return to your account')).toBeInTheDocument();
    expect(screen.getByRole('region', { name: 'Support impersonation' })).toBeInTheDocument();
  });

  it('goes to sign-in with "Impersonation ended" when the session was ended elsewhere', async () => {
    let refreshes = 0;
    mockApi({
      ...emptyWorkspace,
      'POST /auth/refresh': () =>
        ++refreshes === 1 ? { body: buildAuth(impersonatedAda(600), 'impersonation-token') } : apiError(401, 'IMPERSONATION_ENDED'),
      'GET /teams': { body: [buildTeam()] },
      'POST /2fa/cancel-impersonation': apiError(401, 'IMPERSONATION_ENDED'),
      'POST /auth/return': apiError(401, 'RETURN_NOT_AVAILABLE'),
    });
    const { router } = renderApp('/businesses');
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByRole('button', { name: 'Return to my account' }));

    expect(await screen.findByText('Impersonation ended')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
  });

  it('ends the session when the time is up: sign-in says the 30 minutes ran out', async () => {
    const server = mockApi({
      ...emptyWorkspace,
      'POST /auth/refresh': { body: buildAuth(impersonatedAda(1.5), 'impersonation-token') },
      'GET /teams': { body: [buildTeam()] },
      'POST /auth/logout': { status: 204 },
      'POST /auth/return': apiError(401, 'RETURN_NOT_AVAILABLE'),
    });
    const { router } = renderApp('/businesses');

    expect(await screen.findByRole('region', { name: 'Support impersonation' })).toBeInTheDocument();
    expect(await screen.findByText('Support session over', {}, { timeout: 4000 })).toBeInTheDocument();
    expect(screen.getByText(/Your support session ended: the 30 minutes ran out\./)).toBeInTheDocument();
    expect(screen.queryByText('Impersonation ended')).not.toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    await waitFor(() => expect(server.callsTo('POST /auth/logout')).toHaveLength(1));
  });
});
