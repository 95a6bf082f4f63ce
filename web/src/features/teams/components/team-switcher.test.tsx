import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ErrorCode, errorMessages, type TeamSummary } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAuth, buildPage, buildTeam, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { renderApp } from '@/testing/render';

const acme = buildTeam();
const globex = buildTeam({ id: 'team-globex', name: 'Globex', role: 'member' });

function signedInAs(user = buildUser(), teams: TeamSummary[] = [acme, globex]) {
  return mockApi({
    'POST /auth/refresh': { body: buildAuth(user, 'token-acme') },
    'GET /teams': { body: teams },
    'GET /businesses': { body: buildPage([]) },
  });
}

describe('team switcher', () => {
  it('shows the current team and lists every team with the person’s role', async () => {
    signedInAs();
    renderApp('/businesses');
    const user = userEvent.setup({ delay: null });

    const trigger = await screen.findByRole('button', { name: 'Current team: Acme. Switch team' });
    await user.click(trigger);

    const menu = await screen.findByRole('menu');
    const acmeItem = within(menu).getByRole('menuitem', { name: /Acme/ });
    expect(acmeItem).toHaveAttribute('aria-current', 'true');
    expect(acmeItem).toHaveTextContent('Owner');
    expect(within(menu).getByRole('menuitem', { name: /Globex/ })).toHaveTextContent('Member');
    expect(within(menu).getByRole('menuitem', { name: 'Create team' })).toBeInTheDocument();
  });

  it('switches team: new tokens are used and the header and page show the new team', async () => {
    const server = signedInAs();
    const inGlobex = buildUser({ currentTeam: globex });
    server.on('POST /teams/team-globex/switch', { body: buildAuth(inGlobex, 'token-globex') });
    renderApp('/businesses');
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByRole('button', { name: /Current team: Acme/ }));
    await user.click(await screen.findByRole('menuitem', { name: /Globex/ }));

    expect(await screen.findByRole('button', { name: 'Current team: Globex. Switch team' })).toBeInTheDocument();
    expect(await screen.findByRole('heading', { level: 1, name: 'Businesses' })).toBeInTheDocument();
    expect(within(screen.getByRole('main')).getByText('Globex')).toBeInTheDocument();
    expect(server.callsTo('POST /teams/team-globex/switch')[0].authorization).toBe('Bearer token-acme');
    // Team-scoped data is fetched again, now with the token for the new team.
    await waitFor(() => expect(server.callsTo('GET /teams').at(-1)?.authorization).toBe('Bearer token-globex'));
  });

  it('keeps the current team and explains why when the switch is refused', async () => {
    const server = signedInAs();
    server.on('POST /teams/team-globex/switch', apiError(404, 'TEAM_NOT_FOUND'));
    renderApp('/businesses');
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByRole('button', { name: /Current team: Acme/ }));
    await user.click(await screen.findByRole('menuitem', { name: /Globex/ }));

    expect(await screen.findByText(errorMessages.TEAM_NOT_FOUND)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Current team: Acme/ })).toBeInTheDocument();
  });

  it('cannot be used while impersonating, and says why', async () => {
    const impersonated = buildUser({
      impersonatedBy: { id: 'admin-1', name: 'Sam Support', email: 'sam@vantage.test' },
      impersonationExpiresAt: new Date(Date.now() + 20 * 60_000).toISOString(),
    });
    const server = signedInAs(impersonated);
    // Team creation is also offered in Profile settings → Your teams.
    server.on('GET /user/impersonations', { body: [] });
    server.on('GET /auth/sessions', { body: { items: [] } });
    renderApp('/settings');
    const user = userEvent.setup({ delay: null });

    const trigger = await screen.findByRole('button', { name: /Current team: Acme/ });
    expect(trigger).toHaveAccessibleName(`Current team: Acme. ${errorMessages.FORBIDDEN_DURING_IMPERSONATION}`);
    await user.click(trigger);
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Create team' })).toBeDisabled();
  });

  it('follows the restrictions the API lists, not who is signed in: a refused switch is disabled with the API’s sentence', async () => {
    const restricted = buildUser({
      restrictions: { switch_team: { code: ErrorCode.FORBIDDEN, message: errorMessages.FORBIDDEN } },
    });
    signedInAs(restricted);
    renderApp('/businesses');
    const user = userEvent.setup({ delay: null });

    const trigger = await screen.findByRole('button', { name: /Current team: Acme/ });
    expect(trigger).toHaveAccessibleName(`Current team: Acme. ${errorMessages.FORBIDDEN}`);
    await user.click(trigger);
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
  });
});
