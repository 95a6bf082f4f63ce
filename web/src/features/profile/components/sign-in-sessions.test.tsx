import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages, type CurrentUser, type SignInSession } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAuth, buildSignInSession, buildTeam, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

const thisDevice = buildSignInSession();
const phone = buildSignInSession({
  id: 'session-phone',
  current: false,
  userAgent: IPHONE_SAFARI,
  ip: '198.51.100.23',
  createdAt: '2026-03-10T08:00:00.000Z',
  lastSeenAt: new Date(Date.now() - 3 * 3_600_000).toISOString(),
});

function settingsApi(sessions: SignInSession[], user: CurrentUser = buildUser()) {
  const state = { sessions };
  const server = mockApi({
    'POST /auth/refresh': { body: buildAuth(user) },
    'GET /teams': { body: [buildTeam()] },
    'GET /user/impersonations': { body: [] },
    'GET /auth/sessions': () => ({ body: { items: state.sessions } }),
    'GET /user/two-factor': { body: { enabled: true, method: 'totp', recoveryCodesLeft: 10, recoveryCodeUsedAt: null } },
  });
  return { ...server, state };
}

describe('sessions in profile settings', () => {
  it('lists each sign-in in plain words — device, address, when — with this device marked and the raw browser string at hand', async () => {
    // The API sends the newest first; this device is listed first whatever its age.
    settingsApi([phone, thisDevice]);
    renderApp('/settings');

    const list = await screen.findByRole('list', { name: 'Your sign-ins' });
    const [first, second] = within(list).getAllByRole('listitem');
    expect(first).toHaveTextContent('Chrome on Linux');
    expect(first).toHaveTextContent('This device');
    expect(first).toHaveTextContent('203.0.113.7');
    expect(first).toHaveTextContent('Last active 5 minutes ago');
    expect(within(first).queryByRole('button', { name: /Sign out/ })).not.toBeInTheDocument();

    expect(second).toHaveTextContent('Safari on iPhone');
    expect(second).toHaveTextContent('198.51.100.23');
    expect(second).toHaveTextContent('Signed in 10 Mar 2026');
    expect(second).toHaveTextContent('Last active 3 hours ago');
    expect(second).toHaveTextContent(IPHONE_SAFARI);
  });

  it('signs out another session, and the list no longer has it', async () => {
    const server = settingsApi([thisDevice, phone]);
    server.on('DELETE /auth/sessions/session-phone', () => {
      server.state.sessions = [thisDevice];
      return { status: 204 };
    });
    renderApp('/settings');
    const events = userEvent.setup({ delay: null });

    await events.click(await screen.findByRole('button', { name: 'Sign out Safari on iPhone, last active 3 hours ago' }));

    const list = screen.getByRole('list', { name: 'Your sign-ins' });
    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
    expect(list).not.toHaveTextContent('Safari on iPhone');
    expect(await screen.findByText(/Safari on iPhone is signed out/)).toBeInTheDocument();
    expect(server.callsTo('DELETE /auth/sessions/session-phone')).toHaveLength(1);
  });

  it('says so when the session had already ended', async () => {
    const server = settingsApi([thisDevice, phone]);
    server.on('DELETE /auth/sessions/session-phone', () => {
      server.state.sessions = [thisDevice];
      return apiError(404, 'SESSION_NOT_FOUND');
    });
    renderApp('/settings');
    const events = userEvent.setup({ delay: null });

    await events.click(await screen.findByRole('button', { name: /Sign out Safari on iPhone/ }));

    const section = screen.getByRole('region', { name: 'Sessions' });
    expect(await within(section).findByRole('alert')).toHaveTextContent(errorMessages.SESSION_NOT_FOUND);
    await waitFor(() => expect(section).not.toHaveTextContent('Safari on iPhone'));
  });

  it('a password change signs the other sessions out, and the list shows it at once', async () => {
    const server = settingsApi([thisDevice, phone]);
    server.on('PATCH /user/password', () => {
      server.state.sessions = [thisDevice];
      return { status: 204 };
    });
    renderApp('/settings');
    const events = userEvent.setup({ delay: null });
    const list = await screen.findByRole('list', { name: 'Your sign-ins' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);

    const password = screen.getByRole('region', { name: 'Password' });
    await fillIn(events, within(password).getByLabelText(/Current password/), 'the-old-one');
    await fillIn(events, within(password).getByLabelText(/^New password/), 'a-new-password');
    await fillIn(events, within(password).getByLabelText(/Repeat the new password/), 'a-new-password');
    await events.click(within(password).getByRole('button', { name: 'Change password' }));

    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
    expect(list).not.toHaveTextContent('Safari on iPhone');
  });

  it('a two-factor change signs the other sessions out, says so, and the list shows it at once', async () => {
    const server = settingsApi([thisDevice, phone]);
    server.on('GET /auth/me', { body: buildUser({ isTwoFactorEnabled: true, twoFactorMethod: 'email' }) });
    server.on('PUT /user/two-factor', () => {
      server.state.sessions = [thisDevice];
      return { body: { enabled: true, method: 'email' } };
    });
    renderApp('/settings');
    const events = userEvent.setup({ delay: null });
    const list = await screen.findByRole('list', { name: 'Your sign-ins' });
    expect(within(list).getAllByRole('listitem')).toHaveLength(2);

    const twoFactor = screen.getByRole('region', { name: 'Two-factor authentication' });
    expect(twoFactor).toHaveTextContent(/Changing it signs out your other sessions/);
    await events.click(within(twoFactor).getByRole('button', { name: 'Use email codes' }));

    await waitFor(() => expect(within(list).getAllByRole('listitem')).toHaveLength(1));
    expect(list).not.toHaveTextContent('Safari on iPhone');
  });

  it('cannot sign out sessions during an impersonation, and says why', async () => {
    const impersonated = buildUser({
      impersonatedBy: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' },
      impersonationExpiresAt: new Date(Date.now() + 20 * 60_000).toISOString(),
    });
    settingsApi([thisDevice, phone], impersonated);
    renderApp('/settings');

    expect(await screen.findByRole('button', { name: /Sign out Safari on iPhone/ })).toBeDisabled();
    expect(screen.getByRole('region', { name: 'Sessions' })).toHaveTextContent(errorMessages.FORBIDDEN_DURING_IMPERSONATION);
  });
});
