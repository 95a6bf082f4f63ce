import { expect, test, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/accessibility';
import { screenshot } from './support/screenshots';
import { AuthenticatorApp } from './support/authenticator';

interface Person {
  email: string;
  password: string;
  team: string;
}

/** A fresh account, registered through the API (registration itself is covered by other journeys). */
async function registerPerson(request: APIRequestContext, label: string): Promise<Person> {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const person = { email: `grace.${label}.${stamp}@example.com`, password: 'compilers-rule-1952', team: `Navy Labs ${stamp.slice(-5)}` };
  const registered = await request.post('/api/auth/register', {
    data: { email: person.email, password: person.password, firstName: 'Grace', lastName: 'Hopper', teamName: person.team },
  });
  expect(registered.status(), await registered.text()).toBe(201);
  return person;
}

async function signInWithPassword(page: Page, person: Person) {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email' }).fill(person.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

async function signOut(page: Page) {
  await page.getByRole('button', { name: /Account menu for/ }).click();
  await page.getByRole('menuitem', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
}

async function enterSecondFactor(page: Page, code: string) {
  await expect(page.getByRole('heading', { level: 1, name: 'Two-factor verification' })).toBeVisible();
  await page.getByLabel('Verification code').fill(code);
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(page).toHaveURL(/\/businesses$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Businesses' })).toBeVisible();
}

async function openTwoFactorSettings(page: Page) {
  await page.goto('/settings');
  const section = page.getByRole('region', { name: 'Two-factor authentication' });
  await expect(section.getByRole('status')).toBeVisible();
  return section;
}

async function check(page: Page, testInfo: TestInfo, name: string) {
  await expectNoSeriousA11yViolations(page, testInfo, name);
  await screenshot(page, name);
}

test('authenticator app: set up from the QR code’s key, sign in with a code, then with a recovery code, then turn it off', async ({
  page,
  request,
}, testInfo) => {
  const person = await registerPerson(request, 'totp');
  let app!: AuthenticatorApp;
  let recoveryCodes: string[] = [];

  await test.step('setting up shows a QR code and the key for typing in', async () => {
    await signInWithPassword(page, person);
    await expect(page).toHaveURL(/\/businesses$/);
    const section = await openTwoFactorSettings(page);
    await expect(section.getByText('Off', { exact: true })).toBeVisible();
    await check(page, testInfo, 'settings');

    await section.getByRole('button', { name: 'Set up an authenticator app' }).click();
    const qr = section.getByRole('img', { name: /QR code/ });
    await expect(qr).toBeVisible();
    expect(await qr.getAttribute('src')).toMatch(/^data:image\/svg\+xml/);
    // The image really decodes (a broken data URL would leave naturalWidth at 0).
    expect(await qr.evaluate((image: HTMLImageElement) => image.complete && image.naturalWidth > 0)).toBe(true);
    const secret = (await section.getByTestId('totp-secret').textContent())?.replace(/\s/g, '') ?? '';
    expect(secret).toMatch(/^[A-Z2-7]{16,}$/);
    app = new AuthenticatorApp(secret);
    await check(page, testInfo, 'settings-totp-qr');
  });

  await test.step('a wrong code is refused next to the field; the app’s code turns it on and shows 10 recovery codes once', async () => {
    const section = page.getByRole('region', { name: 'Two-factor authentication' });
    const codeInput = section.getByLabel('Code from the app');
    const rightCode = await app.nextCode();
    await codeInput.fill(rightCode === '000000' ? '111111' : '000000');
    await section.getByRole('button', { name: 'Turn on two-factor' }).click();
    await expect(codeInput).toHaveAccessibleDescription(/That code is not valid/);

    await codeInput.fill(rightCode);
    await section.getByRole('button', { name: 'Turn on two-factor' }).click();
    const codes = section.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem');
    await expect(codes).toHaveCount(10);
    recoveryCodes = (await codes.allTextContents()).map((code) => code.trim());
    expect(new Set(recoveryCodes).size).toBe(10);
    await expect(section.getByRole('button', { name: 'Download .txt' })).toBeVisible();
    await check(page, testInfo, 'recovery-codes');

    const download = page.waitForEvent('download');
    await section.getByRole('button', { name: 'Download .txt' }).click();
    expect((await download).suggestedFilename()).toBe('vantage-recovery-codes.txt');

    await section.getByRole('button', { name: 'I saved them' }).click();
    await expect(section.getByRole('list', { name: 'Recovery codes' })).toBeHidden();
    await expect(section.getByText(/code from your authenticator app/)).toBeVisible();
  });

  await test.step('signing in now asks for the app’s code', async () => {
    await signOut(page);
    await signInWithPassword(page, person);
    await expect(page.getByText('Open your authenticator app and enter the 6-digit code it shows for Vantage.')).toBeVisible();
    await enterSecondFactor(page, await app.nextCode());
  });

  await test.step('a recovery code signs in instead of the app, once', async () => {
    await signOut(page);
    await signInWithPassword(page, person);
    await enterSecondFactor(page, recoveryCodes[0]);

    // Profile settings counts what is left and says a code was just used, in case it was not the owner.
    await page.goto('/settings');
    const recovery = page.getByRole('region', { name: 'Recovery codes' });
    await expect(recovery.getByText('9 of 10 recovery codes left')).toBeVisible();
    await expect(recovery.getByRole('status')).toContainText('A recovery code was used to sign in');
  });

  await test.step('turning it off needs the password: a wrong one is explained next to the field, without signing out', async () => {
    const section = await openTwoFactorSettings(page);
    await section.getByRole('button', { name: 'Turn off two-factor' }).click();
    const password = section.getByLabel('Your password');
    await password.fill('not-the-password');
    await section.getByRole('button', { name: 'Turn off two-factor' }).click();
    await expect(password).toHaveAccessibleDescription('The password is not correct.');
    await expect(page).toHaveURL(/\/settings$/);
    await check(page, testInfo, 'two-factor-disable-wrong-password');

    await password.fill(person.password);
    await section.getByRole('button', { name: 'Turn off two-factor' }).click();
    await expect(section.getByText('Off', { exact: true })).toBeVisible();
    await expect(section.getByRole('button', { name: 'Use email codes' })).toBeVisible();

    await signOut(page);
    await signInWithPassword(page, person);
    await expect(page).toHaveURL(/\/businesses$/);
  });
});

test('email codes: turned on in settings, then signing in with the code from the development mailbox', async ({
  page,
  request,
}, testInfo) => {
  const person = await registerPerson(request, 'email');

  await test.step('email codes are turned on in one step', async () => {
    await signInWithPassword(page, person);
    await expect(page).toHaveURL(/\/businesses$/);
    const section = await openTwoFactorSettings(page);
    await section.getByRole('button', { name: 'Use email codes' }).click();
    await expect(section.getByText('You sign in with your password and a 6-digit code we email you.')).toBeVisible();
    await expect(section.getByRole('button', { name: 'Switch to an authenticator app' })).toBeVisible();
  });

  await test.step('signing in asks for the emailed code, which the development mailbox shows', async () => {
    await signOut(page);
    await signInWithPassword(page, person);
    await expect(page.getByText(`We emailed a 6-digit code to ${person.email}.`)).toBeVisible();

    const mailboxLink = page.getByRole('link', { name: /Open the development mailbox/ });
    const [mailbox] = await Promise.all([page.context().waitForEvent('page'), mailboxLink.click()]);
    await expect(mailbox.getByRole('heading', { level: 1, name: 'Mailbox' })).toBeVisible();
    await mailbox.getByLabel('Show mail to').fill(person.email);
    const newest = mailbox.getByRole('article').first();
    await expect(newest).toContainText(`To ${person.email}`);
    const code = (await newest.getByTestId('mail-code').textContent())?.trim() ?? '';
    expect(code).toMatch(/^\d{6}$/);
    await expectNoSeriousA11yViolations(mailbox, testInfo, 'dev-mailbox');
    await screenshot(mailbox, 'dev-mailbox');
    await mailbox.close();

    await enterSecondFactor(page, code);
  });
});
