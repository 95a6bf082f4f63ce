import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages } from '@vantage/contracts';
import { describe, expect, it, onTestFinished, vi } from 'vitest';
import { buildAuth, buildPage, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

const noSession = {
  'POST /auth/refresh': apiError(401, 'UNAUTHORIZED'),
  // The email-code step links to the development mailbox only when the server has one (here: not).
  'GET /dev/mailbox': apiError(404, 'NOT_FOUND'),
};

async function fillCredentials(email: string, password: string) {
  const user = userEvent.setup({ delay: null });
  await fillIn(user, await screen.findByLabelText(/^email/i), email);
  await fillIn(user, screen.getByLabelText(/^password/i), password);
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  return user;
}

describe('sign in', () => {
  it('flags missing and malformed fields next to the inputs without calling the API', async () => {
    const server = mockApi(noSession);
    renderApp('/sign-in');
    const user = userEvent.setup({ delay: null });

    await user.click(await screen.findByRole('button', { name: 'Sign in' }));

    const email = screen.getByLabelText(/^email/i);
    expect(email).toHaveAccessibleDescription('Enter your email address.');
    expect(email).toHaveAttribute('aria-invalid', 'true');
    expect(email).toHaveFocus();
    expect(screen.getByLabelText(/^password/i)).toHaveAccessibleDescription('Enter your password.');

    await fillIn(user, email, 'not-an-email');
    expect(email).not.toHaveAttribute('aria-invalid', 'true');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(email).toHaveAccessibleDescription('Enter an email address like name@example.com.');
    expect(server.callsTo('POST /auth/login')).toHaveLength(0);
  });

  it('shows the API field errors next to their inputs', async () => {
    mockApi({
      ...noSession,
      'POST /auth/login': apiError(400, 'VALIDATION_FAILED', 'Validation failed', {
        errors: [{ field: 'password', message: 'Password must be shorter than 129 characters.' }],
      }),
    });
    renderApp('/sign-in');

    await fillCredentials('ada@example.com', 'x'.repeat(20));

    expect(await screen.findByLabelText(/^password/i)).toHaveAccessibleDescription('Password must be shorter than 129 characters.');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('explains wrong credentials in a sentence, never the error code', async () => {
    mockApi({ ...noSession, 'POST /auth/login': apiError(401, 'INVALID_CREDENTIALS', 'Unauthorized') });
    renderApp('/sign-in');

    await fillCredentials('ada@example.com', 'wrong-password');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(errorMessages.INVALID_CREDENTIALS);
    expect(alert).not.toHaveTextContent('INVALID_CREDENTIALS');
  });

  it('signs in without 2FA and lands on the businesses of the current team', async () => {
    const server = mockApi({
      ...noSession,
      'POST /auth/login': { body: { ...buildAuth(buildUser(), 'full-token'), twoFactorRequired: false } },
      'GET /teams': { body: [buildUser().currentTeam] },
      'GET /businesses': { body: buildPage([]) },
    });
    const { router } = renderApp('/sign-in');

    await fillCredentials('ada@example.com', 'correct horse');

    expect(await screen.findByRole('heading', { level: 1, name: 'Businesses' })).toBeInTheDocument();
    expect(within(screen.getByRole('main')).getByText('Acme')).toBeInTheDocument();
    expect(router.state.location.pathname).toBe('/businesses');
    expect(server.callsTo('POST /auth/login')[0].body).toEqual({ email: 'ada@example.com', password: 'correct horse' });
    await waitFor(() => expect(server.callsTo('GET /teams')[0]?.authorization).toBe('Bearer full-token'));
  });
});

describe('sign in with two-factor authentication', () => {
  const emailUser = buildUser({ isTwoFactorEnabled: true, twoFactorMethod: 'email' });
  const loginNeeding2fa = {
    body: { accessToken: 'pending-token', user: emailUser, twoFactorRequired: true },
  };

  it('a code that was already used is said so next to the field, and the sign-in step stays open', async () => {
    mockApi({
      ...noSession,
      'POST /auth/login': loginNeeding2fa,
      'POST /2fa/authenticate': apiError(401, 'CODE_ALREADY_USED'),
    });
    renderApp('/sign-in');
    const user = await fillCredentials('ada@example.com', 'correct horse');
    const codeInput = await screen.findByLabelText(/verification code/i);
    await fillIn(user, codeInput, '111 111');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    await waitFor(() => expect(codeInput).toHaveAccessibleDescription(new RegExp(`^${errorMessages.CODE_ALREADY_USED}`)));
    expect(screen.getByRole('heading', { level: 1, name: 'Two-factor verification' })).toBeInTheDocument();
  });

  it('asks for the code, rejects a wrong one next to the field, then signs in with the pending token', async () => {
    const server = mockApi({
      ...noSession,
      'POST /auth/login': loginNeeding2fa,
      'POST /2fa/authenticate': (request) =>
        (request.body as { code: string }).code === '654321'
          ? { body: buildAuth(emailUser, 'full-token') }
          : apiError(401, 'INVALID_TWO_FACTOR_CODE'),
      'GET /teams': { body: [emailUser.currentTeam] },
      'GET /businesses': { body: buildPage([]) },
    });
    renderApp('/sign-in');
    const user = await fillCredentials('ada@example.com', 'correct horse');

    expect(await screen.findByRole('heading', { level: 1, name: 'Two-factor verification' })).toBeInTheDocument();
    expect(screen.getByText(/we emailed a 6-digit code to ada@example.com/i)).toBeInTheDocument();
    const codeInput = screen.getByLabelText(/verification code/i);
    expect(codeInput).toHaveFocus();

    await fillIn(user, codeInput, '123');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    expect(codeInput).toHaveAccessibleDescription(/enter all 6 digits/i);

    await user.clear(codeInput);
    await fillIn(user, codeInput, '111 111');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));
    await waitFor(() => expect(codeInput).toHaveAccessibleDescription(/That code is not valid/));

    await user.clear(codeInput);
    await fillIn(user, codeInput, '654 321');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Businesses' })).toBeInTheDocument();
    expect(within(screen.getByRole('main')).getByText('Acme')).toBeInTheDocument();
    const attempts = server.callsTo('POST /2fa/authenticate');
    expect(attempts.map((r) => r.body)).toEqual([{ code: '111111' }, { code: '654321' }]);
    expect(attempts.every((r) => r.authorization === 'Bearer pending-token')).toBe(true);
  });

  it('accepts a recovery code in the same field', async () => {
    const totpUser = buildUser({ isTwoFactorEnabled: true, twoFactorMethod: 'totp' });
    const server = mockApi({
      ...noSession,
      'POST /auth/login': { body: { accessToken: 'pending-token', user: totpUser, twoFactorRequired: true } },
      'POST /2fa/authenticate': { body: buildAuth(totpUser, 'full-token') },
      'GET /teams': { body: [totpUser.currentTeam] },
      'GET /businesses': { body: buildPage([]) },
    });
    renderApp('/sign-in');
    const user = await fillCredentials('ada@example.com', 'correct horse');

    expect(await screen.findByText(/open your authenticator app/i)).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: /send a new code/i })).not.toBeInTheDocument();
    await fillIn(user, screen.getByLabelText(/verification code/i), 'ab12-cd34');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Businesses' })).toBeInTheDocument();
    expect(within(screen.getByRole('main')).getByText('Acme')).toBeInTheDocument();
    expect(server.callsTo('POST /2fa/authenticate')[0].body).toEqual({ code: 'ab12-cd34' });
  });

  it('counts down "Send a new code" from the code the password step sent, again after each send, and as long as the API asks when throttled', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    onTestFinished(() => void vi.useRealTimers());
    let sends = 0;
    const server = mockApi({
      ...noSession,
      'POST /auth/login': loginNeeding2fa,
      'POST /2fa/send-code': () => {
        sends += 1;
        return sends === 1 ? { status: 204 } : { ...apiError(429, 'CODE_RESEND_THROTTLED'), headers: { 'Retry-After': '45' } };
      },
    });
    renderApp('/sign-in');
    const user = await fillCredentials('ada@example.com', 'correct horse');

    // The password step has just emailed a code: the API refuses another for 30 seconds. Real time
    // also moves the fake clock (a busy machine may take seconds to render), so the figures shown are
    // read and compared with each other rather than expected to the second.
    const first = secondsLeftOn(await screen.findByRole('button', { name: /^Send a new code in 0:\d\d$/ }));
    expect(first).toBeGreaterThan(15);
    expect(first).toBeLessThanOrEqual(30);
    await vi.advanceTimersByTimeAsync(10_000);
    const later = screen.queryByRole('button', { name: /^Send a new code in 0:\d\d$/ });
    if (later) {
      expect(later).toBeDisabled();
      expect(secondsLeftOn(later)).toBeLessThanOrEqual(first - 10);
    }
    await vi.advanceTimersByTimeAsync(21_000);
    await user.click(await screen.findByRole('button', { name: 'Send a new code' }));
    expect(await screen.findByRole('status')).toHaveTextContent('We sent a new code to ada@example.com.');
    expect(server.callsTo('POST /2fa/send-code')[0].authorization).toBe('Bearer pending-token');
    const afterSend = secondsLeftOn(await screen.findByRole('button', { name: /^Send a new code in 0:\d\d$/ }));
    expect(afterSend).toBeGreaterThan(15);
    expect(screen.getByRole('button', { name: /^Send a new code in 0:\d\d$/ })).toBeDisabled();

    // Another tab or a repeated sign-in may have sent one since: the API's own wait wins.
    await vi.advanceTimersByTimeAsync(31_000);
    await user.click(await screen.findByRole('button', { name: 'Send a new code' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(errorMessages.CODE_RESEND_THROTTLED);
    expect(alert).toHaveTextContent('You can try again in 45 seconds.');
    const throttled = screen.getByRole('button', { name: /^Send a new code in 0:\d\d$/ });
    expect(throttled).toBeDisabled();
    expect(secondsLeftOn(throttled)).toBeGreaterThan(30);
    expect(server.callsTo('POST /2fa/send-code')).toHaveLength(2);
  });

  it('shows the lock, and when it ends, before any code is typed when the password step says the account is locked', async () => {
    const lockedUntil = new Date(Date.now() + 14 * 60_000 + 30_000).toISOString();
    const server = mockApi({
      ...noSession,
      'POST /auth/login': { body: { ...loginNeeding2fa.body, twoFactorLockedUntil: lockedUntil } },
    });
    renderApp('/sign-in');
    await fillCredentials('ada@example.com', 'correct horse');

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Two-factor sign-in is locked');
    expect(alert).toHaveTextContent(/You can try again at \d\d:\d\d, in 15 minutes\./);
    expect(screen.getByText(/No code was emailed while verification is locked/)).toBeInTheDocument();
    expect(screen.queryByText(/We emailed a 6-digit code/)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again in 15 minutes' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Send a new code' })).toBeDisabled();
    expect(server.callsTo('POST /2fa/authenticate')).toHaveLength(0);
  });

  it('an unlocked account (twoFactorLockedUntil null or past) shows no lock', async () => {
    mockApi({
      ...noSession,
      'POST /auth/login': { body: { ...loginNeeding2fa.body, twoFactorLockedUntil: new Date(Date.now() - 1000).toISOString() } },
    });
    renderApp('/sign-in');
    await fillCredentials('ada@example.com', 'correct horse');

    expect(await screen.findByRole('button', { name: 'Verify and sign in' })).toBeEnabled();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('locks the step when "Send a new code" answers that two-factor is locked', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    onTestFinished(() => void vi.useRealTimers());
    mockApi({
      ...noSession,
      'POST /auth/login': loginNeeding2fa,
      'POST /2fa/send-code': { ...apiError(429, 'TWO_FACTOR_LOCKED'), headers: { 'Retry-After': '600' } },
    });
    renderApp('/sign-in');
    const user = await fillCredentials('ada@example.com', 'correct horse');

    await vi.advanceTimersByTimeAsync(31_000);
    await user.click(await screen.findByRole('button', { name: 'Send a new code' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(errorMessages.TWO_FACTOR_LOCKED);
    expect(screen.getByRole('button', { name: 'Try again in 10 minutes' })).toBeDisabled();
    expect(screen.getByRole('button', { name: 'Send a new code' })).toBeDisabled();
  });

  it('locks the verify button after too many wrong codes', async () => {
    mockApi({
      ...noSession,
      'POST /auth/login': loginNeeding2fa,
      'POST /2fa/authenticate': { ...apiError(429, 'TWO_FACTOR_LOCKED'), headers: { 'Retry-After': '900' } },
    });
    renderApp('/sign-in');
    const user = await fillCredentials('ada@example.com', 'correct horse');

    await fillIn(user, await screen.findByLabelText(/verification code/i), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));

    expect(await screen.findByRole('alert')).toHaveTextContent(errorMessages.TWO_FACTOR_LOCKED);
    expect(screen.getByRole('button', { name: 'Try again in 15 minutes' })).toBeDisabled();
  });

  it('returns to the password step, email kept, when the pending token has expired', async () => {
    mockApi({
      ...noSession,
      'POST /auth/login': loginNeeding2fa,
      'POST /2fa/authenticate': apiError(401, 'UNAUTHORIZED'),
    });
    renderApp('/sign-in');
    const user = await fillCredentials('ada@example.com', 'correct horse');

    await fillIn(user, await screen.findByLabelText(/verification code/i), '123456');
    await user.click(screen.getByRole('button', { name: 'Verify and sign in' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Sign in to Vantage' })).toBeInTheDocument();
    expect(within(screen.getByRole('status')).getByText(errorMessages.SESSION_EXPIRED)).toBeInTheDocument();
    expect(screen.getByLabelText(/^email/i)).toHaveValue('ada@example.com');
  });
});

/** The seconds a "Send a new code in 0:SS" button still shows. */
function secondsLeftOn(button: HTMLElement): number {
  const match = /in 0:(\d\d)$/.exec(button.textContent ?? '');
  if (!match) throw new Error(`not a countdown: ${button.textContent}`);
  return Number(match[1]);
}
