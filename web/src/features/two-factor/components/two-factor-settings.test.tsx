import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages, type CurrentUser, type TwoFactorStatus } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAuth, buildTeam, buildUser } from '@/testing/data';
import { apiError, mockApi, type MockResponse, type RecordedRequest } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

const SECRET = 'JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP';
const QR_DATA_URL = 'data:image/svg+xml;base64,PHN2Zy8+';
const RECOVERY_CODES = Array.from({ length: 10 }, (_, index) => `ab${index}c-d3fg-h${index}jk`);

/**
 * The settings page's other sections answer too; these tests only look at two-factor. The page shows
 * the current user's two-factor state and re-reads `/auth/me` after a change, which then reports the
 * state of the last change that succeeded.
 */
function settingsApi(user: CurrentUser = buildUser()) {
  let current = user;
  const server = mockApi({
    'POST /auth/refresh': { body: buildAuth(user) },
    'GET /teams': { body: [buildTeam()] },
    'GET /user/impersonations': { body: [] },
    'GET /auth/sessions': { body: { items: [] } },
    'GET /auth/me': () => ({ body: current }),
    'GET /user/two-factor': () => ({
      body: { enabled: current.isTwoFactorEnabled, method: current.twoFactorMethod, recoveryCodesLeft: 10, recoveryCodeUsedAt: null },
    }),
  });
  return {
    ...server,
    onTwoFactorChange(key: 'PUT /user/two-factor' | 'DELETE /user/two-factor', answer: (request: RecordedRequest) => MockResponse) {
      server.on(key, (request) => {
        const response = answer(request);
        if ((response.status ?? 200) < 300) {
          const status = response.body as TwoFactorStatus;
          current = { ...current, isTwoFactorEnabled: status.enabled, twoFactorMethod: status.method };
        }
        return response;
      });
    },
  };
}

async function openTwoFactorSection() {
  const section = await screen.findByRole('region', { name: 'Two-factor authentication' });
  await within(section).findByText(/password alone signs you in|You sign in with/);
  return section;
}

