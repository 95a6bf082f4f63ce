import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ErrorCode, errorMessages } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAuth, buildTeam, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

const supportSession = buildUser({
  isTwoFactorEnabled: true,
  twoFactorMethod: 'email',
  impersonatedBy: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' },
  impersonationExpiresAt: new Date(Date.now() + 20 * 60_000).toISOString(),
});

const switchName = 'Allow Vantage support to access my account';

describe('profile settings', () => {
  it('while support impersonates the account: support access, password and two-factor are locked, with the reason', async () => {
    const server = mockApi({
      'POST /auth/refresh': { body: buildAuth(supportSession, 'impersonation-token') },
      'GET /teams': { body: [buildTeam()] },
      'GET /user/impersonations': { body: [] },
      'GET /auth/sessions': { body: { items: [] } },
    });
    renderApp('/settings');

    const supportSwitch = await screen.findByRole('switch', { name: switchName });
    expect(supportSwitch).toBeDisabled();
    expect(supportSwitch).toBeChecked();
    const supportSection = screen.getByRole('region', { name: 'Support access' });
    expect(supportSection).toHaveTextContent(errorMessages.FORBIDDEN_DURING_IMPERSONATION);

    const passwordSection = screen.getByRole('region', { name: 'Password' });
    expect(within(passwordSection).getByLabelText(/Current password/)).toBeDisabled();
    expect(within(passwordSection).getByRole('button', { name: 'Change password' })).toBeDisabled();

    const twoFactorSection = screen.getByRole('region', { name: 'Two-factor authentication' });
    expect(twoFactorSection).toHaveTextContent('Locked during support access');
    expect(twoFactorSection).toHaveTextContent(/6-digit code we email you/);
    expect(within(twoFactorSection).queryByRole('button')).not.toBeInTheDocument();

    // The API answers 403 to this during impersonation: the page must not even ask. (The two-factor state
    // is the current user's; the mock API fails the test on any request it was not given.)
    expect(server.callsTo('PATCH /user/profile')).toHaveLength(0);
  });

  it('the owner switches support access off and sees who accessed the account, for how long and why', async () => {
    const user = buildUser();
    const server = mockApi({
      'POST /auth/refresh': { body: buildAuth(user) },
      'GET /teams': { body: [buildTeam()] },
      'GET /auth/sessions': { body: { items: [] } },
      'GET /user/impersonations': {
        body: [
          {
            id: 'imp-1',
            impersonator: { name: 'Sam Support', email: 'sam@vantage.test' },
            startedAt: '2026-03-12T09:00:00.000Z',
            endedAt: '2026-03-12T09:12:00.000Z',
            expiresAt: '2026-03-12T09:30:00.000Z',
            endReason: 'cancelled',
            reason: 'Ticket 4821: leads import',
          },
        ],
      },
      'PATCH /user/profile': (request) => ({ body: { ...user, ...(request.body as object) } }),
    });
    renderApp('/settings');
    const events = userEvent.setup({ delay: null });

    const history = await screen.findByRole('table', { name: 'Support access history' });
    const row = within(history).getAllByRole('row')[1];
    expect(row).toHaveTextContent('Sam Support');
    expect(row).toHaveTextContent('12 minutes');
    expect(row).toHaveTextContent('Ticket 4821: leads import');
    expect(row).toHaveTextContent('Support returned to their own account');

    const supportSwitch = screen.getByRole('switch', { name: switchName });
    expect(supportSwitch).toHaveAccessibleDescription(/every access is logged .* you are emailed/i);
    await events.click(supportSwitch);

    await waitFor(() => expect(supportSwitch).not.toBeChecked());
    expect(server.callsTo('PATCH /user/profile')[0].body).toEqual({ impersonationAllowed: false });
    expect(await screen.findByText('Support access switched off')).toBeInTheDocument();
  });

  it('switching support access off shows the running support session ended, without a reload', async () => {
    const user = buildUser();
    const startedAt = new Date(Date.now() - 5 * 60_000);
    const running = {
      id: 'imp-2',
      impersonator: { name: 'Sam Support', email: 'sam@vantage.test' },
      startedAt: startedAt.toISOString(),
      endedAt: null as string | null,
      expiresAt: new Date(startedAt.getTime() + 30 * 60_000).toISOString(),
      endReason: null as string | null,
      reason: null,
    };
    let supportAllowed = true;
    mockApi({
      'POST /auth/refresh': { body: buildAuth(user) },
      'GET /teams': { body: [buildTeam()] },
      'GET /auth/sessions': { body: { items: [] } },
      'GET /user/impersonations': () => ({
        body: [supportAllowed ? running : { ...running, endedAt: new Date().toISOString(), endReason: 'revoked' }],
      }),
      'PATCH /user/profile': (request) => {
        supportAllowed = false;
        return { body: { ...user, ...(request.body as object) } };
      },
    });
    renderApp('/settings');
    const events = userEvent.setup({ delay: null });

    const history = await screen.findByRole('table', { name: 'Support access history' });
    expect(within(history).getAllByRole('row')[1]).toHaveTextContent('Still active');

    await events.click(screen.getByRole('switch', { name: switchName }));

    await waitFor(() => expect(within(history).getAllByRole('row')[1]).toHaveTextContent('Ended when access was withdrawn'));
    expect(within(history).queryByText('Still active')).not.toBeInTheDocument();
  });

  it('a wrong current password is shown next to that field', async () => {
    const server = mockApi({
      'POST /auth/refresh': { body: buildAuth() },
      'GET /teams': { body: [buildTeam()] },
      'GET /user/impersonations': { body: [] },
      'GET /auth/sessions': { body: { items: [] } },
      'PATCH /user/password': apiError(401, 'WRONG_PASSWORD'),
    });
    const { router } = renderApp('/settings');
    const events = userEvent.setup({ delay: null });
    const section = await screen.findByRole('region', { name: 'Password' });

    await fillIn(events, within(section).getByLabelText(/Current password/), 'not it');
    await fillIn(events, within(section).getByLabelText(/^New password/), 'a-new-password');
    await fillIn(events, within(section).getByLabelText(/Repeat the new password/), 'a-new-password');
    await events.click(within(section).getByRole('button', { name: 'Change password' }));

    await waitFor(() =>
      expect(within(section).getByLabelText(/Current password/)).toHaveAccessibleDescription(errorMessages.WRONG_PASSWORD),
    );
    expect(server.callsTo('PATCH /user/password')[0].body).toEqual({ currentPassword: 'not it', newPassword: 'a-new-password' });
    expect(router.state.location.pathname).toBe('/settings');
  });

  it('locks only what the API restricts, with the API’s sentence', async () => {
    const user = buildUser({
      restrictions: { change_password: { code: ErrorCode.FORBIDDEN, message: errorMessages.FORBIDDEN } },
    });
    mockApi({
      'POST /auth/refresh': { body: buildAuth(user) },
      'GET /teams': { body: [buildTeam()] },
      'GET /user/impersonations': { body: [] },
      'GET /auth/sessions': { body: { items: [] } },
    });
    renderApp('/settings');

    const passwordSection = await screen.findByRole('region', { name: 'Password' });
    expect(passwordSection).toHaveTextContent(errorMessages.FORBIDDEN);
    expect(passwordSection).not.toHaveTextContent('Only the account owner');
    expect(within(passwordSection).getByLabelText(/Current password/)).toBeDisabled();
    expect(within(passwordSection).getByRole('button', { name: 'Change password' })).toBeDisabled();

    expect(screen.getByRole('switch', { name: switchName })).toBeEnabled();
    const twoFactorSection = screen.getByRole('region', { name: 'Two-factor authentication' });
    expect(within(twoFactorSection).getByRole('button', { name: 'Use email codes' })).toBeEnabled();
    expect(screen.getByRole('button', { name: 'Create team' })).toBeEnabled();
  });
});
