import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages, type CurrentUser, type TwoFactorStatus } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { formatDateTime } from '@/lib/format-date';
import { buildAuth, buildTeam, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

const NEW_CODES = Array.from({ length: 10 }, (_, index) => `nw${index}x-k4mp-${index}q7z`);
const totpUser = buildUser({ isTwoFactorEnabled: true, twoFactorMethod: 'totp' });

function settingsApi(user: CurrentUser, status: Partial<TwoFactorStatus> = {}) {
  const state: { status: TwoFactorStatus } = {
    status: { enabled: true, method: user.twoFactorMethod, recoveryCodesLeft: 10, recoveryCodeUsedAt: null, ...status },
  };
  const server = mockApi({
    'POST /auth/refresh': { body: buildAuth(user) },
    'GET /teams': { body: [buildTeam()] },
    'GET /user/impersonations': { body: [] },
    'GET /auth/sessions': { body: { items: [] } },
    'GET /user/two-factor': () => ({ body: state.status }),
  });
  return { ...server, state };
}

describe('new recovery codes', () => {
  it('asks for the password, shows a wrong one next to the field, then shows the 10 new codes once with copy and download', async () => {
    const server = settingsApi(totpUser);
    server.on('POST /user/two-factor/recovery-codes', (request) =>
      (request.body as { password: string }).password === 'correct horse'
        ? { body: { recoveryCodes: NEW_CODES } }
        : apiError(401, 'WRONG_PASSWORD'),
    );
    renderApp('/settings');
    const events = userEvent.setup({ delay: null });
    const section = await screen.findByRole('region', { name: 'Recovery codes' });

    await events.click(within(section).getByRole('button', { name: 'Get new recovery codes' }));
    const password = within(section).getByLabelText(/^Your password/);
    await events.click(within(section).getByRole('button', { name: 'Get new codes' }));
    expect(password).toHaveAccessibleDescription('Enter your password.');
    expect(server.callsTo('POST /user/two-factor/recovery-codes')).toHaveLength(0);

    await fillIn(events, password, 'not it');
    await events.click(within(section).getByRole('button', { name: 'Get new codes' }));
    await waitFor(() => expect(password).toHaveAccessibleDescription(errorMessages.WRONG_PASSWORD));

    await events.clear(password);
    await fillIn(events, password, 'correct horse');
    await events.click(within(section).getByRole('button', { name: 'Get new codes' }));

    const codes = await within(section).findByRole('list', { name: 'Recovery codes' });
    expect(
      within(codes)
        .getAllByRole('listitem')
        .map((item) => item.textContent),
    ).toEqual(NEW_CODES);
    expect(within(section).getByText('Save your recovery codes now')).toBeInTheDocument();
    expect(within(section).getByRole('button', { name: 'Copy codes' })).toBeInTheDocument();
    expect(within(section).getByRole('button', { name: 'Download .txt' })).toBeInTheDocument();
    expect(server.callsTo('POST /user/two-factor/recovery-codes').map((request) => request.body)).toEqual([
      { password: 'not it' },
      { password: 'correct horse' },
    ]);

    await events.click(within(section).getByRole('button', { name: 'I saved them' }));
    expect(within(section).queryByRole('list', { name: 'Recovery codes' })).not.toBeInTheDocument();
    expect(within(section).getByRole('button', { name: 'Get new recovery codes' })).toBeInTheDocument();
  });

  it('counts the codes left and says when one was used to sign in; a new set counts ten again, without the notice', async () => {
    const usedAt = '2026-12-03T01:40:00.000Z';
    const server = settingsApi(totpUser, { recoveryCodesLeft: 7, recoveryCodeUsedAt: usedAt });
    server.on('POST /user/two-factor/recovery-codes', () => {
      server.state.status = { ...server.state.status, recoveryCodesLeft: 10, recoveryCodeUsedAt: null };
      return { body: { recoveryCodes: NEW_CODES } };
    });
    renderApp('/settings');
    const events = userEvent.setup({ delay: null });
    const section = await screen.findByRole('region', { name: 'Recovery codes' });

    expect(await within(section).findByText('7 of 10 recovery codes left')).toBeInTheDocument();
    const notice = within(section).getByRole('status');
    expect(notice).toHaveTextContent('A recovery code was used to sign in');
    expect(notice).toHaveTextContent(`On ${formatDateTime(usedAt)}. If that was not you, change your password`);

    await events.click(within(section).getByRole('button', { name: 'Get new recovery codes' }));
    await fillIn(events, within(section).getByLabelText(/^Your password/), 'correct horse');
    await events.click(within(section).getByRole('button', { name: 'Get new codes' }));
    await events.click(await within(section).findByRole('button', { name: 'I saved them' }));

    expect(await within(section).findByText('10 of 10 recovery codes left')).toBeInTheDocument();
    expect(within(section).queryByRole('status')).not.toBeInTheDocument();
  });

  it('says so when no code is left', async () => {
    settingsApi(totpUser, { recoveryCodesLeft: 0 });
    renderApp('/settings');
    const section = await screen.findByRole('region', { name: 'Recovery codes' });

    expect(await within(section).findByText(/^No recovery codes left\. Get new ones/)).toBeInTheDocument();
    expect(within(section).queryByText(/of 10 recovery codes left/)).not.toBeInTheDocument();
  });

  it('speaks of emailed codes to people who use them', async () => {
    const server = settingsApi(buildUser({ isTwoFactorEnabled: true, twoFactorMethod: 'email' }));
    server.on('POST /user/two-factor/recovery-codes', { body: { recoveryCodes: NEW_CODES } });
    renderApp('/settings');
    const events = userEvent.setup({ delay: null });
    const section = await screen.findByRole('region', { name: 'Recovery codes' });

    await events.click(within(section).getByRole('button', { name: 'Get new recovery codes' }));
    await fillIn(events, within(section).getByLabelText(/^Your password/), 'correct horse');
    await events.click(within(section).getByRole('button', { name: 'Get new codes' }));

    expect(await within(section).findByText(/instead of a code we email you/)).toBeInTheDocument();
  });

  it('is offered only with two-factor on', async () => {
    settingsApi(buildUser());
    renderApp('/settings');

    expect(await screen.findByRole('region', { name: 'Two-factor authentication' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Recovery codes' })).not.toBeInTheDocument();
  });

  it('cannot be used during an impersonation, and says why (nor is the count asked for: support may not read it)', async () => {
    const server = settingsApi(
      buildUser({
        isTwoFactorEnabled: true,
        twoFactorMethod: 'totp',
        impersonatedBy: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' },
        impersonationExpiresAt: new Date(Date.now() + 20 * 60_000).toISOString(),
      }),
    );
    renderApp('/settings');

    const section = await screen.findByRole('region', { name: 'Recovery codes' });
    expect(within(section).getByRole('button', { name: 'Get new recovery codes' })).toBeDisabled();
    expect(section).toHaveTextContent(errorMessages.FORBIDDEN_DURING_IMPERSONATION);
    expect(server.callsTo('GET /user/two-factor')).toHaveLength(0);
  });
});
