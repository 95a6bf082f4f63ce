import { expect, test, type APIRequestContext } from '@playwright/test';
import type { AuthResponse } from '@vantage/contracts';
import { expectNoSeriousA11yViolations } from './support/accessibility';
import { bearer, ok, register, superAdminToken, type Person } from './support/api';
import { codeIn, mailboxMark, waitForMail } from './support/mailbox';
import { signInWithEmailedCode } from './support/sign-in';
import { findTeamOnTeamsList } from './support/teams-list';
import { screenshotAtBothWidths } from './support/viewports';

/**
 * SPEC §9 end to end: someone with email two-factor makes new recovery codes in Profile settings
 * (shown once); locked out later, a super admin resets their two-factor from the Teams List with a
 * reason and a fresh code of their own. The person's sessions end, they are emailed the reason, and
 * they sign in with the password alone.
 */

/** Registers the person and turns on email codes for them. */
async function registerWithEmailCodes(request: APIRequestContext, person: Person): Promise<AuthResponse> {
  const auth = await register(request, person);
  await ok(
    await request.put('/api/user/two-factor', { data: { enabled: true, method: 'email' }, headers: bearer(auth.accessToken) }),
    'PUT /api/user/two-factor',
  );
  return auth;
}

test('a locked-out owner’s two-factor is reset by a super admin from the Teams List; they sign in with the password alone', async ({
  page,
  request,
  browser,
}, testInfo) => {
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  // Long names, accents and emoji on purpose: the dialog and the lists must wrap them on a phone.
  const customer: Person = {
    firstName: 'María-José 🌮',
    lastName: 'Fernández-Villanueva',
    email: `maria-jose.${stamp}@example.com`,
    password: 'lost-phone-and-codes',
    team: `Ünïcødé Løgistics 🚚📦 with a very long name that keeps going on ${stamp}`,
  };
  const support: Person = {
    firstName: 'Søren 🛟',
    lastName: 'Kierkegaard-Østergaard',
    email: `soren.${stamp}@vantage.test`,
    password: 'support-desk-2026',
    team: `Vantage Support ${stamp}`,
  };
  const customerName = `${customer.firstName} ${customer.lastName}`;
  const reason = `Ticket ${stamp}: lost phone and recovery codes, identity checked by video call`;

  // Set-up through the API: both with email codes; the support person made a super admin.
  await registerWithEmailCodes(request, customer);
  const { user: supportUser } = await registerWithEmailCodes(request, support);
  await ok(
    await request.patch(`/api/admin/users/${supportUser.id}`, {
      data: { role: 'super_admin' },
      headers: bearer(await superAdminToken(request)),
    }),
    'PATCH /api/admin/users/:id',
  );

  await test.step('the owner makes new recovery codes in Profile settings, after the password; they are shown once', async () => {
    await signInWithEmailedCode(page, request, customer.email, customer.password);
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Profile settings' }).click();
    const section = page.getByRole('region', { name: 'Recovery codes' });
    await section.getByRole('button', { name: 'Get new recovery codes' }).click();
    const form = section.getByRole('form', { name: 'Get new recovery codes' });
    await form.getByLabel('Your password').fill(customer.password);
    const seen = await mailboxMark(request);
    await form.getByRole('button', { name: 'Get new codes' }).click();

    await expect(section.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem')).toHaveCount(10);
    await expectNoSeriousA11yViolations(page, testInfo, 'settings-new-recovery-codes');
    await screenshotAtBothWidths(page, 'settings-new-recovery-codes');
    await waitForMail(request, { to: customer.email, subject: /^New recovery codes for your Vantage account$/, seen });

    await section.getByRole('button', { name: 'I saved them' }).click();
    await expect(section.getByRole('list', { name: 'Recovery codes' })).toBeHidden();
  });

  const supportContext = await browser.newContext();
  const supportPage = await supportContext.newPage();
  try {
    await test.step('the super admin finds the owner on the Teams List and resets their two-factor with a reason and a fresh code', async () => {
      await signInWithEmailedCode(supportPage, request, support.email, support.password);
      const row = await findTeamOnTeamsList(supportPage, customer.team);
      await expect(row).toContainText(customerName);
      await expectNoSeriousA11yViolations(supportPage, testInfo, 'teams-list-super-admin');
      await screenshotAtBothWidths(supportPage, 'teams-list-super-admin');

      await row.getByRole('button', { name: `Reset two-factor for ${customerName} in ${customer.team}…` }).click();
      const dialog = supportPage.getByRole('dialog', { name: `Reset two-factor for ${customerName}` });
      await expect(dialog).toContainText(customer.email);
      await dialog.getByRole('textbox', { name: 'Why' }).fill(reason);
      const seen = await mailboxMark(request);
      await dialog.getByRole('button', { name: 'Email me a code' }).click();
      await expect(dialog.getByRole('status')).toContainText(`We emailed a code to ${support.email}.`);
      const code = codeIn(await waitForMail(request, { to: support.email, subject: /^Your Vantage confirmation code$/, seen }));
      await dialog.getByRole('textbox', { name: 'Code from your email' }).fill(code);
      await expectNoSeriousA11yViolations(supportPage, testInfo, 'reset-two-factor-dialog');
      await screenshotAtBothWidths(supportPage, 'reset-two-factor-dialog');

      await dialog.getByRole('button', { name: 'Reset two-factor' }).click();
      await expect(dialog).toBeHidden();
      await expect(supportPage.getByText(`${customerName} now signs in with their password alone`)).toBeVisible();
    });
  } finally {
    await supportContext.close();
  }

  await test.step('the owner is emailed the reason, signed out everywhere, and signs in with the password alone', async () => {
    const mail = await waitForMail(request, { to: customer.email, subject: /^Vantage support turned off your two-factor authentication$/ });
    expect(mail.text).toContain(reason);

    // The app learns of it at its next request: a page not seen yet (the businesses are still in its
    // cache) — unless its own periodic check of the session got there first on a slow run, in which
    // case the link is already gone. Either way the owner ends on the sign-in page, told why.
    const auditLog = page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Audit log' });
    let openedAuditLog = false;
    await expect(async () => {
      if (await auditLog.isVisible()) {
        await auditLog.click({ timeout: 2_000 });
        openedAuditLog = true;
      }
      await expect(page).toHaveURL(/\/sign-in$/, { timeout: 2_000 });
    }).toPass({ timeout: 30_000 });
    await expect(page.getByRole('status').filter({ hasText: 'Signed out' })).toContainText('Your session has ended. Please sign in again.');

    // No two-factor step any more: the password alone leads back to the page they were on — the audit
    // log they opened, or Profile settings if the periodic check signed them out before the click.
    const signInForm = page.getByRole('form', { name: 'Sign in' });
    await signInForm.getByRole('textbox', { name: 'Email' }).fill(customer.email);
    await signInForm.getByRole('textbox', { name: 'Password' }).fill(customer.password);
    await signInForm.getByRole('button', { name: 'Sign in' }).click();
    const returnedTo = openedAuditLog
      ? { path: /\/audit-log$/, heading: 'Audit log' }
      : { path: /\/settings$/, heading: 'Profile settings' };
    await expect(page).toHaveURL(returnedTo.path);
    await expect(page.getByRole('heading', { level: 1, name: returnedTo.heading })).toBeVisible();
    await page.goto('/settings');
    await expect(page.getByRole('region', { name: 'Two-factor authentication' }).getByText('Off', { exact: true })).toBeVisible();
    await expect(page.getByRole('region', { name: 'Recovery codes' })).toHaveCount(0);
  });
});
