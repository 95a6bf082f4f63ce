import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages } from '@vantage/contracts';
import { describe, expect, it } from 'vitest';
import { apiError, mockApi } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

const noSession = {
  'POST /auth/refresh': apiError(401, 'UNAUTHORIZED'),
  // The sent page links to the development mailbox only when the server has one (here: not).
  'GET /dev/mailbox': apiError(404, 'NOT_FOUND'),
};

const SENT = 'If an account exists for that email, we sent a link. It works for 30 minutes.';

describe('forgot password', () => {
  it('is linked from the sign-in form with the email typed there, and says the same words whatever the answer', async () => {
    const server = mockApi({ ...noSession, 'POST /auth/password-reset': { status: 204 } });
    const { router } = renderApp('/sign-in');
    const events = userEvent.setup({ delay: null });

    await fillIn(events, await screen.findByLabelText(/^Email/), 'ada@example.com');
    await events.click(screen.getByRole('link', { name: 'Forgot password?' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/forgot-password');
    const email = screen.getByLabelText(/^Email/);
    expect(email).toHaveValue('ada@example.com');
    await events.click(screen.getByRole('button', { name: 'Email me a link' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Check your email' })).toBeInTheDocument();
    expect(screen.getByRole('status')).toHaveTextContent(SENT);
    expect(server.callsTo('POST /auth/password-reset')[0].body).toEqual({ email: 'ada@example.com' });
    expect(screen.getByRole('link', { name: 'Back to sign in' })).toHaveAttribute('href', '/sign-in');
  });

  it('checks the address before asking, and shows the wait when throttled', async () => {
    const server = mockApi({
      ...noSession,
      'POST /auth/password-reset': { ...apiError(429, 'PASSWORD_RESET_THROTTLED'), headers: { 'Retry-After': '600' } },
    });
    renderApp('/forgot-password');
    const events = userEvent.setup({ delay: null });

    const email = await screen.findByLabelText(/^Email/);
    await events.click(screen.getByRole('button', { name: 'Email me a link' }));
    expect(email).toHaveAccessibleDescription('Enter your email address.');
    expect(server.callsTo('POST /auth/password-reset')).toHaveLength(0);

    await fillIn(events, email, 'ada@example.com');
    await events.click(screen.getByRole('button', { name: 'Email me a link' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(errorMessages.PASSWORD_RESET_THROTTLED);
    expect(alert).toHaveTextContent('You can try again in 10 minutes.');
    expect(screen.queryByText(SENT)).not.toBeInTheDocument();
  });
});

describe('reset password', () => {
  it('sets the new password with the link’s token, then says every sign-in ended and leads to sign in', async () => {
    const server = mockApi({ ...noSession, 'POST /auth/password-reset/confirm': { status: 204 } });
    renderApp('/reset-password/tok-456');
    const events = userEvent.setup({ delay: null });

    const password = await screen.findByLabelText(/^New password/);
    await fillIn(events, password, 'short');
    await events.click(screen.getByRole('button', { name: 'Change password' }));
    expect(password).toHaveAccessibleDescription(/Use at least 8 characters./);
    expect(screen.getByLabelText(/^Repeat the new password/)).toHaveAccessibleDescription('The two passwords are not the same.');
    expect(server.callsTo('POST /auth/password-reset/confirm')).toHaveLength(0);

    await fillIn(events, password, '-but-now-long');
    await fillIn(events, screen.getByLabelText(/^Repeat the new password/), 'short-but-now-long');
    await events.click(screen.getByRole('button', { name: 'Change password' }));

    expect(await screen.findByRole('status')).toHaveTextContent(
      'Your password was changed and every sign-in ended. Sign in with the new password.',
    );
    expect(server.callsTo('POST /auth/password-reset/confirm')[0].body).toEqual({ token: 'tok-456', password: 'short-but-now-long' });
    await events.click(screen.getByRole('link', { name: 'Sign in' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to Vantage' })).toBeInTheDocument();
  });

  it('explains a used or expired link in words, with the way to ask for a new one', async () => {
    mockApi({ ...noSession, 'POST /auth/password-reset/confirm': apiError(400, 'RESET_TOKEN_INVALID') });
    const { router } = renderApp('/reset-password/tok-old');
    const events = userEvent.setup({ delay: null });

    await fillIn(events, await screen.findByLabelText(/^New password/), 'correct horse battery');
    await fillIn(events, screen.getByLabelText(/^Repeat the new password/), 'correct horse battery');
    await events.click(screen.getByRole('button', { name: 'Change password' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(errorMessages.RESET_TOKEN_INVALID);
    await events.click(within(alert).getByRole('link', { name: 'Ask for a new link' }));
    await waitFor(() => expect(router.state.location.pathname).toBe('/forgot-password'));
    expect(await screen.findByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeInTheDocument();
  });

  it('a link cut short (a malformed token) is the same dead link, not a form error', async () => {
    mockApi({
      ...noSession,
      'POST /auth/password-reset/confirm': apiError(400, 'VALIDATION_FAILED', 'Some fields are not valid.', {
        errors: [{ field: 'token', message: 'must be the token from the emailed link' }],
      }),
    });
    renderApp('/reset-password/tok-cut');
    const events = userEvent.setup({ delay: null });

    await fillIn(events, await screen.findByLabelText(/^New password/), 'correct horse battery');
    await fillIn(events, screen.getByLabelText(/^Repeat the new password/), 'correct horse battery');
    await events.click(screen.getByRole('button', { name: 'Change password' }));

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('This link cannot be used');
    expect(alert).toHaveTextContent(errorMessages.RESET_TOKEN_INVALID);
    expect(within(alert).getByRole('link', { name: 'Ask for a new link' })).toBeInTheDocument();
  });
});
