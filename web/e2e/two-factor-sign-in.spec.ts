import { expect, test, type APIRequestContext } from '@playwright/test';
import type { AuthResponse, DevMail } from '@vantage/contracts';
import { expectNoSeriousA11yViolations } from './support/accessibility';
import { screenshot } from './support/screenshots';

/** The newest 6-digit code mailed to `email`, read from the API's development mailbox. */
async function latestCodeFor(request: APIRequestContext, email: string, notCode?: string): Promise<string> {
  let code: string | undefined;
  await expect
    .poll(
      async () => {
        const response = await request.get('/api/dev/mailbox');
        expect(response.ok(), 'the development mailbox (GET /api/dev/mailbox) must be available').toBe(true);
        const mails = (await response.json()) as DevMail[];
        const mail = mails.find((candidate) => candidate.to.toLowerCase() === email.toLowerCase() && /\b\d{6}\b/.test(candidate.text));
        code = mail?.text.match(/\b(\d{6})\b/)?.[1];
        return code !== undefined && code !== notCode;
      },
      { message: `a sign-in code mailed to ${email}` },
    )
    .toBe(true);
  return code as string;
}

test('a customer with email two-factor signs in with the code from their inbox', async ({ page, request }, testInfo) => {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const person = { email: `grace.${stamp}@example.com`, password: 'compilers-rule-1952', team: `Navy Labs ${stamp.slice(-4)}` };

  // Set-up through the API (its own cookie jar, not the browser's): an account with email 2FA on.
  const registered = await request.post('/api/auth/register', {
    data: { email: person.email, password: person.password, firstName: 'Grace', lastName: 'Hopper', teamName: person.team },
  });
  expect(registered.status(), await registered.text()).toBe(201);
  const { accessToken } = (await registered.json()) as AuthResponse;
  const enabled = await request.put('/api/user/two-factor', {
    data: { enabled: true, method: 'email' },
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  expect(enabled.ok(), `PUT /api/user/two-factor answered ${enabled.status()}: ${await enabled.text()}`).toBe(true);

  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email' }).fill(person.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Two-factor verification' })).toBeVisible();
  await expect(page.getByText(`We emailed a 6-digit code to ${person.email}.`)).toBeVisible();
  const codeInput = page.getByLabel('Verification code');
  await expect(codeInput).toBeFocused();
  const firstCode = await latestCodeFor(request, person.email);

  const wrongCode = firstCode === '000000' ? '111111' : '000000';
  await codeInput.fill(wrongCode);
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(codeInput).toHaveAccessibleDescription(/That code is not valid/);
  await expectNoSeriousA11yViolations(page, testInfo, 'two-factor-step');
  await screenshot(page, 'two-factor-wrong-code');

  // The password step has just emailed a code, so a new one may be asked for only after the API's
  // resend wait: the link counts it down instead of answering "Please wait" when clicked.
  await expect(page.getByRole('button', { name: /^Send a new code in 0:[0-3]\d$/ })).toBeDisabled();
  await expectNoSeriousA11yViolations(page, testInfo, 'two-factor-resend-countdown');
  await screenshot(page, 'two-factor-resend-countdown');

  await codeInput.fill(firstCode);
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(page).toHaveURL(/\/businesses$/);
  await expect(page.getByRole('heading', { level: 1, name: 'Businesses' })).toBeVisible();
  await expect(page.getByRole('main').getByText(person.team, { exact: true })).toBeVisible();
});

test('a customer whose two-factor is locked sees the lock, and when it ends, before typing any code', async ({
  page,
  request,
}, testInfo) => {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const person = { email: `linus.${stamp}@example.com`, password: 'kernel-hacker-1991', team: `Lock Labs ${stamp.slice(-4)}` };
  const registered = await request.post('/api/auth/register', {
    data: { email: person.email, password: person.password, firstName: 'Linus', lastName: 'Locked', teamName: person.team },
  });
  expect(registered.status(), await registered.text()).toBe(201);
  const { accessToken } = (await registered.json()) as AuthResponse;
  const enabled = await request.put('/api/user/two-factor', {
    data: { enabled: true, method: 'email' },
    headers: { Authorization: `Bearer ${accessToken}` },
  });
  expect(enabled.ok(), await enabled.text()).toBe(true);

  // Five wrong codes at the API lock two-factor sign-in for the account (the sixth is refused unchecked).
  const login = await request.post('/api/auth/login', { data: { email: person.email, password: person.password } });
  const challenge = ((await login.json()) as AuthResponse).accessToken;
  for (let attempt = 1; attempt <= 5; attempt += 1) {
    await request.post('/api/2fa/authenticate', { data: { code: '000000' }, headers: { Authorization: `Bearer ${challenge}` } });
  }

  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email' }).fill(person.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();

  const lock = page.getByRole('alert').filter({ hasText: 'Two-factor sign-in is locked' });
  await expect(lock).toContainText(/You can try again at \d\d:\d\d, in 1[45] minutes\./);
  await expect(page.getByRole('button', { name: /^Try again in 1[45] minutes$/ })).toBeDisabled();
  await expect(page.getByRole('button', { name: 'Send a new code' })).toBeDisabled();
  await expect(page.getByText('No code was emailed while verification is locked.', { exact: false })).toBeVisible();
  await expectNoSeriousA11yViolations(page, testInfo, 'two-factor-locked');
  await screenshot(page, 'two-factor-locked');
});