describe('two-factor settings', () => {
  it('sets up an authenticator app: QR code and key, a wrong code, the right one, then the recovery codes once', async () => {
    const server = settingsApi();
    server.on('POST /user/two-factor', {
      status: 201,
      body: {
        secret: SECRET,
        otpauthUrl: `otpauth://totp/Vantage:ada@example.com?secret=${SECRET}&issuer=Vantage`,
        qrCodeDataUrl: QR_DATA_URL,
      },
    });
    server.onTwoFactorChange('PUT /user/two-factor', (request) =>
      (request.body as { code?: string }).code === '654321'
        ? { body: { enabled: true, method: 'totp', recoveryCodes: RECOVERY_CODES } }
        : apiError(401, 'INVALID_TWO_FACTOR_CODE'),
    );
    renderApp('/settings');
    const user = userEvent.setup({ delay: null });
    const section = await openTwoFactorSection();
    expect(within(section).getByText('Off')).toBeInTheDocument();

    await user.click(within(section).getByRole('button', { name: 'Set up an authenticator app' }));

    expect(await within(section).findByRole('img', { name: /QR code/ })).toHaveAttribute('src', QR_DATA_URL);
    expect(within(section).getByTestId('totp-secret').textContent?.replace(/\s/g, '')).toBe(SECRET);
    expect(within(section).getByRole('button', { name: 'Copy the key' })).toBeInTheDocument();

    const codeInput = within(section).getByLabelText('Code from the app');
    await user.click(within(section).getByRole('button', { name: 'Turn on two-factor' }));
    expect(codeInput).toHaveAccessibleDescription('Enter the 6-digit code your app shows.');
    expect(server.callsTo('PUT /user/two-factor')).toHaveLength(0);

    await fillIn(user, codeInput, '111 111');
    await user.click(within(section).getByRole('button', { name: 'Turn on two-factor' }));
    await waitFor(() => expect(codeInput).toHaveAccessibleDescription(new RegExp(errorMessages.INVALID_TWO_FACTOR_CODE)));

    await user.clear(codeInput);
    await fillIn(user, codeInput, '654 321');
    await user.click(within(section).getByRole('button', { name: 'Turn on two-factor' }));

    const codes = await within(section).findByRole('list', { name: 'Recovery codes' });
    expect(
      within(codes)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(RECOVERY_CODES);
    expect(within(section).getByText('Save your recovery codes now')).toBeInTheDocument();
    expect(within(section).getByRole('button', { name: 'Copy codes' })).toBeInTheDocument();
    expect(within(section).getByRole('button', { name: 'Download .txt' })).toBeInTheDocument();
    expect(server.callsTo('PUT /user/two-factor').map((request) => request.body)).toEqual([
      { enabled: true, method: 'totp', code: '111111' },
      { enabled: true, method: 'totp', code: '654321' },
    ]);

    expect(server.callsTo('GET /auth/me')).toHaveLength(1);

    await user.click(within(section).getByRole('button', { name: 'I saved them' }));
    expect(within(section).queryByRole('list', { name: 'Recovery codes' })).not.toBeInTheDocument();
    expect(within(section).getByText(/code from your authenticator app/)).toBeInTheDocument();
    expect(within(section).getByRole('button', { name: 'Turn off two-factor' })).toBeInTheDocument();
  });

  it('turns on email codes in one step, then switches to an authenticator app', async () => {
    const server = settingsApi();
    server.onTwoFactorChange('PUT /user/two-factor', (request) =>
      (request.body as { method: string }).method === 'email'
        ? { body: { enabled: true, method: 'email' } }
        : { body: { enabled: true, method: 'totp', recoveryCodes: RECOVERY_CODES } },
    );
    server.on('POST /user/two-factor', {
      status: 201,
      body: { secret: SECRET, otpauthUrl: 'otpauth://totp/Vantage', qrCodeDataUrl: QR_DATA_URL },
    });
    renderApp('/settings');
    const user = userEvent.setup({ delay: null });
    const section = await openTwoFactorSection();

    await user.click(within(section).getByRole('button', { name: 'Use email codes' }));

    expect(await within(section).findByText(/6-digit code we email you/)).toBeInTheDocument();
    expect(server.callsTo('PUT /user/two-factor')[0].body).toEqual({ enabled: true, method: 'email' });

    await user.click(within(section).getByRole('button', { name: 'Switch to an authenticator app' }));
    expect(await within(section).findByRole('heading', { name: 'Switch to an authenticator app' })).toBeInTheDocument();
    await fillIn(user, within(section).getByLabelText('Code from the app'), '123456');
    await user.click(within(section).getByRole('button', { name: 'Switch to this app' }));

    expect(await within(section).findByRole('list', { name: 'Recovery codes' })).toBeInTheDocument();
    expect(within(section).getByText(/code from your authenticator app/)).toBeInTheDocument();
    expect(server.callsTo('PUT /user/two-factor')[1].body).toEqual({ enabled: true, method: 'totp', code: '123456' });
  });

  it('asks for the password to turn it off, and a wrong one is shown next to the field without signing out', async () => {
    const totpUser = buildUser({ isTwoFactorEnabled: true, twoFactorMethod: 'totp' });
    const server = settingsApi(totpUser);
    server.onTwoFactorChange('DELETE /user/two-factor', (request) =>
      (request.body as { password: string }).password === 'correct horse'
        ? { body: { enabled: false, method: null } }
        : apiError(401, 'WRONG_PASSWORD'),
    );
    const { router } = renderApp('/settings');
    const user = userEvent.setup({ delay: null });
    const section = await openTwoFactorSection();

    await user.click(within(section).getByRole('button', { name: 'Turn off two-factor' }));
    const password = within(section).getByLabelText('Your password');
    await fillIn(user, password, 'not my password');
    await user.click(within(section).getByRole('button', { name: 'Turn off two-factor' }));

    await waitFor(() => expect(password).toHaveAccessibleDescription(errorMessages.WRONG_PASSWORD));
    expect(router.state.location.pathname).toBe('/settings');
    expect(server.callsTo('POST /auth/refresh')).toHaveLength(1);
    expect(within(section).getByText('On')).toBeInTheDocument();

    await user.clear(password);
    await fillIn(user, password, 'correct horse');
    await user.click(within(section).getByRole('button', { name: 'Turn off two-factor' }));

    expect(await within(section).findByText('Off')).toBeInTheDocument();
    expect(server.callsTo('DELETE /user/two-factor').map((request) => request.body)).toEqual([
      { password: 'not my password' },
      { password: 'correct horse' },
    ]);
    expect(within(section).getByRole('button', { name: 'Use email codes' })).toBeInTheDocument();
  });
});
