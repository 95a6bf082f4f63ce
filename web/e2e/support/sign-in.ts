import { expect, type APIRequestContext, type Page } from '@playwright/test';
import { codeIn, mailboxMark, waitForMail } from './mailbox';

async function submitPassword(page: Page, email: string, password: string): Promise<void> {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email' }).fill(email);
  await page.getByRole('textbox', { name: 'Password' }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** Signs in on the sign-in form with a password alone (no two-factor) and waits for the businesses page. */
export async function signIn(page: Page, email: string, password: string): Promise<void> {
  await submitPassword(page, email, password);
  await expect(page).toHaveURL(/\/businesses$/);
}

/** Signs in someone who uses email codes: the password, then the code from the development mailbox. */
export async function signInWithEmailedCode(page: Page, request: APIRequestContext, email: string, password: string): Promise<void> {
  const seen = await mailboxMark(request);
  await submitPassword(page, email, password);
  await expect(page.getByRole('heading', { level: 1, name: 'Two-factor verification' })).toBeVisible();
  const code = codeIn(await waitForMail(request, { to: email, subject: /^Your Vantage sign-in code$/, seen }));
  await page.getByLabel('Verification code').fill(code);
  await page.getByRole('button', { name: 'Verify and sign in' }).click();
  await expect(page).toHaveURL(/\/businesses$/);
}
