import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages, type AccessRequest, type AdminTeamRow, type CurrentUser, type ImpersonateResponse } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAdminTeamRow, buildAuth, buildTeam, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';
import { formatTimeOfDay } from './support-access-words';

const admin = buildUser({
  id: 'admin-sam',
  email: 'sam@vantage.test',
  firstName: 'Sam',
  lastName: 'Support',
  role: 'admin',
  isTwoFactorEnabled: true,
  twoFactorMethod: 'totp',
  currentTeam: buildTeam({ id: 'team-support', name: 'Support' }),
});

/** Acme's owners approve support access first; Sam has not asked yet. */
const needsApproval = buildAdminTeamRow({
  supportAccess: 'approval',
  accessGrant: null,
  pendingAccessRequestId: null,
  impersonationBlockedReason: 'IMPERSONATION_APPROVAL_REQUIRED',
});
const grantEnds = new Date(Date.now() + 2 * 3_600_000).toISOString();

function pageOf(items: AdminTeamRow[]) {
  return { items, total: items.length, page: 1, pageSize: 20 };
}

function teamsListWith(rows: AdminTeamRow[], user: CurrentUser = admin) {
  return mockApi({
    'POST /auth/refresh': { body: buildAuth(user, 'admin-token') },
    'GET /teams': { body: [user.currentTeam] },
    'GET /admin/teams': { body: pageOf(rows) },
    'GET /admin/access-requests': { body: { items: [] } },
  });
}

function pendingRequest(overrides: Partial<AccessRequest> = {}): AccessRequest {
  return {
    id: 'request-1',
    admin: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' },
    user: { id: 'user-ada', name: 'Ada Lovelace' },
    team: { id: 'team-acme', name: 'Acme' },
    reason: 'Ticket 4821',
    mode: 'read',
    durationMinutes: 60,
    status: 'pending',
    createdAt: new Date().toISOString(),
    decidedAt: null,
    decidedBy: null,
    expiresAt: null,
    ...overrides,
  };
}

async function rowOf(teamName: string) {
  const table = await screen.findByRole('table', { name: 'Teams' });
  const row = within(table)
    .getAllByRole('row')
    .find((candidate) => within(candidate).queryByText(teamName));
  if (!row) throw new Error(`No row for ${teamName}`);
  return row;
}

