import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages, type InvitationPreview } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAuth, buildInvitationPreview, buildPage, buildTeam, buildUser, restrictionsDuringImpersonation } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

const LINK = '/invitations/tok-123';
const acmeAsMember = buildTeam({ role: 'member' });
const graceLabs = buildTeam({ id: 'team-grace', name: 'Grace Labs' });
const grace = buildUser({ id: 'user-grace', email: 'grace@example.com', firstName: 'Grace', lastName: 'Hopper', currentTeam: graceLabs });
const graceInAcme = { ...grace, currentTeam: acmeAsMember };

const anonymous = { 'POST /auth/refresh': apiError(401, 'UNAUTHORIZED') };

function invitationApi(preview: InvitationPreview | null, session: object = anonymous) {
  return mockApi({
    ...session,
    'GET /invitations/tok-123': preview ? { body: preview } : apiError(404, 'INVITATION_NOT_FOUND'),
    // Where people land once they joined.
    'GET /teams': { body: [graceLabs, acmeAsMember] },
    'GET /businesses': { body: buildPage([]) },
  });
}

describe('invitation landing page', () => {
  it('says in words that an unknown, used or expired invitation cannot be used', async () => {
    invitationApi(null);
    renderApp(LINK);

    expect(await screen.findByRole('heading', { level: 1, name: 'This invitation cannot be used' })).toBeInTheDocument();
    expect(screen.getByText(errorMessages.INVITATION_NOT_FOUND)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to sign in' })).toHaveAttribute('href', '/sign-in');
  });

  it('signed in as the invited address: shows the team, inviter, role and expiry, and Accept lands in the team', async () => {
    const server = invitationApi(buildInvitationPreview({ accountExists: true }), { 'POST /auth/refresh': { body: buildAuth(grace) } });
    server.on('POST /invitations/tok-123/accept', { body: buildAuth(graceInAcme, 'token-acme') });
    const { router } = renderApp(LINK);
    const events = userEvent.setup({ delay: null });

    expect(await screen.findByRole('heading', { level: 1, name: 'Join Acme on Vantage' })).toBeInTheDocument();
    const main = screen.getByRole('main');
    expect(main).toHaveTextContent('Ada Lovelace invited grace@example.com to join Acme as a member.');
    expect(main).toHaveTextContent('The invitation expires in 6 days');
    await events.click(screen.getByRole('button', { name: 'Accept and join' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Businesses' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Current team: Acme/ })).toBeInTheDocument();
    expect(screen.getByText('Welcome to Acme')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/businesses');
    expect(server.callsTo('POST /invitations/tok-123/accept')[0].body).toEqual({});
    await waitFor(() => expect(server.callsTo('GET /businesses').at(-1)?.authorization).toBe('Bearer token-acme'));
  });

  it('withdrawn while the page was open: accepting shows that the invitation cannot be used', async () => {
    const server = invitationApi(buildInvitationPreview({ accountExists: true }), { 'POST /auth/refresh': { body: buildAuth(grace) } });
    server.on('POST /invitations/tok-123/accept', apiError(404, 'INVITATION_NOT_FOUND'));
    renderApp(LINK);
    const events = userEvent.setup({ delay: null });

    await events.click(await screen.findByRole('button', { name: 'Accept and join' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'This invitation cannot be used' })).toBeInTheDocument();
    expect(screen.getByText(errorMessages.INVITATION_NOT_FOUND)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to your workspace' })).toHaveAttribute('href', '/');
  });

  it('refused as another address by the API (the email changed meanwhile): explains the mismatch instead of Accept', async () => {
    const server = invitationApi(buildInvitationPreview({ accountExists: true }), { 'POST /auth/refresh': { body: buildAuth(grace) } });
    server.on('POST /invitations/tok-123/accept', apiError(403, 'INVITATION_EMAIL_MISMATCH'));
    renderApp(LINK);
    const events = userEvent.setup({ delay: null });

    await events.click(await screen.findByRole('button', { name: 'Accept and join' }));

    expect(await screen.findByText('You are signed in with another account')).toBeInTheDocument();
    expect(screen.getByRole('main')).toHaveTextContent(errorMessages.INVITATION_EMAIL_MISMATCH);
    expect(screen.queryByRole('button', { name: 'Accept and join' })).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign out' })).toBeInTheDocument();
  });

  it('signed in as someone else: explains the mismatch and offers to sign out, then to sign in as the invited address', async () => {
    const server = invitationApi(buildInvitationPreview({ accountExists: true }), {
      'POST /auth/refresh': { body: buildAuth(buildUser()) },
    });
    server.on('POST /auth/logout', { status: 204 });
    renderApp(LINK);
    const events = userEvent.setup({ delay: null });

    const notice = await screen.findByText(/You are signed in as/);
    expect(notice).toHaveTextContent(`You are signed in as ada@example.com. ${errorMessages.INVITATION_EMAIL_MISMATCH}`);
    expect(screen.queryByRole('button', { name: 'Accept and join' })).not.toBeInTheDocument();
    await events.click(screen.getByRole('button', { name: 'Sign out' }));

    expect(await screen.findByRole('link', { name: 'Sign in to accept' })).toBeInTheDocument();
    expect(server.callsTo('POST /auth/logout')).toHaveLength(1);
    expect(server.callsTo('POST /invitations/tok-123/accept')).toHaveLength(0);
  });

  it('not signed in, with an account: "Sign in to accept" signs in as the invited address and comes back here', async () => {
    const server = invitationApi(buildInvitationPreview({ accountExists: true }));
    server.on('POST /auth/login', { body: { ...buildAuth(grace, 'token-grace'), twoFactorRequired: false } });
    const { router } = renderApp(LINK);
    const events = userEvent.setup({ delay: null });

    await events.click(await screen.findByRole('link', { name: 'Sign in to accept' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to Vantage' })).toBeInTheDocument();
    expect(screen.getByLabelText(/^Email/)).toHaveValue('grace@example.com');
    await fillIn(events, screen.getByLabelText(/^Password/), 'correct horse');
    await events.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByRole('button', { name: 'Accept and join' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe(LINK);
    expect(server.callsTo('POST /auth/login')[0].body).toEqual({ email: 'grace@example.com', password: 'correct horse' });
  });

  it('not signed in, without an account: creates the account from the invitation and lands in the team', async () => {
    const server = invitationApi(buildInvitationPreview());
    server.on('POST /invitations/tok-123/accept', {
      status: 201,
      body: buildAuth({ ...graceInAcme, currentTeam: acmeAsMember }, 'token-new'),
    });
    server.on('GET /teams', { body: [acmeAsMember] });
    const { router } = renderApp(LINK);
    const events = userEvent.setup({ delay: null });

    const form = await screen.findByRole('form', { name: 'Create your account' });
    expect(within(form).getByLabelText(/^Email/)).toHaveValue('grace@example.com');
    await fillIn(events, within(form).getByLabelText(/^Password/), 'short');
    await events.click(within(form).getByRole('button', { name: 'Create account and join' }));
    expect(within(form).getByLabelText(/^First name/)).toHaveAccessibleDescription('Enter your first name.');
    expect(within(form).getByLabelText(/^Password/)).toHaveAccessibleDescription(/Use at least 8 characters./);
    expect(server.callsTo('POST /invitations/tok-123/accept')).toHaveLength(0);

    await fillIn(events, within(form).getByLabelText(/^First name/), ' Grace ');
    await fillIn(events, within(form).getByLabelText(/^Last name/), 'Hopper');
    await fillIn(events, within(form).getByLabelText(/^Password/), '-and-longer');
    await events.click(within(form).getByRole('button', { name: 'Create account and join' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Businesses' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/businesses');
    expect(server.callsTo('POST /invitations/tok-123/accept')[0].body).toEqual({
      firstName: 'Grace',
      lastName: 'Hopper',
      password: 'short-and-longer',
    });
  });

  it('an account made meanwhile: SIGN_IN_TO_ACCEPT in words, with the way to sign in', async () => {
    const server = invitationApi(buildInvitationPreview());
    server.on('POST /invitations/tok-123/accept', apiError(409, 'SIGN_IN_TO_ACCEPT'));
    renderApp(LINK);
    const events = userEvent.setup({ delay: null });

    const form = await screen.findByRole('form', { name: 'Create your account' });
    await fillIn(events, within(form).getByLabelText(/^First name/), 'Grace');
    await fillIn(events, within(form).getByLabelText(/^Last name/), 'Hopper');
    await fillIn(events, within(form).getByLabelText(/^Password/), 'correct horse');
    await events.click(within(form).getByRole('button', { name: 'Create account and join' }));

    const alert = await within(form).findByRole('alert');
    expect(alert).toHaveTextContent(errorMessages.SIGN_IN_TO_ACCEPT);
    expect(within(alert).getByRole('link', { name: 'Sign in to accept' })).toHaveAttribute('href', '/sign-in');
  });

  it('cannot be accepted during an impersonation, and says why', async () => {
    const impersonatedGrace = buildUser({
      ...grace,
      restrictions: restrictionsDuringImpersonation(),
      impersonatedBy: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' },
      impersonationExpiresAt: new Date(Date.now() + 20 * 60_000).toISOString(),
    });
    const server = invitationApi(buildInvitationPreview({ accountExists: true }), {
      'POST /auth/refresh': { body: buildAuth(impersonatedGrace) },
    });
    renderApp(LINK);

    expect(await screen.findByText('You cannot accept this invitation now')).toBeInTheDocument();
    expect(screen.getByRole('main')).toHaveTextContent(errorMessages.FORBIDDEN_DURING_IMPERSONATION);
    expect(screen.getByRole('button', { name: 'Accept and join' })).toBeDisabled();
    expect(server.callsTo('POST /invitations/tok-123/accept')).toHaveLength(0);
  });
});
