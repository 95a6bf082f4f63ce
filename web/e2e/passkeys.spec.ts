import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/accessibility';
import { bearer, ok, register, superAdminToken, type Person } from './support/api';
import { signInWithEmailedCode } from './support/sign-in';
import { expectLayoutHoldsAtBothWidths } from './support/viewports';

/**
 * Passkeys end to end (SPEC §11) on Chromium's own WebAuthn code with a virtual authenticator (the
 * DevTools protocol's, standing in for a phone's fingerprint reader): a customer adds one in Profile
 * Settings and signs in with it; an admin confirms an impersonation with theirs. The page is on
 * `localhost` (see support/environment.ts): WebAuthn refuses an IP address as the relying party.
 */

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

function uniqueStamp(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** A platform authenticator that verifies the person at once (as a fingerprint would), for this page's browser context. */
async function addVirtualAuthenticator(page: Page): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
}

/** Registers the person with email two-factor on (the API's own requests, not the browser's). */
async function personWithEmailCodes(request: APIRequestContext, person: Person): Promise<{ id: string }> {
  const { accessToken, user } = await register(request, person);
  await ok(
    await request.put('/api/user/two-factor', { data: { enabled: true, method: 'email' }, headers: bearer(accessToken) }),
    'PUT /api/user/two-factor (email codes)',
  );
  return { id: user.id };
}

/** Profile settings → Passkeys → Add a passkey, under `name`, through the browser's (virtual) prompt. */
async function addPasskeyInSettings(page: Page, name: string): Promise<void> {
  await page.goto('/settings#two-factor');
  const section = page.getByRole('region', { name: 'Passkeys' });
  await expect(section.getByText('No passkeys yet.')).toBeVisible();
  await section.getByRole('button', { name: 'Add a passkey' }).click();
  const nameField = section.getByRole('textbox', { name: 'Passkey name' });
  // Named after this browser and system, so the list says which device holds it.
  await expect(nameField).toHaveValue(/ on Linux$|^Headless Chrome|^Chrome/);
  await nameField.fill(name);
  await section.getByRole('button', { name: 'Create passkey' }).click();
  await expect(page.getByText('Passkey added')).toBeVisible();
  await expect(section.getByRole('list', { name: 'Your passkeys' }).getByRole('listitem')).toHaveText([new RegExp(`${name}.*Never used`)]);
}

test('a customer adds a passkey in Profile Settings, signs out, and signs in with it', async ({ page, request }, testInfo) => {
  const stamp = uniqueStamp();
  const person: Person = {
    firstName: 'Paula',
    lastName: 'Passkey',
    email: `paula.${stamp}@example.com`,
    password: 'fingerprint-please-2026',
    team: `Keyhole Locksmiths ${stamp}`,
  };
  await personWithEmailCodes(request, person);
  await addVirtualAuthenticator(page);
  const passkeyName = 'Work laptop 💻 with a rather long name that has to wrap on a phone';

  await test.step('adds a passkey in Profile Settings', async () => {
    await signInWithEmailedCode(page, request, person.email, person.password);
    await addPasskeyInSettings(page, passkeyName);
    await page.getByRole('region', { name: 'Passkeys' }).scrollIntoViewIfNeeded();
    await expectNoSeriousA11yViolations(page, testInfo, 'settings-passkeys');
    await expectLayoutHoldsAtBothWidths(page, 'settings-passkeys');
  });

  await test.step('signs out, and signs in with the passkey instead of a code', async () => {
    await page.getByRole('button', { name: /Account menu for Paula Passkey/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in/);

    await page.getByRole('textbox', { name: 'Email' }).fill(person.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(person.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(heading(page, 'Two-factor verification')).toBeVisible();
    const usePasskey = page.getByRole('button', { name: 'Use a passkey' });
    await expect(usePasskey).toBeVisible();
    await expectNoSeriousA11yViolations(page, testInfo, 'two-factor-step-passkey');
    await expectLayoutHoldsAtBothWidths(page, 'two-factor-step-passkey');

    await usePasskey.click();
    await expect(page).toHaveURL(/\/businesses$/);
    await expect(heading(page, 'Businesses')).toBeVisible();
  });

  await test.step('the list says when it was last used; removing it asks for the password', async () => {
    await page.goto('/settings#two-factor');
    const section = page.getByRole('region', { name: 'Passkeys' });
    await expect(section.getByRole('listitem')).toContainText('Last used');

    await section.getByRole('button', { name: `Remove passkey ${passkeyName}` }).click();
    const dialog = page.getByRole('dialog', { name: 'Remove passkey' });
    const password = dialog.getByLabel('Your password');
    await password.fill('not my password');
    await dialog.getByRole('button', { name: 'Remove passkey' }).click();
    await expect(password).toHaveAttribute('aria-invalid', 'true');
    await expectLayoutHoldsAtBothWidths(page, 'remove-passkey-wrong-password');
    await password.fill(person.password);
    await dialog.getByRole('button', { name: 'Remove passkey' }).click();
    await expect(dialog).toBeHidden();
    await expect(section.getByText('No passkeys yet.')).toBeVisible();
  });
});

test('an admin confirms an impersonation with a passkey', async ({ page, request }, testInfo) => {
  const stamp = uniqueStamp();
  const admin: Person = {
    firstName: 'Ada',
    lastName: 'Admin',
    email: `ada.passkey.${stamp}@vantage.test`,
    password: 'support-desk-2026',
    team: `Vantage Support ${stamp}`,
  };
  const customer: Person = {
    firstName: 'Olivia',
    lastName: 'Owens',
    email: `olivia.passkey.${stamp}@example.com`,
    password: 'harbor-freight-2026',
    team: `Harbor Freight ${stamp}`,
  };
  const { id: adminId } = await personWithEmailCodes(request, admin);
  await ok(
    await request.patch(`/api/admin/users/${adminId}`, { data: { role: 'admin' }, headers: bearer(await superAdminToken(request)) }),
    'PATCH /api/admin/users/:id',
  );
  await register(request, customer);
  await addVirtualAuthenticator(page);

  await signInWithEmailedCode(page, request, admin.email, admin.password);
  await addPasskeyInSettings(page, 'Support desk key');

  await page.goto(`/admin/teams?search=${encodeURIComponent(customer.team)}`);
  const row = page.getByRole('row').filter({ hasText: customer.team });
  await expect(row).toHaveCount(1);
  await row.getByRole('button', { name: `Impersonate ${customer.firstName} ${customer.lastName} in ${customer.team}` }).click();
  const dialog = page.getByRole('dialog', { name: `Impersonate ${customer.firstName} ${customer.lastName} in ${customer.team}` });
  const confirm = dialog.getByRole('button', { name: 'Confirm with a passkey' });
  await expect(confirm).toBeVisible();
  await expect(dialog.getByRole('button', { name: 'Use a code instead' })).toBeVisible();
  await dialog.getByLabel('Reason').fill('Ticket #5120: the invoice export is empty');
  await expectNoSeriousA11yViolations(page, testInfo, 'impersonate-dialog-passkey');
  await expectLayoutHoldsAtBothWidths(page, 'impersonate-dialog-passkey');

  await confirm.click();
  await expect(page).toHaveURL(/\/businesses$/);
  await expect(page.getByRole('region', { name: 'Support impersonation' })).toBeVisible();
});
