import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages, type CurrentUser, type ImpersonateResponse, type TwoFactorStatus } from '@vantage/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildAdminTeamRow, buildAuth, buildTeam, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

// The browser's prompt, as the library gives it: what a test makes it answer is what the person did.
const browser = vi.hoisted(() => ({ startRegistration: vi.fn(), startAuthentication: vi.fn() }));
vi.mock('@simplewebauthn/browser', () => browser);

const admin: CurrentUser = buildUser({
  id: 'admin-sam',
  email: 'sam@vantage.test',
  firstName: 'Sam',
  lastName: 'Support',
  role: 'admin',
  isTwoFactorEnabled: true,
  twoFactorMethod: 'totp',
  currentTeam: buildTeam({ id: 'team-support', name: 'Support' }),
});
const adaAsImpersonated = buildUser({
  impersonatedBy: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' },
  impersonationExpiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
});
const started: ImpersonateResponse = {
  ...buildAuth(adaAsImpersonated, 'impersonation-token'),
  impersonation: { id: 'imp-1', expiresAt: adaAsImpersonated.impersonationExpiresAt!, mode: 'write' },
};

const OPTIONS = { challenge: 'c3RlcC11cA', rpId: 'localhost', allowCredentials: [{ id: 'cred-1', type: 'public-key' as const }] };
const ASSERTION = {
  id: 'cred-1',
  rawId: 'cred-1',
  type: 'public-key',
  response: { clientDataJSON: 'e30', authenticatorData: 'SZY', signature: 'MEU' },
  clientExtensionResults: {},
};

function status(overrides: Partial<TwoFactorStatus> = {}): TwoFactorStatus {
  return { enabled: true, method: 'totp', recoveryCodesLeft: 10, recoveryCodeUsedAt: null, lockedUntil: null, passkeys: 1, ...overrides };
}

function teamsListWithPasskey(twoFactor: TwoFactorStatus = status()) {
  return mockApi({
    'POST /auth/refresh': { body: buildAuth(admin, 'admin-token') },
    'GET /teams': (request) => ({
      body: request.authorization === 'Bearer impersonation-token' ? [adaAsImpersonated.currentTeam] : [admin.currentTeam],
    }),
    'GET /admin/teams': { body: { items: [buildAdminTeamRow()], total: 1, page: 1, pageSize: 20 } },
    'GET /admin/access-requests': { body: { items: [] } },
    'GET /user/two-factor': { body: twoFactor },
    'POST /2fa/passkey-options': { body: OPTIONS },
    'GET /businesses': { body: { items: [], total: 0, page: 1, pageSize: 20 } },
  });
}

async function openDialog() {
  const user = userEvent.setup({ delay: null });
  await user.click(await screen.findByRole('button', { name: 'Impersonate Ada Lovelace in Acme' }));
  const dialog = await screen.findByRole('dialog', { name: 'Impersonate Ada Lovelace in Acme' });
  return { user, dialog };
}

