import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { ImpersonationEndReason, ReturnFromImpersonationResponse } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAuth, buildPage, buildTeam, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { renderApp } from '@/testing/render';
import { supportSessionEndedSentence } from './support-session-ended-notice';

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

const adaImpersonated = buildUser({
  impersonatedBy: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' },
  impersonationExpiresAt: new Date(Date.now() + 20 * 60_000).toISOString(),
});

function returned(endReason: ImpersonationEndReason): ReturnFromImpersonationResponse {
  return { ...buildAuth(samAsHimself, 'admin-token'), endReason };
}

/**
 * Sam works as Ada in Acme; then the session is ended elsewhere: every request with the impersonation's
 * token is refused, and so is the refresh cookie's session.
 */
function sessionEndedElsewhere(returnAnswer: ReturnType<typeof apiError> | { body: ReturnFromImpersonationResponse }) {
  let refreshes = 0;
  const asAdmin = (authorization: string | null) => authorization === 'Bearer admin-token';
  return mockApi({
    'POST /auth/refresh': () =>
      ++refreshes === 1 ? { body: buildAuth(adaImpersonated, 'impersonation-token') } : apiError(401, 'IMPERSONATION_ENDED'),
    'GET /teams': (request) =>
      asAdmin(request.authorization) ? { body: [samAsHimself.currentTeam] } : apiError(401, 'IMPERSONATION_ENDED'),
    'GET /businesses': (request) => (asAdmin(request.authorization) ? { body: buildPage([]) } : apiError(401, 'IMPERSONATION_ENDED')),
    'POST /auth/return': returnAnswer,
    'GET /admin/teams': { body: { items: [], total: 0, page: 1, pageSize: 20 } },
    'GET /admin/access-requests': { body: { items: [] } },
  });
}

describe('back to my account when someone else ends the support session', () => {
  it('returns once, lands on the Teams List as the admin, and says who ended it', async () => {
    const server = sessionEndedElsewhere({ body: returned('ended_by_user') });
    const { router } = renderApp('/businesses');

    expect(await screen.findByText('Your support session in Acme ended: Ada Lovelace ended it.')).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.pathname).toBe('/admin/teams'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Teams List' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Support impersonation' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Current team: Support. Switch team' })).toBeInTheDocument();
    // Several requests found the session over at once: the single-use return was asked for once.
    expect(server.callsTo('POST /auth/return')).toHaveLength(1);
    expect(server.callsTo('POST /auth/return')[0].authorization).toBeNull();
    expect(server.callsTo('POST /auth/return')[0].credentials).toBe('same-origin');
    expect(server.callsTo('GET /admin/teams').every((request) => request.authorization === 'Bearer admin-token')).toBe(true);
    expect(screen.queryByText('Impersonation ended')).not.toBeInTheDocument();

    const user = userEvent.setup({ delay: null });
    await user.click(screen.getByRole('button', { name: 'Dismiss' }));
    expect(screen.queryByText(/Your support session in Acme ended/)).not.toBeInTheDocument();
  });

  it('keeps the sign-in page and its message when there is nothing to return to', async () => {
    const server = sessionEndedElsewhere(apiError(401, 'RETURN_NOT_AVAILABLE'));
    const { router } = renderApp('/businesses');

    expect(await screen.findByText('Impersonation ended')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/sign-in');
    expect(server.callsTo('POST /auth/return')).toHaveLength(1);
  });

  it('after a reload, returns too, and says why without the names it no longer knows', async () => {
    const server = mockApi({
      'POST /auth/refresh': apiError(401, 'IMPERSONATION_ENDED'),
      'POST /auth/return': { body: returned('ended_by_admin') },
      'GET /teams': { body: [samAsHimself.currentTeam] },
      // The page asked for, shown for a moment as the admin before the notice takes them to the Teams List.
      'GET /businesses': { body: buildPage([]) },
      'GET /admin/teams': { body: { items: [], total: 0, page: 1, pageSize: 20 } },
      'GET /admin/access-requests': { body: { items: [] } },
    });
    const { router } = renderApp('/businesses');

    const notice = await screen.findByText('Your support session ended: a super admin ended it.');
    expect(within(notice.closest('[role="status"]') as HTMLElement).getByText('Back in your own account')).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.pathname).toBe('/admin/teams'));
    expect(server.callsTo('POST /auth/return')).toHaveLength(1);
  });

  it('when the banner’s countdown ends, returns too and says the time ran out', async () => {
    const endingNow = buildUser({ ...adaImpersonated, impersonationExpiresAt: new Date(Date.now() + 1500).toISOString() });
    const server = mockApi({
      'POST /auth/refresh': { body: buildAuth(endingNow, 'impersonation-token') },
      'GET /teams': (request) => ({ body: [request.authorization === 'Bearer admin-token' ? samAsHimself.currentTeam : buildTeam()] }),
      'GET /businesses': { body: buildPage([]) },
      'POST /auth/return': { body: returned('expired') },
      'GET /admin/teams': { body: { items: [], total: 0, page: 1, pageSize: 20 } },
      'GET /admin/access-requests': { body: { items: [] } },
    });
    const { router } = renderApp('/businesses');

    expect(await screen.findByRole('region', { name: 'Support impersonation' })).toBeInTheDocument();
    expect(await screen.findByText('Your support session in Acme ended: its time ran out.', {}, { timeout: 4000 })).toBeInTheDocument();
    await waitFor(() => expect(router.state.location.pathname).toBe('/admin/teams'));
    expect(server.callsTo('POST /auth/logout')).toHaveLength(0);
    expect(screen.queryByText('Support session over')).not.toBeInTheDocument();
  });

  it('words every reason', () => {
    const at = { teamName: 'Acme', userName: 'Ada Lovelace' };
    expect(supportSessionEndedSentence({ ...at, endReason: 'ended_by_user' })).toBe(
      'Your support session in Acme ended: Ada Lovelace ended it.',
    );
    expect(supportSessionEndedSentence({ ...at, endReason: 'ended_by_admin' })).toBe(
      'Your support session in Acme ended: a super admin ended it.',
    );
    expect(supportSessionEndedSentence({ ...at, endReason: 'revoked' })).toBe('Your support session in Acme ended: access was revoked.');
    expect(supportSessionEndedSentence({ ...at, endReason: 'expired' })).toBe('Your support session in Acme ended: its time ran out.');
  });
});