describe('Teams List: support access the customer controls', () => {
  it('offers Request access where owners approve first, sends reason, mode and duration, then shows the row waiting', async () => {
    const server = teamsListWith([needsApproval]);
    let requested = false;
    server.on('GET /admin/teams', () => ({
      body: pageOf([requested ? { ...needsApproval, pendingAccessRequestId: 'request-1' } : needsApproval]),
    }));
    server.on('POST /admin/access-requests', () => {
      requested = true;
      return { status: 201, body: pendingRequest() };
    });
    renderApp('/admin/teams');
    const user = userEvent.setup({ delay: null });

    const row = await rowOf('Acme');
    // No Impersonate button to click in vain: the way in is a request.
    expect(within(row).queryByRole('button', { name: /^Impersonate/ })).not.toBeInTheDocument();
    await user.click(within(row).getByRole('button', { name: 'Request access to Ada Lovelace in Acme' }));
    const dialog = await screen.findByRole('dialog', { name: 'Request access to Ada Lovelace in Acme' });

    expect(within(dialog).getByRole('radio', { name: 'Read-only' })).toBeChecked();
    const duration = within(dialog).getByRole('combobox', { name: /For how long/ });
    const offered = within(duration)
      .getAllByRole('option')
      .map((option) => option.textContent);
    expect(offered[0]).toBe('15 minutes');
    expect(offered.at(-1)).toBe('24 hours');

    // The reason is required: nothing is sent without one.
    await user.click(within(dialog).getByRole('button', { name: 'Send request' }));
    expect(within(dialog).getByLabelText(/Reason/)).toHaveAccessibleDescription(/^Enter why support needs access\./);
    expect(server.callsTo('POST /admin/access-requests')).toHaveLength(0);

    await fillIn(user, within(dialog).getByLabelText(/Reason/), '  Ticket 4821: import shows the wrong status ');
    await user.selectOptions(duration, '240');
    await user.click(within(dialog).getByRole('button', { name: 'Send request' }));

    expect(await screen.findByText("Request sent to Ada Lovelace and the team's owners.", { exact: false })).toBeInTheDocument();
    expect(server.callsTo('POST /admin/access-requests').map((request) => request.body)).toEqual([
      { userId: 'user-ada', teamId: 'team-acme', reason: 'Ticket 4821: import shows the wrong status', mode: 'read', durationMinutes: 240 },
    ]);
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    const waitingRow = await rowOf('Acme');
    await waitFor(() => expect(waitingRow).toHaveTextContent('Waiting for approval'));
    expect(within(waitingRow).getByRole('button', { name: 'Request access to Ada Lovelace in Acme' })).toHaveAttribute(
      'aria-disabled',
      'true',
    );
  });

  it('says in words why the API refused the request, and keeps the dialog open', async () => {
    const server = teamsListWith([needsApproval]);
    server.on('POST /admin/access-requests', apiError(403, 'IMPERSONATION_NOT_ALLOWED'));
    renderApp('/admin/teams');
    const user = userEvent.setup({ delay: null });

    await user.click(within(await rowOf('Acme')).getByRole('button', { name: /Request access/ }));
    const dialog = await screen.findByRole('dialog');
    await fillIn(user, within(dialog).getByLabelText(/Reason/), 'Ticket 1');
    await user.click(within(dialog).getByRole('radio', { name: 'Read and write' }));
    await user.click(within(dialog).getByRole('button', { name: 'Send request' }));

    expect(await within(dialog).findByRole('alert')).toHaveTextContent(errorMessages.IMPERSONATION_NOT_ALLOWED);
    expect(dialog).not.toHaveTextContent('IMPERSONATION_NOT_ALLOWED');
    expect(server.callsTo('POST /admin/access-requests')[0].body).toMatchObject({ mode: 'write', durationMinutes: 60 });
  });

  it('shows a pending request as waiting, with the button unavailable', async () => {
    teamsListWith([{ ...needsApproval, pendingAccessRequestId: 'request-1' }]);
    renderApp('/admin/teams');
    const user = userEvent.setup({ delay: null });

    const row = await rowOf('Acme');
    const button = within(row).getByRole('button', { name: 'Request access to Ada Lovelace in Acme' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toHaveAccessibleDescription('Waiting for approval');
    await user.click(button);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it('explains a team that allows no support access, in words', async () => {
    teamsListWith([buildAdminTeamRow({ supportAccess: 'never', impersonationBlockedReason: 'IMPERSONATION_TEAM_POLICY' })]);
    renderApp('/admin/teams');

    const row = await rowOf('Acme');
    const button = within(row).getByRole('button', { name: 'Impersonate Ada Lovelace in Acme' });
    expect(button).toHaveAttribute('aria-disabled', 'true');
    expect(button).toHaveAccessibleDescription(errorMessages.IMPERSONATION_TEAM_POLICY);
    expect(within(row).queryByRole('button', { name: /Request access/ })).not.toBeInTheDocument();
  });

  it('under a read-only grant shows until when, and the dialog starts only a read-only session', async () => {
    const granted = {
      ...needsApproval,
      impersonationBlockedReason: null,
      accessGrant: { requestId: 'request-1', mode: 'read' as const, expiresAt: grantEnds },
    };
    const server = teamsListWith([granted]);
    const adaReadOnly = buildUser({
      impersonatedBy: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' },
      impersonationExpiresAt: new Date(Date.now() + 30 * 60_000).toISOString(),
      impersonationMode: 'read',
    });
    server.on('POST /2fa/impersonate', {
      body: {
        ...buildAuth(adaReadOnly, 'impersonation-token'),
        impersonation: { id: 'imp-1', expiresAt: adaReadOnly.impersonationExpiresAt!, mode: 'read' },
      } satisfies ImpersonateResponse,
    });
    server.on('GET /businesses', { body: { items: [], total: 0, page: 1, pageSize: 20 } });
    renderApp('/admin/teams');
    const user = userEvent.setup({ delay: null });

    const row = await rowOf('Acme');
    expect(row).toHaveTextContent(`Approved until ${formatTimeOfDay(grantEnds)}, read-only`);
    await user.click(within(row).getByRole('button', { name: 'Impersonate Ada Lovelace in Acme' }));
    const dialog = await screen.findByRole('dialog', { name: 'Impersonate Ada Lovelace in Acme' });
    expect(within(dialog).getByRole('radio', { name: 'Read-only' })).toBeChecked();
    expect(within(dialog).getByRole('radio', { name: 'Read and write' })).toBeDisabled();
    expect(dialog).toHaveTextContent('You see what Ada sees, and can change nothing.');

    await fillIn(user, within(dialog).getByLabelText(/Code from your authenticator app/), '654321');
    await user.click(within(dialog).getByRole('button', { name: 'Impersonate Ada' }));

    const banner = await screen.findByRole('region', { name: 'Support impersonation' });
    expect(banner).toHaveTextContent('read-only: you can look at everything and change nothing.');
    expect(server.callsTo('POST /2fa/impersonate')[0].body).toMatchObject({ mode: 'read' });
  });

  it('lets the admin choose read-only where support access is allowed', async () => {
    const server = teamsListWith([buildAdminTeamRow({ supportAccess: 'allowed', accessGrant: null, pendingAccessRequestId: null })]);
    server.on('POST /2fa/impersonate', apiError(503, 'SERVICE_UNAVAILABLE'));
    renderApp('/admin/teams');
    const user = userEvent.setup({ delay: null });

    await user.click(within(await rowOf('Acme')).getByRole('button', { name: 'Impersonate Ada Lovelace in Acme' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByRole('radio', { name: 'Read and write' })).toBeChecked();
    await user.click(within(dialog).getByRole('radio', { name: 'Read-only' }));
    await fillIn(user, within(dialog).getByLabelText(/Code from your authenticator app/), '654321');
    await user.click(within(dialog).getByRole('button', { name: 'Impersonate Ada' }));

    await within(dialog).findByRole('alert');
    expect(server.callsTo('POST /2fa/impersonate')[0].body).toMatchObject({ mode: 'read' });
  });
});

describe('My access requests', () => {
  it('lists the requests I made with their status in words', async () => {
    const server = teamsListWith([]);
    server.on('GET /admin/access-requests', {
      body: {
        items: [
          pendingRequest(),
          pendingRequest({
            id: 'request-2',
            team: { id: 'team-globex', name: 'Globex' },
            mode: 'write',
            durationMinutes: 240,
            status: 'approved',
            decidedAt: new Date().toISOString(),
            decidedBy: { id: 'user-hank', name: 'Hank Scorpio' },
            expiresAt: grantEnds,
          }),
          pendingRequest({ id: 'request-3', status: 'denied', decidedBy: { id: 'user-ada', name: 'Ada Lovelace' } }),
          pendingRequest({ id: 'request-4', status: 'expired' }),
        ],
      },
    });
    renderApp('/admin/teams');

    const table = await screen.findByRole('table', { name: 'My access requests' });
    const [, pending, approved, denied, expired] = within(table).getAllByRole('row');
    expect(pending).toHaveTextContent('Waiting for approval');
    expect(pending).toHaveTextContent('Read-only');
    expect(pending).toHaveTextContent('1 hour');
    expect(approved).toHaveTextContent('Approved by Hank Scorpio until');
    expect(approved).toHaveTextContent('Read and write');
    expect(approved).toHaveTextContent('4 hours');
    expect(denied).toHaveTextContent('Denied by Ada Lovelace.');
    expect(expired).toHaveTextContent('Nobody answered in time.');
    expect(table).not.toHaveTextContent('pending');
  });

  it('says so when there are none', async () => {
    teamsListWith([]);
    renderApp('/admin/teams');
    expect(await screen.findByText('You have not requested access to any team.')).toBeInTheDocument();
  });
});
