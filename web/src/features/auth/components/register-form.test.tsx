import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { buildAuth, buildPage, buildTeam, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

const noSession = { 'POST /auth/refresh': apiError(401, 'UNAUTHORIZED') };

async function fillRegistration(overrides: Partial<Record<string, string>> = {}) {
  const values = {
    'First name': 'Grace',
    'Last name': 'Hopper',
    'Work email': 'grace@example.com',
    Password: 'compilers-rule',
    'Team name': 'Navy Labs',
    ...overrides,
  };
  const user = userEvent.setup({ delay: null });
  await screen.findByRole('heading', { level: 1, name: 'Create your Vantage account' });
  for (const [label, value] of Object.entries(values)) {
    if (value) await fillIn(user, screen.getByLabelText(new RegExp(`^${label}`)), value);
  }
  await user.click(screen.getByRole('button', { name: 'Create account' }));
  return user;
}

describe('registration', () => {
  it('checks the password length before sending anything', async () => {
    const server = mockApi(noSession);
    renderApp('/register');

    await fillRegistration({ Password: 'short' });

    const password = screen.getByLabelText(/^password/i);
    expect(password).toHaveAccessibleDescription(/Use at least 8 characters\./);
    expect(password).toHaveFocus();
    expect(server.callsTo('POST /auth/register')).toHaveLength(0);
  });

  it('puts "email taken" next to the email field', async () => {
    mockApi({ ...noSession, 'POST /auth/register': apiError(409, 'EMAIL_TAKEN') });
    renderApp('/register');

    await fillRegistration();

    expect(await screen.findByLabelText(/^work email/i)).toHaveAccessibleDescription(errorMessages.EMAIL_TAKEN);
  });

  it('creates the account and its team, then opens that team’s businesses', async () => {
    const team = buildTeam({ id: 'team-navy', name: 'Navy Labs' });
    const grace = buildUser({ id: 'user-grace', firstName: 'Grace', lastName: 'Hopper', currentTeam: team });
    const server = mockApi({
      ...noSession,
      'POST /auth/register': { status: 201, body: buildAuth(grace, 'grace-token') },
      'GET /teams': { body: [team] },
      'GET /businesses': { body: buildPage([]) },
    });
    const { router } = renderApp('/register');

    await fillRegistration();

    expect(await screen.findByRole('heading', { level: 1, name: 'Businesses' })).toBeInTheDocument();
    expect(within(screen.getByRole('main')).getByText('Navy Labs')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/businesses');
    expect(server.callsTo('POST /auth/register')[0].body).toEqual({
      firstName: 'Grace',
      lastName: 'Hopper',
      email: 'grace@example.com',
      password: 'compilers-rule',
      teamName: 'Navy Labs',
    });
  });
});
