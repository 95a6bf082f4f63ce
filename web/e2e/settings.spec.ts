import { expect, test } from '@playwright/test';
import type { AuthResponse } from '@vantage/contracts';
import { expectNoSeriousA11yViolations } from './support/accessibility';
import { screenshot } from './support/screenshots';
import { signIn } from './support/sign-in';

test('profile settings: rename, switch support access off, and change the password', async ({ page, request }, testInfo) => {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  const person = { email: `katherine.${stamp}@example.com`, password: 'orbital-mechanics-62', newPassword: 'friendship-7-reentry' };
  const registered = await request.post('/api/auth/register', {
    data: {
      email: person.email,
      password: person.password,
      firstName: 'Katherine',
      lastName: 'Coleman',
      teamName: `Flight ${stamp.slice(-5)}`,
    },
  });
  expect(registered.status(), await registered.text()).toBe(201);
  const { accessToken } = (await registered.json()) as AuthResponse;

  await signIn(page, person.email, person.password);
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Profile settings' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Profile settings' })).toBeVisible();

  await test.step('a new name is saved and shown in the header at once', async () => {
    const profile = page.getByRole('region', { name: 'Profile' });
    await profile.getByLabel('Last name').fill('Johnson');
    await profile.getByRole('button', { name: 'Save name' }).click();
    await expect(page.getByText('You appear as Katherine Johnson.')).toBeVisible();
    await expect(page.getByRole('button', { name: /Account menu for Katherine Johnson/ })).toBeVisible();
    await expect(profile.getByRole('button', { name: 'Save name' })).toBeDisabled();
  });

  await test.step('switching support access off is saved, explained, and audited', async () => {
    const supportSwitch = page.getByRole('switch', { name: 'Allow Vantage support to access my account' });
    await expect(supportSwitch).toBeChecked();
    await expect(supportSwitch).toHaveAccessibleDescription(/Every access is logged in the audit log and you are emailed/);
    await supportSwitch.click();
    await expect(supportSwitch).not.toBeChecked();
    await expect(page.getByText('Support access switched off')).toBeVisible();
    await expectNoSeriousA11yViolations(page, testInfo, 'settings-support-off');

    await page.reload();
    await expect(page.getByRole('switch', { name: 'Allow Vantage support to access my account' })).not.toBeChecked();
    const me = await request.get('/api/auth/me', { headers: { Authorization: `Bearer ${accessToken}` } });
    expect(((await me.json()) as AuthResponse['user']).impersonationAllowed).toBe(false);
  });

  await test.step('the password change needs the current password, and the new one signs in', async () => {
    const section = page.getByRole('region', { name: 'Password' });
    await section.getByLabel('Current password').fill('not-my-password');
    await section.getByLabel(/^New password/).fill(person.newPassword);
    await section.getByLabel('Repeat the new password').fill(person.newPassword);
    await section.getByRole('button', { name: 'Change password' }).click();
    await expect(section.getByLabel('Current password')).toHaveAccessibleDescription('The password is not correct.');
    await expect(page).toHaveURL(/\/settings$/);
    await screenshot(page, 'settings-wrong-current-password');

    await section.getByLabel('Current password').fill(person.password);
    await section.getByRole('button', { name: 'Change password' }).click();
    await expect(page.getByText('Password changed')).toBeVisible();
    await expect(section.getByLabel('Current password')).toHaveValue('');

    await page.getByRole('button', { name: /Account menu for/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await signIn(page, person.email, person.newPassword);
  });

  await test.step('the audit log has all three changes', async () => {
    await page.goto('/audit-log');
    const entries = page.getByRole('table', { name: 'Audit log entries' });
    await expect(entries.getByRole('row').filter({ hasText: 'Updated the profile' })).toHaveCount(1);
    await expect(entries.getByRole('row').filter({ hasText: 'Changed support access' })).toContainText(
      'Support may no longer access the account.',
    );
    await expect(entries.getByRole('row').filter({ hasText: 'Changed the password' })).toHaveCount(1);
  });
});
