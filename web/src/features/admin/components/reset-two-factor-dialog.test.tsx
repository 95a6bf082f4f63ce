import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages, type AdminTeamRow, type CurrentUser, type Role } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAdminTeamRow, buildAuth, buildTeam, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

function staff(role: Role, method: 'totp' | 'email' = 'totp'): CurrentUser {
  return buildUser({
    id: 'admin-sam',
    email: 'sam@vantage.test',
    firstName: 'Sam',
    lastName: 'Support',
    role,
    isTwoFactorEnabled: true,
    twoFactorMethod: method,
    currentTeam: buildTeam({ id: 'team-support', name: 'Support' }),
  });
}

const acmeRow = buildAdminTeamRow();
const operatorsRow = buildAdminTeamRow({
  id: 'team-ops',
  name: 'Operators',
  owner: { id: 'admin-root', name: 'Rosa Root', email: 'rosa@vantage.test', role: 'super_admin', impersonationAllowed: true },
  impersonationBlockedReason: 'IMPERSONATION_TARGET_SUPER_ADMIN',
});
const supportRow = buildAdminTeamRow({
  id: 'team-support',
  name: 'Support',
  owner: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test', role: 'super_admin', impersonationAllowed: true },
  impersonationBlockedReason: 'IMPERSONATION_SELF',
});

function teamsListFor(caller: CurrentUser, rows: AdminTeamRow[] = [acmeRow, operatorsRow, supportRow]) {
  return mockApi({
    'POST /auth/refresh': { body: buildAuth(caller, 'admin-token') },
    'GET /teams': { body: [caller.currentTeam] },
    'GET /admin/teams': { body: { items: rows, total: rows.length, page: 1, pageSize: 20, totalIsCapped: false } },
    'GET /admin/access-requests': { body: { items: [] } },
  });
}

async function openDialog() {
  const events = userEvent.setup({ delay: null });
  await events.click(await screen.findByRole('button', { name: 'Reset two-factor for Ada Lovelace in Acme…' }));
  const dialog = await screen.findByRole('dialog', { name: 'Reset two-factor for Ada Lovelace' });
  return { events, dialog };
}

