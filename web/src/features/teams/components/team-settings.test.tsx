import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages, type CurrentUser, type PendingInvitation, type TeamMember, type TeamSummary } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAuth, buildPage, buildPendingInvitation, buildTeam, buildTeamMember, buildTeamSettings, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

const ada = buildTeamMember();
const grace = buildTeamMember({
  user: { id: 'user-grace', name: 'Grace Hopper', email: 'grace@example.com' },
  role: 'member',
  isTwoFactorEnabled: false,
  joinedAt: '2026-04-02T10:00:00.000Z',
});

interface TeamScenario {
  user?: CurrentUser;
  teams?: TeamSummary[];
  members?: TeamMember[];
  invitations?: PendingInvitation[];
}

/** Acme's settings as the API answers them; members and invitations can change during a test. */
function teamApi({ user = buildUser(), teams, members = [ada, grace], invitations = [] }: TeamScenario = {}) {
  const state = { members, invitations };
  const server = mockApi({
    'POST /auth/refresh': { body: buildAuth(user) },
    'GET /teams': { body: teams ?? [user.currentTeam] },
    'GET /teams/team-acme': { body: buildTeamSettings() },
    'GET /teams/team-acme/members': () => ({ body: { items: state.members } }),
    'GET /teams/team-acme/invitations': () => ({ body: { items: state.invitations } }),
  });
  return { ...server, state };
}

async function openTeamSettings() {
  renderApp('/team');
  const events = userEvent.setup({ delay: null });
  const members = await screen.findByRole('table', { name: 'Members' });
  return { events, members };
}

const rowOf = (table: HTMLElement, name: string) =>
  within(table)
    .getAllByRole('row')
    .find((row) => row.textContent?.includes(name))!;

