import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages, type CurrentUser, type ImpersonateResponse } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAdminTeamRow, buildAuth, buildTeam, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

function adminWith(method: 'totp' | 'email'): CurrentUser {
  return buildUser({
    id: 'admin-sam',
    email: 'sam@vantage.test',
    firstName: 'Sam',
    lastName: 'Support',
    role: 'admin',
    isTwoFactorEnabled: true,
    twoFactorMethod: method,
    currentTeam: buildTeam({ id: 'team-support', name: 'Support' }),
  });
}

const acmeRow = buildAdminTeamRow();
const adaAsImpersonated = buildUser({
  impersonatedBy: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' },
  impersonationExpiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
});

function teamsListFor(admin: CurrentUser) {
  return mockApi({
    'POST /auth/refresh': { body: buildAuth(admin, 'admin-token') },
    'GET /teams': (request) => ({
      body: request.authorization === 'Bearer impersonation-token' ? [adaAsImpersonated.currentTeam] : [admin.currentTeam],
    }),
    'GET /admin/teams': { body: { items: [acmeRow], total: 1, page: 1, pageSize: 20 } },
    'GET /admin/access-requests': { body: { items: [] } },
    // The user's workspace, where the admin lands.
    'GET /businesses': { body: { items: [], total: 0, page: 1, pageSize: 20 } },
  });
}

async function openDialog() {
  const user = userEvent.setup({ delay: null });
  await user.click(await screen.findByRole('button', { name: 'Impersonate Ada Lovelace in Acme' }));
  const dialog = await screen.findByRole('dialog', { name: 'Impersonate Ada Lovelace in Acme' });
  return { user, dialog };
}

