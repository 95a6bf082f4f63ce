import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { CurrentUser, TeamMember } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAuth, buildBusiness, buildPage, buildTeam, buildTeamMember, buildTeamSettings, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { renderApp } from '@/testing/render';

const ada = buildTeamMember();
const grace = buildTeamMember({
  user: { id: 'user-grace', name: 'Grace Hopper', email: 'grace@example.com' },
  role: 'member',
  isTwoFactorEnabled: false,
});
const alan = buildTeamMember({
  user: { id: 'user-alan', name: 'Alan Turing', email: 'alan@example.com' },
  role: 'member',
  isTwoFactorEnabled: false,
});

const ACME_REQUIRES = { teamId: 'team-acme', teamName: 'Acme' };
const SENTENCE = 'Acme requires two-factor authentication for its members. Set it up to continue.';

/** Acme's team settings as its owner Ada sees them. */
function teamApi(user: CurrentUser, members: TeamMember[] = [ada, grace, alan]) {
  let settings = buildTeamSettings();
  const server = mockApi({
    'POST /auth/refresh': { body: buildAuth(user) },
    'GET /auth/me': { body: user },
    'GET /teams': { body: [user.currentTeam] },
    'GET /teams/team-acme': () => ({ body: settings }),
    'GET /teams/team-acme/members': { body: { items: members } },
    'GET /teams/team-acme/invitations': { body: { items: [] } },
    'GET /audit-logs': { body: buildPage([]) },
    'PATCH /teams/team-acme': (request) => {
      settings = { ...settings, ...(request.body as object) };
      return { body: settings };
    },
  });
  return server;
}

async function openTwoFactorRequirement() {
  renderApp('/team');
  const events = userEvent.setup({ delay: null });
  const section = await screen.findByRole('region', { name: 'Two-factor authentication' });
  const toggle = await within(section).findByRole('switch', { name: 'Require two-factor for everyone' });
  return { events, section, toggle };
}

describe('Require two-factor for everyone (team settings)', () => {
  it('an owner with 2FA switches it on after a confirmation that counts the members without it', async () => {
    const server = teamApi(buildUser({ isTwoFactorEnabled: true, twoFactorMethod: 'totp' }));
    const { events, toggle } = await openTwoFactorRequirement();
    expect(toggle).not.toBeChecked();
    expect(toggle).toBeEnabled();

    await events.click(toggle);
    const dialog = await screen.findByRole('dialog', { name: 'Require two-factor for everyone in Acme?' });
    expect(dialog).toHaveTextContent('2 members do not have two-factor authentication yet. They’ll be asked to set it up');
    expect(server.callsTo('PATCH /teams/team-acme')).toHaveLength(0);

    await events.click(within(dialog).getByRole('button', { name: 'Require two-factor' }));
    await waitFor(() => expect(toggle).toBeChecked());
    expect(server.callsTo('PATCH /teams/team-acme').map((request) => request.body)).toEqual([{ requireTwoFactor: true }]);

    // Switching it off asks nothing: it only loosens.
    await events.click(toggle);
    await waitFor(() => expect(toggle).not.toBeChecked());
    expect(server.callsTo('PATCH /teams/team-acme').map((request) => request.body)).toEqual([
      { requireTwoFactor: true },
      { requireTwoFactor: false },
    ]);
  });

  it('cancelling the confirmation changes nothing', async () => {
    const server = teamApi(buildUser({ isTwoFactorEnabled: true, twoFactorMethod: 'email' }), [ada]);
    const { events, toggle } = await openTwoFactorRequirement();
    await events.click(toggle);
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Everyone in the team already uses two-factor authentication.');
    await events.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(toggle).not.toBeChecked();
    expect(server.callsTo('PATCH /teams/team-acme')).toHaveLength(0);
  });

  it('is disabled with the reason, and a link to set it up, while the owner’s own 2FA is off', async () => {
    teamApi(buildUser({ isTwoFactorEnabled: false }));
    const { section, toggle } = await openTwoFactorRequirement();
    expect(toggle).toBeDisabled();
    expect(section).toHaveTextContent('Turn on two-factor authentication for your own account first.');
    expect(within(section).getByRole('link', { name: 'Set up two-factor authentication' })).toHaveAttribute('href', '/settings#two-factor');
  });

  it('a member reads whether it is required, without a switch', async () => {
    const member = buildUser({ currentTeam: buildTeam({ role: 'member' }), isTwoFactorEnabled: true, twoFactorMethod: 'email' });
    teamApi(member);
    renderApp('/team');
    const section = await screen.findByRole('region', { name: 'Two-factor authentication' });
    expect(await within(section).findByText('Two-factor authentication is not required')).toBeInTheDocument();
    expect(within(section).queryByRole('switch')).not.toBeInTheDocument();
  });
});

