import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages, type AdminTeamRow, type Page } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAdminTeamRow, buildAuth, buildTeam, buildUser } from '@/testing/data';
import { apiError, mockApi, type RecordedRequest } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

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

const acme = buildAdminTeamRow();
const globex = buildAdminTeamRow({
  id: 'team-globex',
  name: 'Globex',
  owner: { id: 'user-hank', name: 'Hank Scorpio', email: 'hank@globex.test', role: 'user', impersonationAllowed: false },
  memberCount: 12,
  impersonationBlockedReason: 'IMPERSONATION_NOT_ALLOWED',
});
const supportTeam = buildAdminTeamRow({
  id: 'team-ops',
  name: 'Ops',
  owner: { id: 'user-olga', name: 'Olga Ops', email: 'olga@vantage.test', role: 'admin', impersonationAllowed: true },
  impersonationBlockedReason: 'IMPERSONATION_TARGET_ADMIN',
});

function pageOf(items: AdminTeamRow[], total = items.length, page = 1): Page<AdminTeamRow> {
  return { items, total, page, pageSize: 20 };
}

function queryOf(request: RecordedRequest): URLSearchParams {
  return new URLSearchParams(request.path.split('?')[1] ?? '');
}

function signedInAs(user = admin) {
  return mockApi({
    'POST /auth/refresh': { body: buildAuth(user, 'admin-token') },
    'GET /teams': { body: [user.currentTeam] },
    'GET /admin/access-requests': { body: { items: [] } },
  });
}

