import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { ErrorCode, errorMessages, type CurrentUser } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAuth, buildBusiness, buildLead, buildPage, buildTeam, buildUser, restrictionsDuringImpersonation } from '@/testing/data';
import { mockApi } from '@/testing/mock-api';
import { renderApp } from '@/testing/render';

const readOnlyMessage = errorMessages.READ_ONLY_IMPERSONATION;

/** Sam from support in Ada's account, read-only: `/auth/me` lists `change_data` as refused. */
function adaInReadOnlySession(): CurrentUser {
  return buildUser({
    impersonatedBy: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' },
    impersonationExpiresAt: new Date(Date.now() + 20 * 60_000).toISOString(),
    impersonationMode: 'read',
    restrictions: {
      ...restrictionsDuringImpersonation(),
      change_data: { code: ErrorCode.READ_ONLY_IMPERSONATION, message: readOnlyMessage },
    },
  });
}

/** The same session in write mode: everything but the account's own settings may change. */
function adaInWriteSession(): CurrentUser {
  const { change_data: _allowed, ...restrictions } = restrictionsDuringImpersonation();
  return buildUser({
    impersonatedBy: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' },
    impersonationExpiresAt: new Date(Date.now() + 20 * 60_000).toISOString(),
    impersonationMode: 'write',
    restrictions,
  });
}

function workspaceAs(user: CurrentUser) {
  return mockApi({
    'POST /auth/refresh': { body: buildAuth(user, 'impersonation-token') },
    'GET /teams': { body: [buildTeam()] },
    'GET /businesses': { body: buildPage([buildBusiness()]) },
    'GET /leads': { body: buildPage([buildLead()]) },
    'GET /businesses/business-harbor': { body: buildBusiness() },
    'GET /leads/lead-jordan': { body: buildLead() },
    'GET /leads/lead-jordan/comments': { body: buildPage([]) },
  });
}

describe('a read-only support session', () => {
  it('disables new businesses and leads with the reason, and they open nothing', async () => {
    const server = workspaceAs(adaInReadOnlySession());
    renderApp('/businesses');
    const user = userEvent.setup({ delay: null });

    const banner = await screen.findByRole('region', { name: 'Support impersonation' });
    expect(within(banner).getByText('Read-only')).toBeInTheDocument();
    const newBusiness = await screen.findByRole('button', { name: /New business/ });
    expect(newBusiness).toHaveAttribute('aria-disabled', 'true');
    expect(newBusiness).toHaveAccessibleDescription(readOnlyMessage);
    await user.click(newBusiness);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    await user.click(screen.getByRole('link', { name: 'Leads' }));
    const newLead = await screen.findByRole('button', { name: /New lead/ });
    expect(newLead).toHaveAccessibleDescription(readOnlyMessage);
    await user.click(newLead);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(server.requests.filter((request) => request.method !== 'GET' && request.path !== '/auth/refresh')).toEqual([]);
  });

  it('disables the lead status and the comment form, saying why', async () => {
    workspaceAs(adaInReadOnlySession());
    renderApp('/leads/lead-jordan');

    const status = await screen.findByRole('combobox', { name: /Status/ });
    expect(status).toBeDisabled();
    expect(status).toHaveAccessibleDescription(readOnlyMessage);
    const comment = await screen.findByLabelText('Add a comment');
    expect(comment).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Post comment' })).toBeDisabled();
    expect(screen.getAllByText(readOnlyMessage).length).toBeGreaterThan(0);
  });

  it('disables the names in Profile settings, saying why', async () => {
    mockApi({
      'POST /auth/refresh': { body: buildAuth(adaInReadOnlySession(), 'impersonation-token') },
      'GET /teams': { body: [buildTeam()] },
      'GET /user/impersonations': { body: [] },
      'GET /auth/sessions': { body: { items: [] } },
    });
    renderApp('/settings');

    const firstName = await screen.findByLabelText(/First name/);
    expect(firstName).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Save name' })).toBeDisabled();
    expect(screen.getAllByText(readOnlyMessage).length).toBeGreaterThan(0);
  });

  it('leaves the same controls working in a read-and-write session', async () => {
    workspaceAs(adaInWriteSession());
    renderApp('/leads/lead-jordan');

    const status = await screen.findByRole('combobox', { name: /Status/ });
    expect(status).toBeEnabled();
    expect(await screen.findByLabelText('Add a comment')).toBeEnabled();
    const banner = screen.getByRole('region', { name: 'Support impersonation' });
    expect(within(banner).queryByText('Read-only')).not.toBeInTheDocument();
    expect(screen.queryByText(readOnlyMessage)).not.toBeInTheDocument();
  });
});
