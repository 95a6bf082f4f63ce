import { expect, test, type Page } from '@playwright/test';
import type { AccessRequest, TotpSetup } from '@vantage/contracts';
import { expectNoSeriousA11yViolations } from './support/accessibility';
import { bearer, ok, register, superAdminToken, type Person } from './support/api';
import { AuthenticatorApp } from './support/authenticator';
import { expectLayoutHoldsAtBothWidths } from './support/viewports';

/**
 * The customer's side of support access with names and words that stretch a layout: a waiting request
 * (long names with emoji, a 500-character reason), the not-found state of a link that is not theirs, and
 * the policy section of Team settings, each checked for accessibility and at desktop and phone widths.
 */

const heading = (page: Page, name: string) => page.getByRole('heading', { level: 1, name });

test('access requests and the team policy hold their layout with long names, at both widths', async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  const owner: Person = {
    firstName: `Olivia 👩‍💻 ${'Maximiliana'.repeat(3)}`,
    lastName: 'Owens-Fitzgerald-Papadopoulos',
    email: `olivia.long.${stamp}@example.com`,
    password: 'harbor-freight-2026',
    team: `Ünïcödé Logistics & Freight Forwarding Company 🚢 ${stamp}`,
  };
  const admin: Person = {
    firstName: 'Bartholomew-Alexander',
    lastName: `Supportington 🛟 ${stamp}`,
    email: `bart.long.${stamp}@vantage.test`,
    password: 'support-desk-2026',
    team: `Vantage Support ${stamp}`,
  };

  const ownerAuth = await register(request, owner);
  const teamId = ownerAuth.user.currentTeam!.id;
  await ok(
    await request.patch(`/api/teams/${teamId}`, { data: { supportAccess: 'approval' }, headers: bearer(ownerAuth.accessToken) }),
    'PATCH /api/teams/:id (approval)',
  );

  // An admin with an authenticator app asks for access (an admin without two-factor may not).
  const adminAuth = await register(request, admin);
  await ok(
    await request.patch(`/api/admin/users/${adminAuth.user.id}`, {
      data: { role: 'admin' },
      headers: bearer(await superAdminToken(request)),
    }),
    'PATCH /api/admin/users/:id',
  );
  const setup = await ok<TotpSetup>(
    await request.post('/api/user/two-factor', { headers: bearer(adminAuth.accessToken) }),
    'POST /api/user/two-factor',
  );
  await ok(
    await request.put('/api/user/two-factor', {
      data: { enabled: true, method: 'totp', code: await new AuthenticatorApp(setup.secret).nextCode() },
      headers: bearer(adminAuth.accessToken),
    }),
    'PUT /api/user/two-factor',
  );
  const reason = `Ticket ${stamp}: ${'the import of the leads shows the wrong status for every row '.repeat(8)}`.slice(0, 500);
  const asked = await ok<AccessRequest>(
    await request.post('/api/admin/access-requests', {
      data: { userId: ownerAuth.user.id, teamId, reason, mode: 'write', durationMinutes: 240 },
      headers: bearer(adminAuth.accessToken),
    }),
    'POST /api/admin/access-requests',
  );

  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email' }).fill(owner.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(owner.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(/\/businesses$/);

  await test.step('the navigation counts the waiting request; the emailed link shows it with its answers', async () => {
    await expect(
      page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: /^Access requests/ }),
    ).toHaveAccessibleName('Access requests 1 waiting for an answer');
    await page.goto(`/access-requests/${asked.id}`);
    const card = page.getByRole('article', { name: /asks for read and write access$/ });
    await expect(card).toBeFocused();
    await expect(card).toContainText('Waiting for an answer');
    await expect(card.getByLabel('Approve for')).toHaveValue('240');
    await expectNoSeriousA11yViolations(page, testInfo, 'access-requests-waiting');
    await expectLayoutHoldsAtBothWidths(page, 'customer-access-requests-waiting');
  });

  await test.step('a link to a request that is not theirs says so', async () => {
    await page.goto('/access-requests/00000000-0000-4000-8000-000000000000');
    await expect(page.getByText('Access request not found')).toBeVisible();
    await expectNoSeriousA11yViolations(page, testInfo, 'access-request-not-found');
    await expectLayoutHoldsAtBothWidths(page, 'customer-access-request-not-found');
  });

  await test.step('Team settings shows the policy the owner chose', async () => {
    await page.goto('/team#support-access');
    await expect(heading(page, 'Team settings')).toBeVisible();
    await expect(page.getByRole('form', { name: 'Support access' }).getByRole('radio', { name: 'Only with approval' })).toBeChecked();
    await expectNoSeriousA11yViolations(page, testInfo, 'team-settings-support-access');
    await expectLayoutHoldsAtBothWidths(page, 'customer-team-support-access');
  });
});