describe('Teams List', () => {
  it('lists every team with its owner, and explains in words why an owner cannot be impersonated', async () => {
    const server = signedInAs();
    server.on('GET /admin/teams', { body: pageOf([acme, globex, supportTeam]) });
    renderApp('/admin/teams');

    const table = await screen.findByRole('table', { name: 'Teams' });
    expect(screen.getByRole('heading', { level: 1, name: 'Teams List' })).toBeInTheDocument();
    expect(screen.getByText('Showing 1–3 of 3 teams.')).toBeInTheDocument();

    const [, acmeRow, globexRow, opsRow] = within(table).getAllByRole('row');
    expect(acmeRow).toHaveTextContent('Ada Lovelace');
    expect(acmeRow).toHaveTextContent('ada@example.com');
    expect(acmeRow).toHaveTextContent('User');
    expect(within(acmeRow).getByRole('button', { name: 'Impersonate Ada Lovelace in Acme' })).not.toHaveAttribute('aria-disabled');

    expect(globexRow).toHaveTextContent('Support access off');
    expect(globexRow).toHaveTextContent('12');
    const blocked = within(globexRow).getByRole('button', { name: 'Impersonate Hank Scorpio in Globex' });
    expect(blocked).toHaveAttribute('aria-disabled', 'true');
    expect(blocked).toHaveAccessibleDescription(errorMessages.IMPERSONATION_NOT_ALLOWED);
    expect(within(globexRow).getByText(errorMessages.IMPERSONATION_NOT_ALLOWED)).toBeVisible();
    expect(globexRow).not.toHaveTextContent('IMPERSONATION_NOT_ALLOWED');

    const adminOwner = within(opsRow).getByRole('button', { name: 'Impersonate Olga Ops in Ops' });
    expect(adminOwner).toHaveAccessibleDescription(errorMessages.IMPERSONATION_TARGET_ADMIN);
    expect(opsRow).toHaveTextContent('Admin');

    // An unavailable button stays focusable (so its reason can be reached) but opens nothing.
    const user = userEvent.setup({ delay: null });
    await user.click(blocked);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    await user.click(within(acmeRow).getByRole('button', { name: /Impersonate Ada/ }));
    expect(await screen.findByRole('dialog', { name: 'Impersonate Ada Lovelace in Acme' })).toBeInTheDocument();
    expect(queryOf(server.callsTo('GET /admin/teams')[0]).get('page')).toBe('1');
  });

  it('searches after a pause in typing, from page 1, and says when nothing matches', async () => {
    const server = signedInAs();
    server.on('GET /admin/teams', (request) => {
      const search = queryOf(request).get('search') ?? '';
      if (!search) return { body: pageOf([acme, globex], 45) };
      return { body: search === 'globex' ? pageOf([globex]) : pageOf([]) };
    });
    const { router } = renderApp('/admin/teams?page=2');
    const user = userEvent.setup({ delay: null });

    await screen.findByRole('table', { name: 'Teams' });
    expect(queryOf(server.callsTo('GET /admin/teams')[0]).get('page')).toBe('2');

    const searchBox = screen.getByRole('searchbox', { name: 'Search teams' });
    expect(searchBox).toHaveAccessibleDescription('Team name, owner name or owner email');
    await user.type(searchBox, 'globex');

    await waitFor(() => expect(screen.getByText('Showing 1–1 of 1 team matching “globex”.')).toBeInTheDocument());
    const searches = server.callsTo('GET /admin/teams').slice(1).map(queryOf);
    // One request for the whole word, not one per keystroke; a new search starts at page 1.
    expect(searches.map((query) => query.get('search'))).toEqual(['globex']);
    expect(searches[0].get('page')).toBe('1');
    expect(router.state.location.search).toBe('?search=globex');
    expect(screen.getAllByRole('row')).toHaveLength(2);

    await user.clear(searchBox);
    await fillIn(user, searchBox, 'zzz');
    await user.keyboard('{Enter}');
    expect(await screen.findByRole('heading', { name: 'No teams match “zzz”' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Clear search' }));
    expect(await screen.findByText('Showing 1–2 of 45 teams.')).toBeInTheDocument();
    expect(searchBox).toHaveValue('');
  });

  it('pages through the list with the pagination controls', async () => {
    const server = signedInAs();
    server.on('GET /admin/teams', (request) => {
      const page = Number(queryOf(request).get('page'));
      return { body: pageOf(page === 1 ? [acme] : [globex], 41, page) };
    });
    const { router } = renderApp('/admin/teams');
    const user = userEvent.setup({ delay: null });

    await screen.findByText('Showing 1–1 of 41 teams.');
    const pages = screen.getByRole('navigation', { name: 'Teams List pages' });
    expect(within(pages).getByRole('button', { name: 'Page 1' })).toHaveAttribute('aria-current', 'page');
    await user.click(within(pages).getByRole('button', { name: 'Next page' }));

    expect(await screen.findByText('Showing 21–21 of 41 teams.')).toBeInTheDocument();
    expect(screen.getByRole('row', { name: /Globex/ })).toBeInTheDocument();
    expect(router.state.location.search).toBe('?page=2');
  });

  it('shows what went wrong and retries when the list cannot be loaded', async () => {
    const server = signedInAs();
    server.on('GET /admin/teams', { status: 503, body: { statusCode: 503, code: 'SERVICE_UNAVAILABLE', message: 'x' } });
    renderApp('/admin/teams');
    const user = userEvent.setup({ delay: null });

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not load the teams');
    server.on('GET /admin/teams', { body: pageOf([acme]) });
    await user.click(screen.getByRole('button', { name: 'Try again' }));
    expect(await screen.findByRole('table', { name: 'Teams' })).toBeInTheDocument();
  });

  it('tells people who are not admins that the page is for admins only, without asking the API', async () => {
    const server = signedInAs(buildUser());
    renderApp('/admin/teams');

    expect(await screen.findByRole('heading', { level: 1, name: 'Admins only' })).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Main navigation' })).not.toHaveTextContent('Teams List');
    expect(server.callsTo('GET /admin/teams')).toHaveLength(0);
  });

  it('says the admin pages are unavailable while impersonating', async () => {
    const server = signedInAs(
      buildUser({
        role: 'admin',
        impersonatedBy: { id: 'super-1', name: 'Sue Super', email: 'sue@vantage.test' },
        impersonationExpiresAt: new Date(Date.now() + 20 * 60_000).toISOString(),
      }),
    );
    renderApp('/admin/impersonations');

    expect(await screen.findByRole('heading', { level: 1, name: 'Not available while impersonating' })).toBeInTheDocument();
    expect(server.callsTo('GET /admin/impersonations')).toHaveLength(0);
  });

  it('explains a refusal the API knows better than the list (a 403 stays on the page)', async () => {
    const server = signedInAs();
    server.on('GET /admin/teams', apiError(403, 'FORBIDDEN'));
    renderApp('/admin/teams');

    expect(await screen.findByRole('alert')).toHaveTextContent(errorMessages.FORBIDDEN);
    expect(screen.getByRole('heading', { level: 1, name: 'Teams List' })).toBeInTheDocument();
  });
});
