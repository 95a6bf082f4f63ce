import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages, type PasskeyAuthenticationOptions } from '@vantage/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { buildAuth, buildPage, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

// The browser's prompt, as the library gives it: what a test makes it answer is what the person did.
const browser = vi.hoisted(() => ({ startRegistration: vi.fn(), startAuthentication: vi.fn() }));
vi.mock('@simplewebauthn/browser', () => browser);

const totpUser = buildUser({ isTwoFactorEnabled: true, twoFactorMethod: 'totp' });

const noSession = {
  'POST /auth/refresh': apiError(401, 'UNAUTHORIZED'),
  'GET /dev/mailbox': apiError(404, 'NOT_FOUND'),
};

function passkeyOptions(challenge: string): PasskeyAuthenticationOptions {
  return { challenge, rpId: 'localhost', allowCredentials: [{ id: 'cred-1', type: 'public-key' }], userVerification: 'preferred' };
}

const ASSERTION = {
  id: 'cred-1',
  rawId: 'cred-1',
  type: 'public-key',
  response: { clientDataJSON: 'e30', authenticatorData: 'SZY', signature: 'MEU' },
  clientExtensionResults: {},
};

/** A password step that leads to the two-factor step, for an account whose passkey challenges count up. */
function signInApi(routes: Parameters<typeof mockApi>[0] = {}) {
  let challenges = 0;
  return mockApi({
    ...noSession,
    'POST /auth/login': { body: { accessToken: 'pending-token', user: totpUser, twoFactorRequired: true } },
    'POST /2fa/passkey-options': () => {
      challenges += 1;
      return { body: passkeyOptions(`challenge-${challenges}`) };
    },
    'GET /teams': { body: [totpUser.currentTeam] },
    'GET /businesses': { body: buildPage([]) },
    ...routes,
  });
}

async function reachTwoFactorStep() {
  const user = userEvent.setup({ delay: null });
  await fillIn(user, await screen.findByLabelText(/^email/i), 'ada@example.com');
  await fillIn(user, screen.getByLabelText(/^password/i), 'correct horse');
  await user.click(screen.getByRole('button', { name: 'Sign in' }));
  await screen.findByRole('heading', { level: 1, name: 'Two-factor verification' });
  return user;
}

function promptClosed() {
  return Object.assign(new Error('The operation either timed out or was not allowed.'), {
    name: 'WebAuthnError',
    code: 'ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY',
    cause: new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError'),
  });
}