describe('impersonating with a passkey', () => {
  beforeEach(() => {
    vi.stubGlobal('PublicKeyCredential', function PublicKeyCredential() {});
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    browser.startAuthentication.mockReset();
  });

  it('offers the admin’s passkey first and starts the impersonation with it', async () => {
    browser.startAuthentication.mockResolvedValue(ASSERTION);
    const server = teamsListWithPasskey();
    server.on('POST /2fa/impersonate', { body: started });
    const { router } = renderApp('/admin/teams');
    const { user, dialog } = await openDialog();

    const confirm = await within(dialog).findByRole('button', { name: 'Confirm with a passkey' });
    expect(within(dialog).queryByLabelText(/^Code from your authenticator app/)).not.toBeInTheDocument();
    // The dialog opened before the passkey count was known: the focus followed to the passkey's button.
    await waitFor(() => expect(confirm).toHaveFocus());
    await fillIn(user, within(dialog).getByLabelText(/^Reason/), 'Ticket #4821');
    await user.click(confirm);

    await waitFor(() => expect(router.state.location.pathname).toBe('/businesses'));
    expect(server.callsTo('POST /2fa/passkey-options').map((request) => request.authorization)).toEqual(['Bearer admin-token']);
    expect(browser.startAuthentication).toHaveBeenCalledWith({ optionsJSON: OPTIONS });
    expect(server.callsTo('POST /2fa/impersonate').map((request) => request.body)).toEqual([
      { userId: 'user-ada', teamId: 'team-acme', passkey: ASSERTION, mode: 'write', reason: 'Ticket #4821' },
    ]);
  });

  it('keeps the code as the alternative', async () => {
    const server = teamsListWithPasskey();
    server.on('POST /2fa/impersonate', { body: started });
    const { router } = renderApp('/admin/teams');
    const { user, dialog } = await openDialog();

    await user.click(await within(dialog).findByRole('button', { name: 'Use a code instead' }));
    const code = within(dialog).getByLabelText(/^Code from your authenticator app/);
    await waitFor(() => expect(code).toHaveFocus());
    await fillIn(user, code, '654 321');
    await user.click(within(dialog).getByRole('button', { name: 'Impersonate Ada' }));

    await waitFor(() => expect(router.state.location.pathname).toBe('/businesses'));
    const body = server.callsTo('POST /2fa/impersonate')[0].body;
    expect(body).toMatchObject({ code: '654321' });
    expect(body).not.toHaveProperty('passkey');
    expect(browser.startAuthentication).not.toHaveBeenCalled();
  });

  it('says calmly that nothing started when the prompt is closed, and shows the attempts left after a rejected passkey', async () => {
    browser.startAuthentication
      .mockRejectedValueOnce(
        Object.assign(new Error('not allowed'), {
          code: 'ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY',
          cause: new DOMException('not allowed', 'NotAllowedError'),
        }),
      )
      .mockResolvedValueOnce(ASSERTION);
    const server = teamsListWithPasskey();
    server.on('POST /2fa/impersonate', apiError(401, 'INVALID_PASSKEY', 'Invalid passkey', { attemptsLeft: 3 }));
    renderApp('/admin/teams');
    const { user, dialog } = await openDialog();

    await user.click(await within(dialog).findByRole('button', { name: 'Confirm with a passkey' }));
    const note = await within(dialog).findByRole('status');
    expect(note).toHaveTextContent('The impersonation has not started');
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();
    expect(server.callsTo('POST /2fa/impersonate')).toHaveLength(0);

    await user.click(within(dialog).getByRole('button', { name: 'Confirm with a passkey' }));
    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent(`${errorMessages.INVALID_PASSKEY} 3 attempts left before a short lock.`);
    expect(screen.getByRole('dialog', { name: 'Impersonate Ada Lovelace in Acme' })).toBeInTheDocument();
  });

  it('says before anything is tried that the admin’s second factor is locked', async () => {
    const lockedUntil = new Date(Date.now() + 10 * 60_000).toISOString();
    const server = teamsListWithPasskey(status({ lockedUntil }));
    renderApp('/admin/teams');
    const { dialog } = await openDialog();

    expect(await within(dialog).findByRole('alert')).toHaveTextContent('Two-factor checks are locked for now');
    expect(within(dialog).getByRole('button', { name: /^Try again in/ })).toBeDisabled();
    expect(server.callsTo('POST /2fa/passkey-options')).toHaveLength(0);
  });

  it('offers only the code in a browser without passkeys', async () => {
    vi.stubGlobal('PublicKeyCredential', undefined);
    teamsListWithPasskey();
    renderApp('/admin/teams');
    const { dialog } = await openDialog();

    expect(await within(dialog).findByLabelText(/^Code from your authenticator app/)).toBeInTheDocument();
    expect(within(dialog).queryByRole('button', { name: /passkey/ })).not.toBeInTheDocument();
  });
});
