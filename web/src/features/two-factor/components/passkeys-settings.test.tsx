import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { errorMessages, type CurrentUser, type Passkey, type PasskeyRegistrationOptions } from '@vantage/contracts';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatDate, formatDateTime } from '@/lib/format-date';
import { suggestedPasskeyName } from '@/lib/passkeys';
import { buildAuth, buildTeam, buildUser } from '@/testing/data';
import { apiError, mockApi } from '@/testing/mock-api';
import { fillIn, renderApp } from '@/testing/render';

// The browser's prompt, as the library gives it: what a test makes it answer is what the person did.
const browser = vi.hoisted(() => ({ startRegistration: vi.fn(), startAuthentication: vi.fn() }));
vi.mock('@simplewebauthn/browser', () => browser);

const totpUser = buildUser({ isTwoFactorEnabled: true, twoFactorMethod: 'totp' });

const LAPTOP: Passkey = {
  id: 'pk-1',
  name: 'Work laptop 💻',
  createdAt: '2026-11-02T08:15:00.000Z',
  lastUsedAt: '2026-12-01T17:45:00.000Z',
};
const KEY: Passkey = { id: 'pk-2', name: 'YubiKey', createdAt: '2026-11-20T10:00:00.000Z', lastUsedAt: null };

const REGISTRATION_OPTIONS: PasskeyRegistrationOptions = {
  rp: { id: 'localhost', name: 'Vantage' },
  user: { id: 'dXNlci1hZGE', name: 'ada@example.com', displayName: 'Ada Lovelace' },
  challenge: 'Y2hhbGxlbmdl',
  pubKeyCredParams: [{ alg: -7, type: 'public-key' }],
};
const REGISTRATION_RESPONSE = {
  id: 'cred-3',
  rawId: 'cred-3',
  type: 'public-key',
  response: { clientDataJSON: 'e30', attestationObject: 'o2N' },
  clientExtensionResults: {},
};

/** What the library throws when the person closes the browser's prompt (or it times out). */
function promptClosed() {
  return Object.assign(new Error('The operation either timed out or was not allowed.'), {
    name: 'WebAuthnError',
    code: 'ERROR_PASSTHROUGH_SEE_CAUSE_PROPERTY',
    cause: new DOMException('The operation either timed out or was not allowed.', 'NotAllowedError'),
  });
}

function settingsApi(user: CurrentUser, passkeys: Passkey[] = []) {
  const state = { passkeys };
  const server = mockApi({
    'POST /auth/refresh': { body: buildAuth(user) },
    'GET /teams': { body: [buildTeam()] },
    'GET /user/impersonations': { body: [] },
    'GET /auth/sessions': { body: { items: [] } },
    'GET /user/passkeys': () => ({ body: { items: state.passkeys } }),
  });
  return { ...server, state };
}

async function passkeysSection() {
  return screen.findByRole('region', { name: 'Passkeys' });
}

