import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { buildAuth, buildPage, buildTeam, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

async function openCreateTeamFromHeader() {
  const user = userEvent.setup({ delay: null });
  await user.click(await screen.findByRole('button', { name: /Current team: Acme/ }));
  await user.click(await screen.findByRole('menuitem', { name: 'Create team' }));
  return { user, dialog: await screen.findByRole('dialog', { name: 'Create a team' }) };
}

describe('create team', () => {
  it('requires a name and shows the API’s field error next to it', async () => {
    const server = mockApi({
      'POST /auth/refresh': { body: buildAuth() },
      'GET /teams': { body: [buildTeam()] },
      'GET /businesses': { body: buildPage([]) },
      'POST /teams': apiError(400, 'VALIDATION_FAILED', 'Validation failed', {
        errors: [{ field: 'name', message: 'Name must be shorter than or equal to 80 characters.' }],
      }),
    });
    renderApp('/businesses');
    const { user, dialog } = await openCreateTeamFromHeader();
    const nameInput = within(dialog).getByLabelText(/team name/i);

    await user.click(within(dialog).getByRole('button', { name: 'Create team' }));
    expect(nameInput).toHaveAccessibleDescription('Enter a team name.');
    expect(server.callsTo('POST /teams')).toHaveLength(0);

    await fillIn(user, nameInput, 'A very long name');
    await user.click(within(dialog).getByRole('button', { name: 'Create team' }));
    await waitFor(() => expect(nameInput).toHaveAccessibleDescription('Name must be shorter than or equal to 80 characters.'));
  });

  it('creates the team, closes, confirms, and lists it in the switcher without switching', async () => {
    const created = buildTeam({ id: 'team-blue', name: 'Blue Harbor' });
    let teams = [buildTeam()];
    const server = mockApi({
      'POST /auth/refresh': { body: buildAuth(buildUser()) },
      'GET /teams': () => ({ body: teams }),
      'GET /businesses': { body: buildPage([]) },
      'POST /teams': (request) => {
        teams = [...teams, { ...created, name: (request.body as { name: string }).name }];
        return { status: 201, body: created };
      },
    });
    renderApp('/businesses');
    const { user, dialog } = await openCreateTeamFromHeader();

    await fillIn(user, within(dialog).getByLabelText(/team name/i), '  Blue Harbor ');
    await user.click(within(dialog).getByRole('button', { name: 'Create team' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(server.callsTo('POST /teams')[0].body).toEqual({ name: 'Blue Harbor' });
    expect(await screen.findByText(/Blue Harbor is ready/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Current team: Acme/ })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: /Current team: Acme/ }));
    expect(await screen.findByRole('menuitem', { name: /Blue Harbor/ })).toBeInTheDocument();
  });
});