/** A member of Acme (which requires 2FA) without it; turning on email codes makes /auth/me answer them in. */
function blockedMemberApi(options: { otherTeam?: boolean } = {}) {
  const acme = buildTeam({ role: 'member' });
  const north = buildTeam({ id: 'team-north', name: 'North Region', role: 'owner' });
  let current = buildUser({ currentTeam: acme, twoFactorRequiredBy: ACME_REQUIRES });
  const server = mockApi({
    'POST /auth/refresh': { body: buildAuth(current) },
    'GET /auth/me': () => ({ body: current }),
    'GET /teams': { body: options.otherTeam ? [acme, north] : [acme] },
    'GET /user/impersonations': { body: [] },
    'GET /auth/sessions': { body: { items: [] } },
    'GET /user/two-factor': () => ({
      body: { enabled: current.isTwoFactorEnabled, method: current.twoFactorMethod, recoveryCodesLeft: 0, recoveryCodeUsedAt: null },
    }),
    'GET /user/passkeys': { body: { items: [] } },
    'PUT /user/two-factor': () => {
      current = { ...current, isTwoFactorEnabled: true, twoFactorMethod: 'email', twoFactorRequiredBy: null };
      return { body: { enabled: true, method: 'email' } };
    },
    'GET /businesses': () =>
      current.twoFactorRequiredBy
        ? apiError(403, 'TEAM_REQUIRES_TWO_FACTOR', 'requires', { details: ACME_REQUIRES })
        : { body: buildPage([buildBusiness()]) },
    'POST /teams/team-north/switch': () => {
      current = { ...current, currentTeam: north, twoFactorRequiredBy: null };
      return { body: buildAuth(current, 'access-token-north') };
    },
  });
  return server;
}

describe('a member whose team requires two-factor', () => {
  it('is taken straight to setting it up, with the sentence; once it is on, Continue brings them back to the page they wanted', async () => {
    const server = blockedMemberApi();
    const { router } = renderApp('/leads?status=new');
    const events = userEvent.setup({ delay: null });

    const notice = await screen.findByRole('alert');
    expect(notice).toHaveTextContent(SENTENCE);
    expect(router.state.location.pathname).toBe('/settings');
    expect(router.state.location.hash).toBe('#two-factor');
    // The team's data was never asked for.
    expect(server.callsTo('GET /leads')).toHaveLength(0);

    const section = await screen.findByRole('region', { name: 'Two-factor authentication' });
    await events.click(await within(section).findByRole('button', { name: 'Use email codes' }));

    const done = await screen.findByRole('button', { name: 'Continue to Acme' });
    expect(screen.queryByText(SENTENCE)).not.toBeInTheDocument();
    server.on('GET /leads', { body: buildPage([]) });
    await events.click(done);
    await waitFor(() => expect(router.state.location.pathname).toBe('/leads'));
    expect(router.state.location.search).toBe('?status=new');
  });

  it('a 403 TEAM_REQUIRES_TWO_FACTOR met anywhere (switched on since /auth/me was read) takes them there too', async () => {
    const server = blockedMemberApi();
    // /auth/me was read before the owner switched the requirement on.
    server.on('POST /auth/refresh', { body: buildAuth(buildUser({ currentTeam: buildTeam({ role: 'member' }) })) });
    const { router } = renderApp('/businesses');

    expect(await screen.findByText(SENTENCE)).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/settings');
    expect(server.callsTo('GET /businesses')).toHaveLength(1);
  });

  it('can switch to another of their teams instead, and lands in its businesses', async () => {
    const server = blockedMemberApi({ otherTeam: true });
    const { router } = renderApp('/businesses');
    const events = userEvent.setup({ delay: null });

    const notice = await screen.findByRole('alert');
    await events.click(await within(notice).findByRole('button', { name: 'Switch to North Region' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/businesses'));
    expect(server.callsTo('POST /teams/team-north/switch')).toHaveLength(1);
    expect(await screen.findByText(buildBusiness().name)).toBeInTheDocument();
  });
});