describe('assisted two-factor reset', () => {
  it('is offered to super admins for owners who are neither super admins nor themselves', async () => {
    teamsListFor(staff('super_admin'));
    renderApp('/admin/teams');

    expect(await screen.findByRole('button', { name: 'Reset two-factor for Ada Lovelace in Acme…' })).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: /^Reset two-factor/ })).toHaveLength(1);
  });

  it('is not offered to admins', async () => {
    teamsListFor(staff('admin'));
    renderApp('/admin/teams');

    expect(await screen.findByRole('button', { name: 'Impersonate Ada Lovelace in Acme' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /^Reset two-factor/ })).not.toBeInTheDocument();
  });

  it('needs a reason and a fresh code, shows a wrong code next to the field, then resets and says so', async () => {
    const server = teamsListFor(staff('super_admin'));
    server.on('POST /admin/users/user-ada/two-factor/reset', (request) =>
      (request.body as { code: string }).code === '654321'
        ? { body: { enabled: false, method: null } }
        : apiError(401, 'INVALID_TWO_FACTOR_CODE'),
    );
    renderApp('/admin/teams');
    const { events, dialog } = await openDialog();

    expect(dialog).toHaveTextContent('Every session of theirs ends');
    expect(dialog).toHaveTextContent('Ada is emailed with your reason');
    const reason = within(dialog).getByLabelText(/^Why/);
    const code = within(dialog).getByLabelText(/Code from your authenticator app/);
    await waitFor(() => expect(reason).toHaveFocus());

    await events.click(within(dialog).getByRole('button', { name: 'Reset two-factor' }));
    expect(reason).toHaveAccessibleDescription(/^Enter why you are resetting it\./);
    expect(code).toHaveAccessibleDescription(/^Enter the 6-digit code\./);
    expect(server.callsTo('POST /admin/users/user-ada/two-factor/reset')).toHaveLength(0);

    await fillIn(events, reason, '  Ticket 5120: lost phone and recovery codes, identity checked by video call ');
    await fillIn(events, code, '111 111');
    await events.click(within(dialog).getByRole('button', { name: 'Reset two-factor' }));
    await waitFor(() => expect(code).toHaveAccessibleDescription(new RegExp(`^${errorMessages.INVALID_TWO_FACTOR_CODE}`)));

    await events.clear(code);
    await fillIn(events, code, '654 321');
    await events.click(within(dialog).getByRole('button', { name: 'Reset two-factor' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByText('Two-factor authentication reset')).toBeInTheDocument();
    expect(server.callsTo('POST /admin/users/user-ada/two-factor/reset').map((request) => request.body)).toEqual([
      { reason: 'Ticket 5120: lost phone and recovery codes, identity checked by video call', code: '111111' },
      { reason: 'Ticket 5120: lost phone and recovery codes, identity checked by video call', code: '654321' },
    ]);
  });

  it('says how long to wait when a new code is asked for too soon, and when too many wrong codes locked the step', async () => {
    const server = teamsListFor(staff('super_admin', 'email'));
    server.on('POST /2fa/send-code', { ...apiError(429, 'CODE_RESEND_THROTTLED'), headers: { 'Retry-After': '45' } });
    server.on('POST /admin/users/user-ada/two-factor/reset', { ...apiError(429, 'TWO_FACTOR_LOCKED'), headers: { 'Retry-After': '300' } });
    renderApp('/admin/teams');
    const { events, dialog } = await openDialog();

    await events.click(within(dialog).getByRole('button', { name: 'Email me a code' }));
    const throttled = await within(dialog).findByRole('alert');
    expect(throttled).toHaveTextContent('Two-factor was not reset');
    expect(throttled).toHaveTextContent(errorMessages.CODE_RESEND_THROTTLED);
    expect(throttled).toHaveTextContent(/You can ask again in 4\d seconds\./);
    expect(within(dialog).getByRole('button', { name: /^Email me a code \(4\d s\)$/ })).toBeDisabled();

    await fillIn(events, within(dialog).getByLabelText(/^Why/), 'Lost phone');
    await fillIn(events, within(dialog).getByLabelText(/Code from your email/), '123456');
    await events.click(within(dialog).getByRole('button', { name: 'Reset two-factor' }));

    const locked = await within(dialog).findByRole('alert');
    await waitFor(() => expect(locked).toHaveTextContent('Please wait'));
    expect(locked).toHaveTextContent(errorMessages.TWO_FACTOR_LOCKED);
    expect(within(dialog).getByRole('button', { name: 'Try again in 5 minutes' })).toBeDisabled();
  });

  it('emails a code to super admins who use email codes, and shows a refusal in words', async () => {
    const server = teamsListFor(staff('super_admin', 'email'));
    server.on('POST /2fa/send-code', { status: 204 });
    server.on('POST /admin/users/user-ada/two-factor/reset', apiError(403, 'FORBIDDEN'));
    renderApp('/admin/teams');
    const { events, dialog } = await openDialog();

    await events.click(within(dialog).getByRole('button', { name: 'Email me a code' }));
    expect(await within(dialog).findByRole('status')).toHaveTextContent('We emailed a code to sam@vantage.test.');

    await fillIn(events, within(dialog).getByLabelText(/^Why/), 'Lost phone');
    await fillIn(events, within(dialog).getByLabelText(/Code from your email/), '123456');
    await events.click(within(dialog).getByRole('button', { name: 'Reset two-factor' }));

    const alert = await within(dialog).findByRole('alert');
    expect(alert).toHaveTextContent('Two-factor was not reset');
    expect(alert).toHaveTextContent(errorMessages.FORBIDDEN);
  });
});