describe('passkeys in profile settings', () => {
  beforeEach(() => {
    vi.stubGlobal('PublicKeyCredential', function PublicKeyCredential() {});
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    browser.startRegistration.mockReset();
  });

  it('lists each passkey with when it was added and last used, or "Never used"', async () => {
    settingsApi(totpUser, [LAPTOP, KEY]);
    renderApp('/settings');
    const section = await passkeysSection();

    const list = await within(section).findByRole('list', { name: 'Your passkeys' });
    const [laptop, key] = within(list).getAllByRole('listitem');
    expect(laptop).toHaveTextContent('Work laptop 💻');
    expect(laptop).toHaveTextContent(`Added ${formatDate(LAPTOP.createdAt)} · Last used ${formatDateTime(LAPTOP.lastUsedAt ?? '')}`);
    expect(key).toHaveTextContent(`Added ${formatDate(KEY.createdAt)} · Never used`);
    expect(within(key).getByRole('button', { name: 'Remove passkey YubiKey' })).toBeInTheDocument();
  });

  it('adds a passkey under the name given, through the browser’s prompt, and lists it', async () => {
    const server = settingsApi(totpUser);
    server.on('POST /user/passkeys/options', { body: REGISTRATION_OPTIONS });
    server.on('POST /user/passkeys', (request) => {
      const added: Passkey = {
        id: 'pk-3',
        name: (request.body as { name: string }).name,
        createdAt: '2026-12-03T07:00:00.000Z',
        lastUsedAt: null,
      };
      server.state.passkeys = [added];
      return { status: 201, body: added };
    });
    browser.startRegistration.mockResolvedValue(REGISTRATION_RESPONSE);
    renderApp('/settings');
    const events = userEvent.setup({ delay: null });
    const section = await passkeysSection();
    expect(await within(section).findByText('No passkeys yet.')).toBeInTheDocument();

    await events.click(within(section).getByRole('button', { name: 'Add a passkey' }));
    const name = within(section).getByRole('textbox', { name: 'Passkey name' });
    expect(name).toHaveValue(suggestedPasskeyName());
    await events.clear(name);
    await events.click(within(section).getByRole('button', { name: 'Create passkey' }));
    expect(name).toHaveAccessibleDescription(/^Give the passkey a name/);
    expect(browser.startRegistration).not.toHaveBeenCalled();

    await fillIn(events, name, '  Phone 📱  ');
    await events.click(within(section).getByRole('button', { name: 'Create passkey' }));

    expect(await screen.findByText('Passkey added')).toBeInTheDocument();
    expect(browser.startRegistration).toHaveBeenCalledWith({ optionsJSON: REGISTRATION_OPTIONS });
    // Asked for when the form opened, so the click went straight to the browser's prompt.
    expect(server.callsTo('POST /user/passkeys/options')).toHaveLength(1);
    expect(server.callsTo('POST /user/passkeys').map((request) => request.body)).toEqual([
      { name: 'Phone 📱', response: REGISTRATION_RESPONSE },
    ]);
    const list = await within(section).findByRole('list', { name: 'Your passkeys' });
    expect(list).toHaveTextContent('Phone 📱');
    expect(within(section).queryByRole('textbox', { name: 'Passkey name' })).not.toBeInTheDocument();
  });

  it('says calmly that nothing was added when the browser’s prompt is closed, and lets the person try again', async () => {
    const server = settingsApi(totpUser);
    server.on('POST /user/passkeys/options', { body: REGISTRATION_OPTIONS });
    browser.startRegistration.mockRejectedValue(promptClosed());
    renderApp('/settings');
    const events = userEvent.setup({ delay: null });
    const section = await passkeysSection();

    await events.click(await within(section).findByRole('button', { name: 'Add a passkey' }));
    await events.click(within(section).getByRole('button', { name: 'Create passkey' }));

    const note = await within(section).findByRole('status');
    expect(note).toHaveTextContent('No passkey was added');
    expect(note).toHaveTextContent('the browser’s prompt was closed or timed out. You can try again.');
    expect(section).not.toHaveTextContent(/NotAllowedError|ERROR_/);
    expect(within(section).queryByRole('alert')).not.toBeInTheDocument();
    expect(server.callsTo('POST /user/passkeys')).toHaveLength(0);
    expect(within(section).getByRole('button', { name: 'Create passkey' })).toBeEnabled();
  });

  it('shows the API’s refusal in words', async () => {
    const server = settingsApi(totpUser, [LAPTOP]);
    server.on('POST /user/passkeys/options', { body: REGISTRATION_OPTIONS });
    server.on('POST /user/passkeys', apiError(400, 'PASSKEY_REGISTRATION_REJECTED'));
    browser.startRegistration.mockResolvedValue(REGISTRATION_RESPONSE);
    renderApp('/settings');
    const events = userEvent.setup({ delay: null });
    const section = await passkeysSection();

    await events.click(await within(section).findByRole('button', { name: 'Add a passkey' }));
    await events.click(within(section).getByRole('button', { name: 'Create passkey' }));

    const alert = await within(section).findByRole('alert');
    expect(alert).toHaveTextContent('The passkey was not added');
    expect(alert).toHaveTextContent(errorMessages.PASSKEY_REGISTRATION_REJECTED);
  });

  it('says so in a browser without passkeys, and offers no Add', async () => {
    vi.stubGlobal('PublicKeyCredential', undefined);
    settingsApi(totpUser, [KEY]);
    renderApp('/settings');
    const section = await passkeysSection();

    expect(await within(section).findByText('This browser cannot use passkeys')).toBeInTheDocument();
    expect(within(section).queryByRole('button', { name: 'Add a passkey' })).not.toBeInTheDocument();
    // Removing needs no browser support: the list stays usable.
    expect(await within(section).findByRole('button', { name: 'Remove passkey YubiKey' })).toBeInTheDocument();
  });

  it('removes a passkey after the password, saying next to the field when it is wrong', async () => {
    const server = settingsApi(totpUser, [LAPTOP, KEY]);
    server.on('DELETE /user/passkeys/pk-2', (request) => {
      if ((request.body as { password: string }).password !== 'correct horse') return apiError(401, 'WRONG_PASSWORD');
      server.state.passkeys = [LAPTOP];
      return { status: 204 };
    });
    renderApp('/settings');
    const events = userEvent.setup({ delay: null });
    const section = await passkeysSection();

    await events.click(await within(section).findByRole('button', { name: 'Remove passkey YubiKey' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remove passkey' });
    expect(dialog).toHaveTextContent('“YubiKey” will no longer confirm your sign-in.');
    const password = within(dialog).getByLabelText(/^Your password/);
    await fillIn(events, password, 'not it');
    await events.click(within(dialog).getByRole('button', { name: 'Remove passkey' }));
    await waitFor(() => expect(password).toHaveAccessibleDescription(errorMessages.WRONG_PASSWORD));

    await events.clear(password);
    await fillIn(events, password, 'correct horse');
    await events.click(within(dialog).getByRole('button', { name: 'Remove passkey' }));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByText('Passkey removed')).toBeInTheDocument();
    await waitFor(() => expect(within(section).queryByText('YubiKey')).not.toBeInTheDocument());
    expect(server.callsTo('DELETE /user/passkeys/pk-2').map((request) => request.body)).toEqual([
      { password: 'not it' },
      { password: 'correct horse' },
    ]);
  });

  it('asks to turn on two-factor first when it is off', async () => {
    const server = settingsApi(buildUser());
    renderApp('/settings');
    const section = await passkeysSection();

    expect(section).toHaveTextContent('Turn on two-factor authentication first');
    expect(within(section).queryByRole('button', { name: 'Add a passkey' })).not.toBeInTheDocument();
    expect(server.callsTo('GET /user/passkeys')).toHaveLength(0);
  });

  it('cannot be changed during an impersonation, and says why', async () => {
    const server = settingsApi(
      buildUser({
        isTwoFactorEnabled: true,
        twoFactorMethod: 'totp',
        impersonatedBy: { id: 'admin-sam', name: 'Sam Support', email: 'sam@vantage.test' },
        impersonationExpiresAt: new Date(Date.now() + 20 * 60_000).toISOString(),
      }),
    );
    renderApp('/settings');
    const events = userEvent.setup({ delay: null });
    const section = await passkeysSection();

    expect(section).toHaveTextContent(`${errorMessages.FORBIDDEN_DURING_IMPERSONATION} Only the account owner can add or remove passkeys.`);
    const add = within(section).getByRole('button', { name: /^Add a passkey/ });
    expect(add).toHaveAttribute('aria-disabled', 'true');
    await events.click(add);
    expect(within(section).queryByRole('textbox', { name: 'Passkey name' })).not.toBeInTheDocument();
    expect(server.callsTo('GET /user/passkeys')).toHaveLength(0);
  });
});

describe('a new passkey’s suggested name', () => {
  it('names the browser and system, else something neutral', () => {
    expect(
      suggestedPasskeyName(
        'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
      ),
    ).toBe('Chrome on macOS');
    expect(
      suggestedPasskeyName('Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Version/18.1 Safari/604.1'),
    ).toBe('Safari on iPhone');
    expect(suggestedPasskeyName('')).toBe('My passkey');
  });
});
