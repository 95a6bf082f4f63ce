import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages, type CurrentUser, type SupportAccessPolicy, type UpdateTeamRequest } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAuth, buildTeam, buildTeamMember, buildTeamSettings, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { renderApp } from '@/testing/render';

/** Acme's Team settings as the API answers them, with its support access policy `policy`. */
function teamApi({ user = buildUser(), policy = 'allowed' }: { user?: CurrentUser; policy?: SupportAccessPolicy } = {}) {
  const state = { policy };
  const server = mockApi({
    'POST /auth/refresh': { body: buildAuth(user) },
    'GET /auth/me': { body: user },
    'GET /teams': { body: [user.currentTeam] },
    'GET /teams/team-acme': () => ({ body: buildTeamSettings({ supportAccess: state.policy }) }),
    'GET /teams/team-acme/members': { body: { items: [buildTeamMember()] } },
    'GET /teams/team-acme/invitations': { body: { items: [] } },
    'GET /user/impersonations': { body: [] },
  });
  return { ...server, state };
}

async function openSupportAccess() {
  renderApp('/team');
  const events = userEvent.setup({ delay: null });
  const section = await screen.findByRole('region', { name: 'Support access' });
  return { events, section };
}

describe('team settings: support access', () => {
  it('offers owners the three choices, each with its sentence, starting from the team’s policy', async () => {
    teamApi({ policy: 'approval' });
    const { section } = await openSupportAccess();

    const allowed = await within(section).findByRole('radio', { name: 'Allowed' });
    expect(allowed).not.toBeChecked();
    expect(allowed).toHaveAccessibleDescription('Support may enter after a fresh two-factor check; the person is emailed.');
    expect(within(section).getByRole('radio', { name: 'Only with approval' })).toBeChecked();
    expect(within(section).getByRole('radio', { name: 'Only with approval' })).toHaveAccessibleDescription(
      'Support asks first; the person or an owner approves for a time and read-only or read-and-write.',
    );
    expect(within(section).getByRole('radio', { name: 'Never' })).toBeInTheDocument();
    expect(within(section).getByRole('button', { name: 'Save support access' })).toBeDisabled();
    expect(within(section).getByRole('link', { name: 'Access requests' })).toHaveAttribute('href', '/access-requests');
  });

  it('saves a stricter choice with PATCH /teams/:id, warning first that running support sessions end', async () => {
    const server = teamApi({ policy: 'allowed' });
    server.on('PATCH /teams/team-acme', (request) => {
      server.state.policy = (request.body as UpdateTeamRequest).supportAccess!;
      return { body: buildTeamSettings({ supportAccess: server.state.policy }) };
    });
    const { events, section } = await openSupportAccess();

    // Arrow keys move through the choices, as in any radio group.
    await events.click(await within(section).findByRole('radio', { name: 'Allowed' }));
    await events.keyboard('{ArrowDown}');
    expect(within(section).getByRole('radio', { name: 'Only with approval' })).toBeChecked();
    expect(within(section).getByRole('alert', { hidden: true })).toHaveTextContent(
      'Saving ends at once any support session in this team that this choice does not allow.',
    );

    await events.click(within(section).getByRole('button', { name: 'Save support access' }));

    expect(await screen.findByText(/^Only with approval: Support asks first/)).toBeInTheDocument();
    expect(server.callsTo('PATCH /teams/team-acme').map((request) => request.body)).toEqual([{ supportAccess: 'approval' }]);
    await waitFor(() => expect(within(section).getByRole('button', { name: 'Save support access' })).toBeDisabled());
    expect(within(section).getByRole('radio', { name: 'Only with approval' })).toBeChecked();
    // The sessions it ended show in the history and the live banner.
    await waitFor(() => expect(server.callsTo('GET /auth/me').length).toBeGreaterThan(0));
  });

  it('does not warn when opening up, since nothing running ends', async () => {
    teamApi({ policy: 'never' });
    const { events, section } = await openSupportAccess();

    await events.click(await within(section).findByRole('radio', { name: 'Allowed' }));

    expect(within(section).queryByText(/Saving ends at once/)).not.toBeInTheDocument();
    expect(within(section).getByRole('button', { name: 'Save support access' })).toBeEnabled();
  });

  it('says a refusal in words and keeps the choice to try again', async () => {
    const server = teamApi();
    server.on('PATCH /teams/team-acme', apiError(403, 'TEAM_OWNER_REQUIRED'));
    const { events, section } = await openSupportAccess();

    await events.click(await within(section).findByRole('radio', { name: 'Never' }));
    await events.click(within(section).getByRole('button', { name: 'Save support access' }));

    expect(await within(section).findByText(errorMessages.TEAM_OWNER_REQUIRED)).toBeInTheDocument();
    expect(within(section).getByRole('radio', { name: 'Never' })).toBeChecked();
  });

  it('shows members the policy read-only', async () => {
    teamApi({ user: buildUser({ currentTeam: buildTeam({ role: 'member' }) }), policy: 'never' });
    const { section } = await openSupportAccess();

    expect(await within(section).findByText('Never')).toBeInTheDocument();
    expect(section).toHaveTextContent('Nobody from Vantage support may enter this team.');
    expect(section).toHaveTextContent('Only the team’s owners can change it.');
    expect(within(section).queryByRole('radio')).not.toBeInTheDocument();
  });

  it('during an impersonation: the choices are disabled with the API’s sentence', async () => {
    teamApi({
      user: buildUser({
        impersonatedBy: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' },
        impersonationExpiresAt: new Date(Date.now() + 20 * 60_000).toISOString(),
      }),
    });
    const { section } = await openSupportAccess();

    for (const radio of await within(section).findAllByRole('radio')) expect(radio).toBeDisabled();
    expect(within(section).getByRole('button', { name: 'Save support access' })).toBeDisabled();
    expect(section).toHaveTextContent(errorMessages.FORBIDDEN_DURING_IMPERSONATION);
    expect(section).toHaveTextContent('Only the team’s owners decide about support access.');
  });

  it('says when the policy could not be read, and reads it again on Try again', async () => {
    const server = teamApi();
    server.on('GET /teams/team-acme', apiError(503, 'SERVICE_UNAVAILABLE'));
    const { events, section } = await openSupportAccess();

    expect(await within(section).findByText('Could not load support access')).toBeInTheDocument();
    server.on('GET /teams/team-acme', { body: buildTeamSettings() });
    await events.click(within(section).getByRole('button', { name: 'Try again' }));
    expect(await within(section).findByRole('radio', { name: 'Allowed' })).toBeChecked();
  });
});