describe('signing in with a passkey', () => {
  beforeEach(() => {
    vi.stubGlobal('PublicKeyCredential', function PublicKeyCredential() {});
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    browser.startAuthentication.mockReset();
  });

  it('offers "Use a passkey" to an account that has one and lands where a code does', async () => {
    browser.startAuthentication.mockResolvedValue(ASSERTION);
    const server = signInApi({ 'POST /2fa/authenticate': { body: buildAuth(totpUser, 'full-token') } });
    renderApp('/sign-in');
    const user = await reachTwoFactorStep();

    // The code stays the alternative, with the focus where it was.
    expect(screen.getByLabelText(/verification code/i)).toHaveFocus();
    await user.click(await screen.findByRole('button', { name: 'Use a passkey' }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Businesses' })).toBeInTheDocument();
    // The challenge asked for when the step opened is the one signed: no request between click and prompt.
    expect(browser.startAuthentication).toHaveBeenCalledWith({ optionsJSON: passkeyOptions('challenge-1') });
    expect(server.callsTo('POST /2fa/passkey-options').map((request) => request.authorization)).toEqual(['Bearer pending-token']);
    const attempts = server.callsTo('POST /2fa/authenticate');
    expect(attempts.map((request) => request.body)).toEqual([{ passkey: ASSERTION }]);
    expect(attempts[0].authorization).toBe('Bearer pending-token');
  });

  it('does not offer it to an account without passkeys', async () => {
    const server = signInApi({ 'POST /2fa/passkey-options': apiError(400, 'NO_PASSKEYS') });
    renderApp('/sign-in');
    await reachTwoFactorStep();

    await waitFor(() => expect(server.callsTo('POST /2fa/passkey-options')).toHaveLength(1));
    expect(screen.queryByRole('button', { name: 'Use a passkey' })).not.toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Verify and sign in' })).toBeEnabled();
  });

  it('says calmly that the prompt was closed, then tries again with a new challenge', async () => {
    browser.startAuthentication.mockRejectedValueOnce(promptClosed()).mockResolvedValueOnce(ASSERTION);
    const server = signInApi({ 'POST /2fa/authenticate': { body: buildAuth(totpUser, 'full-token') } });
    renderApp('/sign-in');
    const user = await reachTwoFactorStep();

    await user.click(await screen.findByRole('button', { name: 'Use a passkey' }));
    const note = await screen.findByRole('status');
    expect(note).toHaveTextContent('Not signed in yet');
    expect(note).toHaveTextContent('The passkey prompt was closed or timed out');
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(server.callsTo('POST /2fa/authenticate')).toHaveLength(0);

    await waitFor(() => expect(server.callsTo('POST /2fa/passkey-options')).toHaveLength(2));
    await user.click(screen.getByRole('button', { name: 'Use a passkey' }));
    expect(await screen.findByRole('heading', { level: 1, name: 'Businesses' })).toBeInTheDocument();
    expect(browser.startAuthentication).toHaveBeenLastCalledWith({ optionsJSON: passkeyOptions('challenge-2') });
  });

  it('shows the attempts left after a passkey the API rejects, and the lock after too many', async () => {
    browser.startAuthentication.mockResolvedValue(ASSERTION);
    let attempts = 0;
    signInApi({
      'POST /2fa/authenticate': () => {
        attempts += 1;
        return attempts === 1
          ? apiError(401, 'INVALID_PASSKEY', 'Invalid passkey', { attemptsLeft: 1 })
          : { ...apiError(429, 'TWO_FACTOR_LOCKED'), headers: { 'Retry-After': '900' } };
      },
    });
    renderApp('/sign-in');
    const user = await reachTwoFactorStep();

    await user.click(await screen.findByRole('button', { name: 'Use a passkey' }));
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('Could not verify the passkey');
    expect(alert).toHaveTextContent(`${errorMessages.INVALID_PASSKEY} 1 attempt left before a short lock.`);
    // Still on the step: a wrong passkey is an answer, not an expired sign-in.
    expect(screen.getByRole('heading', { level: 1, name: 'Two-factor verification' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Use a passkey' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Please wait');
    expect(screen.getByRole('button', { name: 'Use a passkey' })).toBeDisabled();
    expect(screen.getByRole('button', { name: /^Try again in 1[45] min/ })).toBeDisabled();
  });

  it('offers the passkey once a lock that was running at the password step is over', async () => {
    const lockedUntil = new Date(Date.now() + 1_500).toISOString();
    let asked = 0;
    const server = signInApi({
      'POST /auth/login': {
        body: { accessToken: 'pending-token', user: totpUser, twoFactorRequired: true, twoFactorLockedUntil: lockedUntil },
      },
      'POST /2fa/passkey-options': () => {
        asked += 1;
        return asked === 1
          ? { ...apiError(429, 'TWO_FACTOR_LOCKED'), headers: { 'Retry-After': '2' } }
          : { body: passkeyOptions('after-lock') };
      },
    });
    renderApp('/sign-in');
    await reachTwoFactorStep();

    expect(await screen.findByText('Two-factor sign-in is locked')).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Use a passkey' })).not.toBeInTheDocument();
    expect(await screen.findByRole('button', { name: 'Use a passkey' }, { timeout: 4_000 })).toBeEnabled();
    expect(server.callsTo('POST /2fa/passkey-options')).toHaveLength(2);
  });

  it('goes back to the password step when the step’s token has expired', async () => {
    browser.startAuthentication.mockResolvedValue(ASSERTION);
    signInApi({ 'POST /2fa/authenticate': apiError(401, 'UNAUTHORIZED') });
    renderApp('/sign-in');
    const user = await reachTwoFactorStep();

    await user.click(await screen.findByRole('button', { name: 'Use a passkey' }));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(within(document.body).queryByRole('heading', { level: 1, name: 'Two-factor verification' })).not.toBeInTheDocument();
  });
});