describe('impersonate dialog', () => {
  it('says before any code is typed that the admin’s two-factor checks are locked, and until when; confirming waits', async () => {
    const server = teamsListFor(adminWith('totp'));
    const lockedUntil = new Date(Date.now() + 14 * 60_000 + 30_000).toISOString();
    server.on('GET /user/two-factor', {
      body: { enabled: true, method: 'totp', recoveryCodesLeft: 10, recoveryCodeUsedAt: null, lockedUntil },
    });
    renderApp('/admin/teams');
    const { dialog } = await openDialog();

    const lock = await within(dialog).findByRole('alert');
    expect(lock).toHaveTextContent('Two-factor checks are locked for now');
    expect(lock).toHaveTextContent(/You can try again at \d\d:\d\d, in 1[45] minutes/);
    expect(within(dialog).getByRole('button', { name: /^Try again in/ })).toBeDisabled();
    expect(server.callsTo('POST /2fa/impersonate')).toHaveLength(0);
  });

  it('explains what will happen, shows a wrong code next to the field without signing out, then switches to the user', async () => {
    const server = teamsListFor(adminWith('totp'));
    server.on('POST /2fa/impersonate', (request) =>
      (request.body as { code: string }).code === '654321'
        ? {
            body: {
              ...buildAuth(adaAsImpersonated, 'impersonation-token'),
              impersonation: { id: 'imp-1', expiresAt: adaAsImpersonated.impersonationExpiresAt!, mode: 'write' },
            } satisfies ImpersonateResponse,
          }
        : apiError(401, 'INVALID_TWO_FACTOR_CODE'),
    );
    const { router } = renderApp('/admin/teams');
    const { user, dialog } = await openDialog();

    expect(dialog).toHaveTextContent('in Acme, for 30 minutes');
    expect(dialog).toHaveTextContent('Support team (Sam Support)');
    expect(dialog).toHaveTextContent('Ada is emailed');
    const code = within(dialog).getByLabelText(/Code from your authenticator app/);
    const reason = within(dialog).getByLabelText('Reason');

    await user.click(within(dialog).getByRole('button', { name: 'Impersonate Ada' }));
    expect(code).toHaveAccessibleDescription(/^Enter the 6-digit code\./);
    expect(server.callsTo('POST /2fa/impersonate')).toHaveLength(0);

    await fillIn(user, code, '111 111');
    await fillIn(user, reason, '  Ticket 4821: leads import shows the wrong status ');
    await user.click(within(dialog).getByRole('button', { name: 'Impersonate Ada' }));
    await waitFor(() => expect(code).toHaveAccessibleDescription(new RegExp(`^${errorMessages.INVALID_TWO_FACTOR_CODE}`)));
    expect(code).toHaveAttribute('aria-invalid', 'true');
    // A wrong code is an answer, not an expired session: no refresh, no sign-out, still the admin.
    expect(server.callsTo('POST /auth/refresh')).toHaveLength(1);
    expect(router.state.location.pathname).toBe('/admin/teams');

    await user.clear(code);
    await fillIn(user, code, '654321');
    await user.click(within(dialog).getByRole('button', { name: 'Impersonate Ada' }));

    const banner = await screen.findByRole('region', { name: 'Support impersonation' });
    expect(banner).toHaveTextContent('You are impersonating Ada Lovelace (ada@example.com) as Support team (Sam Support).');
    await waitFor(() => expect(router.state.location.pathname).toBe('/businesses'));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(server.callsTo('POST /2fa/impersonate').map((request) => request.body)).toEqual([
      {
        userId: 'user-ada',
        teamId: 'team-acme',
        code: '111111',
        mode: 'write',
        reason: 'Ticket 4821: leads import shows the wrong status',
      },
      {
        userId: 'user-ada',
        teamId: 'team-acme',
        code: '654321',
        mode: 'write',
        reason: 'Ticket 4821: leads import shows the wrong status',
      },
    ]);
    expect(server.callsTo('POST /2fa/impersonate')[1].authorization).toBe('Bearer admin-token');
    // From now on the app speaks as the user, and never asks the admin endpoints with that token.
    await waitFor(() => expect(server.callsTo('GET /teams').at(-1)?.authorization).toBe('Bearer impersonation-token'));
    expect(server.requests.filter((r) => r.path.startsWith('/admin/') && r.authorization !== 'Bearer admin-token')).toEqual([]);
  });

  it('never flashes an "admins only" page while switching to the user', async () => {
    const server = teamsListFor(adminWith('totp'));
    server.on('POST /2fa/impersonate', {
      body: {
        ...buildAuth(adaAsImpersonated, 'impersonation-token'),
        impersonation: { id: 'imp-1', expiresAt: adaAsImpersonated.impersonationExpiresAt!, mode: 'write' },
      },
    });
    renderApp('/admin/teams');
    const { user, dialog } = await openDialog();
    const headingsSeen = new Set<string>();
    const observer = new MutationObserver(() =>
      document.querySelectorAll('h1').forEach((heading) => headingsSeen.add(heading.textContent ?? '')),
    );
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });

    await fillIn(user, within(dialog).getByLabelText(/Code from your authenticator app/), '654321');
    await user.click(within(dialog).getByRole('button', { name: 'Impersonate Ada' }));
    await screen.findByRole('heading', { level: 1, name: 'Businesses' });
    observer.disconnect();

    expect([...headingsSeen].filter((heading) => /Admins only|Not available/.test(heading))).toEqual([]);
  });

  it('sends the reason only when one is given, and says why the API refused', async () => {
    const server = teamsListFor(adminWith('totp'));
    server.on('POST /2fa/impersonate', apiError(403, 'IMPERSONATION_NOT_ALLOWED'));
    renderApp('/admin/teams');
    const { user, dialog } = await openDialog();

    await fillIn(user, within(dialog).getByLabelText(/Code from your authenticator app/), '123456');
    await user.click(within(dialog).getByRole('button', { name: 'Impersonate Ada' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(errorMessages.IMPERSONATION_NOT_ALLOWED);
    expect(server.callsTo('POST /2fa/impersonate')[0].body).toEqual({
      userId: 'user-ada',
      teamId: 'team-acme',
      code: '123456',
      mode: 'write',
    });
    // The list offered a button the rules no longer allow: it is read again.
    await waitFor(() => expect(server.callsTo('GET /admin/teams')).toHaveLength(2));
  });

  it('locks the confirm button for as long as the API says after too many wrong codes', async () => {
    const server = teamsListFor(adminWith('totp'));
    server.on('POST /2fa/impersonate', { ...apiError(429, 'TWO_FACTOR_LOCKED'), headers: { 'Retry-After': '900' } });
    renderApp('/admin/teams');
    const { user, dialog } = await openDialog();

    await fillIn(user, within(dialog).getByLabelText(/Code from your authenticator app/), '123456');
    await user.click(within(dialog).getByRole('button', { name: 'Impersonate Ada' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(errorMessages.TWO_FACTOR_LOCKED);
    expect(within(dialog).getByRole('button', { name: 'Try again in 15 minutes' })).toBeDisabled();
  });

  it('emails a code to admins who use email codes, and counts down when asked again too soon', async () => {
    let sends = 0;
    const server = teamsListFor(adminWith('email'));
    server.on('POST /2fa/send-code', () => {
      sends += 1;
      return sends === 1 ? { status: 204 } : { ...apiError(429, 'CODE_RESEND_THROTTLED'), headers: { 'Retry-After': '25' } };
    });
    renderApp('/admin/teams');
    const { user, dialog } = await openDialog();

    expect(within(dialog).getByLabelText(/Code from your email/)).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Email me a code' }));
    expect(await within(dialog).findByRole('status')).toHaveTextContent('We emailed a code to sam@vantage.test.');
    expect(server.callsTo('POST /2fa/send-code')[0].authorization).toBe('Bearer admin-token');

    await user.click(within(dialog).getByRole('button', { name: 'Email me a new code' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(errorMessages.CODE_RESEND_THROTTLED);
    expect(within(dialog).getByRole('button', { name: /Email me a new code \(2\d s\)/ })).toBeDisabled();
  });

  it('closes on Cancel without calling the API, and starts empty for the next owner', async () => {
    const server = teamsListFor(adminWith('totp'));
    renderApp('/admin/teams');
    const { user, dialog } = await openDialog();

    await fillIn(user, within(dialog).getByLabelText(/Code from your authenticator app/), '123456');
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());

    const reopened = await openDialog();
    expect(within(reopened.dialog).getByLabelText(/Code from your authenticator app/)).toHaveValue('');
    expect(server.callsTo('POST /2fa/impersonate')).toHaveLength(0);
  });
});