describe('team settings', () => {
  it('is reached from the team menu', async () => {
    teamApi().on('GET /businesses', { body: buildPage([]) });
    const { router } = renderApp('/businesses');
    const events = userEvent.setup({ delay: null });

    await events.click(await screen.findByRole('button', { name: /Current team: Acme/ }));
    await events.click(await screen.findByRole('menuitem', { name: /Team settings/ }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Team settings' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/team');
  });

  it('shows an owner every member with role, two-factor and when they joined', async () => {
    teamApi();
    const { members } = await openTeamSettings();

    const adaRow = rowOf(members, 'Ada Lovelace');
    expect(adaRow).toHaveTextContent('You');
    expect(within(adaRow).getByRole('combobox', { name: 'Role of Ada Lovelace' })).toHaveValue('owner');
    expect(within(adaRow).getByText('On')).toBeInTheDocument();
    expect(within(adaRow).getByRole('button', { name: 'Leave team' })).toBeEnabled();

    const graceRow = rowOf(members, 'Grace Hopper');
    expect(graceRow).toHaveTextContent('grace@example.com');
    expect(graceRow).toHaveTextContent('Off');
    expect(graceRow).toHaveTextContent('2 Apr 2026');
    expect(within(graceRow).getByRole('combobox', { name: 'Role of Grace Hopper' })).toHaveValue('member');
    expect(within(graceRow).getByRole('button', { name: 'Remove Grace Hopper' })).toBeEnabled();

    expect(await screen.findByText('No invitations are waiting for an answer.')).toBeInTheDocument();
  });

  it('invites by email: a member already is refused next to the address, a new one is sent and listed as pending', async () => {
    const server = teamApi();
    server.on('POST /teams/team-acme/invitations', (request) => {
      const { email, role } = request.body as { email: string; role: 'owner' | 'member' };
      if (email === 'grace@example.com') return apiError(409, 'ALREADY_MEMBER');
      const invitation = buildPendingInvitation({ id: 'invitation-alan', email, role });
      server.state.invitations = [invitation];
      return { status: 201, body: { id: invitation.id, email, role, expiresAt: invitation.expiresAt } };
    });
    const { events } = await openTeamSettings();
    const form = screen.getByRole('form', { name: 'Invite someone' });
    const email = within(form).getByLabelText(/^Email/);

    await events.click(within(form).getByRole('button', { name: 'Send invitation' }));
    expect(email).toHaveAccessibleDescription('Enter the email address to send the invitation to.');
    expect(server.callsTo('POST /teams/team-acme/invitations')).toHaveLength(0);

    await fillIn(events, email, 'grace@example.com');
    await events.click(within(form).getByRole('button', { name: 'Send invitation' }));
    await waitFor(() => expect(email).toHaveAccessibleDescription(errorMessages.ALREADY_MEMBER));

    await events.clear(email);
    await fillIn(events, email, ' alan@example.com ');
    await events.selectOptions(within(form).getByLabelText('Role'), 'owner');
    await events.click(within(form).getByRole('button', { name: 'Send invitation' }));

    expect(
      await screen.findByText(/We emailed alan@example.com a link to join Acme as an owner. It works for 7 days./),
    ).toBeInTheDocument();
    const pending = await screen.findByRole('table', { name: 'Pending invitations' });
    expect(rowOf(pending, 'alan@example.com')).toHaveTextContent('Owner');
    expect(rowOf(pending, 'alan@example.com')).toHaveTextContent('Ada Lovelace');
    expect(server.callsTo('POST /teams/team-acme/invitations').map((request) => request.body)).toEqual([
      { email: 'grace@example.com', role: 'member' },
      { email: 'alan@example.com', role: 'owner' },
    ]);
    expect(email).toHaveValue('');
  });

  it('withdraws a pending invitation: its link stops working and it leaves the list', async () => {
    const server = teamApi({ invitations: [buildPendingInvitation({ email: 'alan@example.com' })] });
    server.on('DELETE /teams/team-acme/invitations/invitation-1', () => {
      server.state.invitations = [];
      return { status: 204 };
    });
    const { events } = await openTeamSettings();

    const pending = await screen.findByRole('table', { name: 'Pending invitations' });
    expect(pending).toHaveTextContent('in 6 days');
    await events.click(within(pending).getByRole('button', { name: 'Withdraw the invitation to alan@example.com' }));

    expect(await screen.findByText('No invitations are waiting for an answer.')).toBeInTheDocument();
    expect(screen.getByText('The link sent to alan@example.com no longer works.')).toBeInTheDocument();
    expect(server.callsTo('DELETE /teams/team-acme/invitations/invitation-1')).toHaveLength(1);
  });

  it('changes roles: another member becomes an owner; stepping down asks first, and LAST_OWNER is said in words', async () => {
    const server = teamApi();
    server.on('PATCH /teams/team-acme/members/user-grace', (request) => {
      server.state.members = [ada, { ...grace, role: 'owner' }];
      return { body: { ...grace, ...(request.body as object) } };
    });
    server.on('PATCH /teams/team-acme/members/user-ada', apiError(409, 'LAST_OWNER'));
    const { events, members } = await openTeamSettings();

    await events.selectOptions(within(members).getByRole('combobox', { name: 'Role of Grace Hopper' }), 'owner');
    expect(await screen.findByText('Grace Hopper is now an owner of Acme.')).toBeInTheDocument();
    await waitFor(() => expect(within(members).getByRole('combobox', { name: 'Role of Grace Hopper' })).toHaveValue('owner'));
    expect(server.callsTo('PATCH /teams/team-acme/members/user-grace')[0].body).toEqual({ role: 'owner' });

    await events.selectOptions(within(members).getByRole('combobox', { name: 'Role of Ada Lovelace' }), 'member');
    const dialog = await screen.findByRole('dialog', { name: 'Stop being an owner?' });
    expect(server.callsTo('PATCH /teams/team-acme/members/user-ada')).toHaveLength(0);
    await events.click(within(dialog).getByRole('button', { name: 'Make me a member' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(errorMessages.LAST_OWNER);
    expect(server.callsTo('PATCH /teams/team-acme/members/user-ada')[0].body).toEqual({ role: 'member' });
    expect(within(members).getByRole('combobox', { name: 'Role of Ada Lovelace' })).toHaveValue('owner');
  });

  it('shows a refused role change above the members, in words', async () => {
    const server = teamApi({ members: [ada, { ...grace, role: 'owner' }] });
    server.on('PATCH /teams/team-acme/members/user-grace', apiError(409, 'LAST_OWNER'));
    const { events, members } = await openTeamSettings();

    await events.selectOptions(within(members).getByRole('combobox', { name: 'Role of Grace Hopper' }), 'member');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('The role was not changed');
    expect(alert).toHaveTextContent(errorMessages.LAST_OWNER);
    expect(within(members).getByRole('combobox', { name: 'Role of Grace Hopper' })).toHaveValue('owner');
  });

  it('removes a member after confirming (the focus starts on Cancel)', async () => {
    const server = teamApi();
    server.on('DELETE /teams/team-acme/members/user-grace', () => {
      server.state.members = [ada];
      return { status: 204 };
    });
    const { events, members } = await openTeamSettings();

    await events.click(within(members).getByRole('button', { name: 'Remove Grace Hopper' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove Grace Hopper?' });
    expect(dialog).toHaveTextContent('loses access to Acme');
    // The harmless choice has the focus: Enter alone does not remove anyone.
    await waitFor(() => expect(within(dialog).getByRole('button', { name: 'Cancel' })).toHaveFocus());
    expect(server.callsTo('DELETE /teams/team-acme/members/user-grace')).toHaveLength(0);
    await events.click(within(dialog).getByRole('button', { name: 'Remove from team' }));

    await waitFor(() => expect(members).not.toHaveTextContent('Grace Hopper'));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(await screen.findByText(/Grace Hopper no longer has access to Acme/)).toBeInTheDocument();
    expect(server.callsTo('DELETE /teams/team-acme/members/user-grace')).toHaveLength(1);
  });

  it('renames the team (owners), and the header follows', async () => {
    const user = buildUser();
    const server = teamApi({ user });
    server.on('PATCH /teams/team-acme', (request) => ({
      body: { id: 'team-acme', name: (request.body as { name: string }).name, requireTwoFactor: false, supportAccess: 'allowed' },
    }));
    server.on('GET /auth/me', { body: { ...user, currentTeam: buildTeam({ name: 'Acme Europe 🇪🇺' }) } });
    const { events } = await openTeamSettings();
    const form = screen.getByRole('form', { name: 'Team name' });
    const name = within(form).getByLabelText(/^Team name/);

    await events.clear(name);
    await fillIn(events, name, '  Acme Europe 🇪🇺 ');
    await events.click(within(form).getByRole('button', { name: 'Save name' }));

    expect(await screen.findByRole('button', { name: /Current team: Acme Europe 🇪🇺/ })).toBeInTheDocument();
    expect(server.callsTo('PATCH /teams/team-acme')[0].body).toEqual({ name: 'Acme Europe 🇪🇺' });
  });

  it('shows a member the team read-only, and leaving moves them on to their other team', async () => {
    const member = buildUser({ currentTeam: buildTeam({ role: 'member' }) });
    const globex = buildTeam({ id: 'team-globex', name: 'Globex', role: 'owner' });
    const alan = buildTeamMember({ user: { id: 'user-alan', name: 'Alan Turing', email: 'alan@example.com' } });
    const server = teamApi({ user: member, teams: [member.currentTeam!, globex], members: [alan, { ...ada, role: 'member' }] });
    server.on('DELETE /teams/team-acme/members/user-ada', () => {
      server.on('GET /teams', { body: [globex] });
      return { status: 204 };
    });
    server.on('POST /teams/team-globex/switch', { body: buildAuth(buildUser({ currentTeam: globex }), 'token-globex') });
    server.on('GET /businesses', { body: buildPage([]) });
    const { events, members } = await openTeamSettings();

    expect(within(members).queryByRole('combobox')).not.toBeInTheDocument();
    expect(within(members).queryByRole('button', { name: /Remove/ })).not.toBeInTheDocument();
    expect(rowOf(members, 'Alan Turing')).toHaveTextContent('Owner');
    expect(screen.getByText('Only the team’s owners can rename it.')).toBeInTheDocument();
    expect(screen.queryByRole('form', { name: 'Invite someone' })).not.toBeInTheDocument();
    expect(server.callsTo('GET /teams/team-acme/invitations')).toHaveLength(0);

    await events.click(within(rowOf(members, 'Ada Lovelace')).getByRole('button', { name: 'Leave team' }));
    const dialog = await screen.findByRole('dialog', { name: 'Leave Acme?' });
    await events.click(within(dialog).getByRole('button', { name: 'Leave team' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Businesses' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Current team: Globex/ })).toBeInTheDocument();
    expect(screen.getByText('You are now working in Globex.')).toBeInTheDocument();
    expect(server.callsTo('POST /teams/team-globex/switch')).toHaveLength(1);
  });

  it('says in words why the last owner cannot leave', async () => {
    const server = teamApi({ members: [ada, grace] });
    server.on('DELETE /teams/team-acme/members/user-ada', apiError(409, 'LAST_OWNER'));
    const { events, members } = await openTeamSettings();

    await events.click(within(rowOf(members, 'Ada Lovelace')).getByRole('button', { name: 'Leave team' }));
    const dialog = await screen.findByRole('dialog', { name: 'Leave Acme?' });
    await events.click(within(dialog).getByRole('button', { name: 'Leave team' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(errorMessages.LAST_OWNER);
    expect(server.callsTo('GET /teams').length).toBeLessThanOrEqual(1);
  });

  it('during an impersonation: the owner’s controls are disabled with the API’s sentence, and invitations are not asked for', async () => {
    const impersonated = buildUser({
      impersonatedBy: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' },
      impersonationExpiresAt: new Date(Date.now() + 20 * 60_000).toISOString(),
    });
    const server = teamApi({ user: impersonated });
    const { members } = await openTeamSettings();

    expect(within(members).getByRole('combobox', { name: 'Role of Grace Hopper' })).toBeDisabled();
    expect(within(members).getByRole('button', { name: 'Remove Grace Hopper' })).toBeDisabled();
    expect(within(members).getByRole('button', { name: 'Leave team' })).toBeDisabled();
    expect(within(screen.getByRole('form', { name: 'Team name' })).getByLabelText(/^Team name/)).toBeDisabled();
    expect(within(screen.getByRole('form', { name: 'Invite someone' })).getByLabelText(/^Email/)).toBeDisabled();
    expect(screen.getByRole('region', { name: 'Pending invitations' })).toHaveTextContent(errorMessages.FORBIDDEN_DURING_IMPERSONATION);
    expect(screen.getByRole('region', { name: 'Members' })).toHaveTextContent(errorMessages.FORBIDDEN_DURING_IMPERSONATION);
    expect(server.callsTo('GET /teams/team-acme/invitations')).toHaveLength(0);
  });
});
