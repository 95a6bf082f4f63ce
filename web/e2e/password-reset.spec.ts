import { expect, test } from '@playwright/test';
import type { AuthResponse } from '@vantage/contracts';
import { expectNoSeriousA11yViolations } from './support/accessibility';
import { codeIn, linkIn, mailboxMark, waitForMail } from './support/mailbox';
import { screenshotAtBothWidths } from './support/viewports';

/**
 * SPEC §9 end to end: someone with email two-factor forgets their password, asks for a link from
 * the sign-in form, sets a new password with the emailed link, and signs in with it — still asked
 * for the emailed code. The old password and the sessions from before no longer work.
 */
test('forgot password: an emailed link sets a new password, which signs in with the two-factor code; the old one no longer works', async ({
  page,
  request,
}, testInfo) => {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const person = {
    email: `annie.${stamp}@example.com`,
    // Accents, emoji and length on purpose: the auth pages must wrap them on a phone.
    firstName: 'Annie-Jump 🔭',
    lastName: 'Cannon-Villanueva',
    oldPassword: 'lost-it-on-the-train',
    newPassword: 'harvard-computers-1881',
    team: `Ünïcødé Observatory 🔭✨ with a very long name that keeps going on ${stamp.slice(-5)}`,
  };

  // Set-up through the API: an account with email two-factor on, and the session registering made.
  const registered = await request.post('/api/auth/register', {
    data: {
      email: person.email,
      password: person.oldPassword,
      firstName: person.firstName,
      lastName: person.lastName,
      teamName: person.team,
    },
  });
  expect(registered.status(), await registered.text()).toBe(201);
  const { accessToken: earlierSession } = (await registered.json()) as AuthResponse;
  const enabled = await request.put('/api/user/two-factor', {
    data: { enabled: true, method: 'email' },
    headers: { Authorization: `Bearer ${earlierSession}` },
  });
  expect(enabled.ok(), `PUT /api/user/two-factor answered ${enabled.status()}: ${await enabled.text()}`).toBe(true);

  const signInForm = page.getByRole('form', { name: 'Sign in' });
  let resetPath = '';

  await test.step('“Forgot password?” on the sign-in form asks for the email and says to check the inbox', async () => {
    await page.goto('/sign-in');
    await signInForm.getByRole('textbox', { name: 'Email' }).fill(person.email);
    await signInForm.getByRole('link', { name: 'Forgot password?' }).click();
    await expect(page).toHaveURL(/\/forgot-password$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Forgot your password?' })).toBeVisible();
    const form = page.getByRole('form', { name: 'Reset your password' });
    // The address typed on the sign-in form comes along.
    await expect(form.getByRole('textbox', { name: 'Email' })).toHaveValue(person.email);
    await expectNoSeriousA11yViolations(page, testInfo, 'forgot-password');
    await screenshotAtBothWidths(page, 'forgot-password');

    const seen = await mailboxMark(request);
    await form.getByRole('button', { name: 'Email me a link' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Check your email' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Link sent' })).toContainText(
      'If an account exists for that email, we sent a link.',
    );
    await expect(page.getByText(`Look in the inbox of ${person.email}`)).toBeVisible();
    await expectNoSeriousA11yViolations(page, testInfo, 'forgot-password-sent');
    await screenshotAtBothWidths(page, 'forgot-password-sent');

    resetPath = linkIn(await waitForMail(request, { to: person.email, subject: /^Reset your Vantage password$/, seen }), 'reset-password');
  });

  await test.step('the emailed link sets the new password', async () => {
    await page.goto(resetPath);
    await expect(page.getByRole('heading', { level: 1, name: 'Choose a new password' })).toBeVisible();
    const form = page.getByRole('form', { name: 'Choose a new password' });
    await form.getByRole('textbox', { name: 'New password', exact: true }).fill(person.newPassword);
    await form.getByRole('textbox', { name: 'Repeat the new password' }).fill(`${person.newPassword}!`);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(form.getByRole('textbox', { name: 'Repeat the new password' })).toHaveAccessibleDescription(
      'The two passwords are not the same.',
    );
    await expectNoSeriousA11yViolations(page, testInfo, 'reset-password');
    await screenshotAtBothWidths(page, 'reset-password-mismatch');

    await form.getByRole('textbox', { name: 'Repeat the new password' }).fill(person.newPassword);
    await form.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Password changed' })).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'All set' })).toContainText('every sign-in ended');
    await expectNoSeriousA11yViolations(page, testInfo, 'password-changed');
    await screenshotAtBothWidths(page, 'password-changed');

    // Every session of the account ended with it, the one registering made included.
    const me = await request.get('/api/auth/me', { headers: { Authorization: `Bearer ${earlierSession}` } });
    expect(me.status(), 'a session from before the reset').toBe(401);
  });

  await test.step('the old password is refused', async () => {
    await page.getByRole('link', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await signInForm.getByRole('textbox', { name: 'Email' }).fill(person.email);
    await signInForm.getByRole('textbox', { name: 'Password' }).fill(person.oldPassword);
    await signInForm.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'Could not sign in' })).toContainText('The email or password is not correct.');
    await expect(page).toHaveURL(/\/sign-in$/);
    await expectNoSeriousA11yViolations(page, testInfo, 'sign-in-old-password');
  });

  await test.step('the new password signs in, after the emailed two-factor code', async () => {
    const seen = await mailboxMark(request);
    await signInForm.getByRole('textbox', { name: 'Password' }).fill(person.newPassword);
    await signInForm.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Two-factor verification' })).toBeVisible();
    await expect(page.getByText(`We emailed a 6-digit code to ${person.email}.`)).toBeVisible();
    await expectNoSeriousA11yViolations(page, testInfo, 'two-factor-after-reset');

    const code = codeIn(await waitForMail(request, { to: person.email, subject: /^Your Vantage sign-in code$/, seen }));
    await page.getByLabel('Verification code').fill(code);
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
    await expect(page).toHaveURL(/\/businesses$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Businesses' })).toBeVisible();
    await expect(page.getByRole('button', { name: `Account menu for ${person.firstName} ${person.lastName}` })).toBeVisible();
  });
});
