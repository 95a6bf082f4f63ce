import { expect, test, type APIRequestContext, type Browser, type Page, type TestInfo } from '@playwright/test';
import type { ActiveImpersonation, Business, TotpSetup } from '@vantage/contracts';
import { expectNoSeriousA11yViolations } from './support/accessibility';
import { bearer, ok, register, superAdminToken, type Person } from './support/api';
import { AuthenticatorApp } from './support/authenticator';
import { E2E_SUPER_ADMIN } from './support/environment';
import { screenshot } from './support/screenshots';
import { findTeamOnTeamsList } from './support/teams-list';

/**
 * Support impersonation end to end (SPEC §4): an admin with an authenticator app finds a customer's
 * team on the Teams List, impersonates its owner after a fresh code, works in their workspace as
 * "Support team", and returns; the customer sees what support did and when.
 */

interface SupportAdmin extends Person {
  id: string;
  authenticator: AuthenticatorApp;
}

interface Customer extends Person {
  id: string;
  business: Business;
}

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const banner = (page: Page) => page.getByRole('region', { name: 'Support impersonation' });

function uniqueStamp(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** A customer who owns a team with one business in it (set up through the API). */
async function createCustomer(request: APIRequestContext, stamp: string): Promise<Customer> {
  const person: Person = {
    firstName: 'Olivia',
    lastName: 'Owens',
    email: `olivia.${stamp}@example.com`,
    password: 'harbor-freight-2026',
    team: `Harbor Freight ${stamp}`,
  };
  const { accessToken, user } = await register(request, person);
  const business = await ok<Business>(
    await request.post('/api/businesses', {
      data: { name: 'Blue Whale Shipping', description: 'Container shipping, Rotterdam.' },
      headers: bearer(accessToken),
    }),
    'POST /api/businesses',
  );
  return { ...person, id: user.id, business };
}

/** A registered person made admin by the super admin, with an authenticator app confirmed. */
async function createSupportAdmin(request: APIRequestContext, stamp: string): Promise<SupportAdmin> {
  const person: Person = {
    firstName: 'Ada',
    lastName: 'Admin',
    email: `ada.admin.${stamp}@vantage.test`,
    password: 'support-desk-2026',
    team: `Vantage Support ${stamp}`,
  };
  const { accessToken, user } = await register(request, person);
  await ok(
    await request.patch(`/api/admin/users/${user.id}`, {
      data: { role: 'admin' },
      headers: bearer(await superAdminToken(request)),
    }),
    'PATCH /api/admin/users/:id',
  );
  const setup = await ok<TotpSetup>(
    await request.post('/api/user/two-factor', { headers: bearer(accessToken) }),
    'POST /api/user/two-factor',
  );
  const authenticator = new AuthenticatorApp(setup.secret);
  await ok(
    await request.put('/api/user/two-factor', {
      data: { enabled: true, method: 'totp', code: await authenticator.codeForImmediateUse() },
      headers: bearer(accessToken),
    }),
    'PUT /api/user/two-factor (confirm TOTP)',
  );
  return { ...person, id: user.id, authenticator };
}

async function signIn(page: Page, person: Person, authenticator?: AuthenticatorApp) {
  await page.goto('/sign-in');
  await page.getByRole('textbox', { name: 'Email' }).fill(person.email);
  await page.getByRole('textbox', { name: 'Password' }).fill(person.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  if (authenticator) {
    await expect(heading(page, 'Two-factor verification')).toBeVisible();
    await page.getByLabel('Verification code').fill(await authenticator.nextCode());
    await page.getByRole('button', { name: 'Verify and sign in' }).click();
  }
  await expect(page).toHaveURL(/\/businesses$/);
}

async function newPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

/** From the Teams List: search the customer's team, open the dialog and confirm with a fresh code. */
async function impersonateFromTeamsList(
  page: Page,
  admin: SupportAdmin,
  customer: Customer,
  reason: string,
  check: (name: string, options?: { fullPage?: boolean }) => Promise<void>,
) {
  const row = await findTeamOnTeamsList(page, customer.team);
  await expect(row).toContainText(`${customer.firstName} ${customer.lastName}`);
  await expect(row).toContainText(customer.email);
  await check('teams-list-search');

  await row.getByRole('button', { name: `Impersonate ${customer.firstName} ${customer.lastName} in ${customer.team}` }).click();
  const dialog = page.getByRole('dialog', {
    name: `Impersonate ${customer.firstName} ${customer.lastName} in ${customer.team}`,
  });
  await expect(dialog).toBeVisible();
  await expect(dialog).toContainText(`Support team (${admin.firstName} ${admin.lastName})`);
  const code = dialog.getByLabel('Code from your authenticator app');
  await expect(code).toBeFocused();
  await code.fill(await admin.authenticator.nextCode());
  await dialog.getByLabel('Reason').fill(reason);
  await check('impersonate-dialog', { fullPage: false });
  await dialog.getByRole('button', { name: `Impersonate ${customer.firstName}` }).click();

  await expect(page).toHaveURL(/\/businesses$/);
  await expect(banner(page)).toBeVisible();
}

test('an admin impersonates a team owner from the Teams List, comments as Support team, and returns', async ({
  page,
  browser,
  request,
}, testInfo: TestInfo) => {
  const stamp = uniqueStamp();
  const customer = await createCustomer(request, stamp);
  const admin = await createSupportAdmin(request, stamp);
  const adminName = `${admin.firstName} ${admin.lastName}`;
  const customerName = `${customer.firstName} ${customer.lastName}`;
  const reason = `Ticket ${stamp}: the leads import shows the wrong status`;
  const check = async (name: string, options?: { fullPage?: boolean }) => {
    await expectNoSeriousA11yViolations(page, testInfo, name);
    await screenshot(page, name, options);
  };

  await test.step('the admin signs in with their authenticator app and finds the Teams List', async () => {
    await signIn(page, admin, admin.authenticator);
    const navigation = page.getByRole('navigation', { name: 'Main navigation' });
    await expect(navigation.getByRole('link', { name: 'Teams List' })).toBeVisible();
    await expect(navigation.getByRole('link', { name: 'Active impersonations' })).toBeVisible();
  });

  await test.step('their own team cannot be used to impersonate themselves, and says so', async () => {
    await page.goto(`/admin/teams?search=${encodeURIComponent(admin.email)}`);
    const ownRow = page.getByRole('row').filter({ hasText: admin.team });
    const ownButton = ownRow.getByRole('button', { name: `Impersonate ${adminName} in ${admin.team}` });
    await expect(ownButton).toHaveAttribute('aria-disabled', 'true');
    await expect(ownButton).toHaveAccessibleDescription('You cannot impersonate yourself.');
    await expect(page.getByRole('searchbox', { name: 'Search teams' })).toHaveValue(admin.email);
    await check('teams-list-own-team');
    await page.goto('/businesses');
  });

  await test.step('impersonating the owner needs a fresh code and lands in the owner’s workspace', async () => {
    await impersonateFromTeamsList(page, admin, customer, reason, check);
    await expect(banner(page)).toContainText(`You are impersonating ${customerName} (${customer.email}) as Support team (${adminName}).`);
    await expect(banner(page).getByRole('timer')).toHaveText(/^(30:00|29:[0-5]\d)$/);
    await expect(page.getByRole('button', { name: /^Current team:/ })).toHaveAccessibleName(
      `Current team: ${customer.team}. This is not available while you are impersonating a user.`,
    );
    await expect(page.getByRole('heading', { level: 1, name: 'Businesses' })).toBeVisible();
    await check('impersonation-banner', { fullPage: false });

    // On a phone the banner wraps but keeps the names, the time and the way back in view.
    await page.setViewportSize({ width: 390, height: 844 });
    await expect(banner(page).getByRole('timer')).toBeInViewport();
    await expect(banner(page).getByRole('button', { name: 'Return to my account' })).toBeInViewport();
    await check('impersonation-banner-phone', { fullPage: false });
    await page.setViewportSize({ width: 1366, height: 900 });
  });

  await test.step('while impersonating, the super admin sees the session among the active ones', async () => {
    const sessions = await ok<ActiveImpersonation[]>(
      await request.get('/api/admin/impersonations?active=true', { headers: bearer(await superAdminToken(request)) }),
      'GET /api/admin/impersonations?active=true',
    );
    const session = sessions.find((candidate) => candidate.impersonated.id === customer.id);
    expect(session, 'the running impersonation is listed').toBeDefined();
    expect(session).toMatchObject({
      impersonator: { id: admin.id, name: adminName },
      team: { name: customer.team },
      reason,
      endedAt: null,
    });
  });

  await test.step('a comment written during the impersonation is shown as Support team', async () => {
    await page.getByRole('link', { name: customer.business.name }).click();
    await expect(heading(page, customer.business.name)).toBeVisible();
    await page.getByLabel('Add a comment').fill('Checked the import settings with the customer on the phone.');
    await page.getByRole('button', { name: 'Post comment' }).click();
    const comment = page.getByRole('article', { name: `Comment by Support team (${adminName})` });
    await expect(comment).toContainText('Checked the import settings with the customer on the phone.');
    await expect(banner(page)).toBeVisible();
    await check('impersonating-business-comment');
  });

  await test.step('Return to my account, double-clicked, ends the impersonation once and opens the Teams List signed in', async () => {
    const returns: string[] = [];
    page.on('request', (request) => {
      if (request.url().endsWith('/api/2fa/cancel-impersonation')) returns.push(request.url());
    });
    await banner(page).getByRole('button', { name: 'Return to my account' }).dblclick();
    await expect(page).toHaveURL(/\/admin\/teams$/);
    await expect(heading(page, 'Teams List')).toBeVisible();
    await expect(banner(page)).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Current team:/ })).toHaveAccessibleName(`Current team: ${admin.team}. Switch team`);
    await expect(page.getByRole('table', { name: 'Teams' })).toBeVisible();
    expect(returns).toHaveLength(1);
    await expect(page.getByText('Impersonation ended')).toHaveCount(0);
    await check('teams-list');

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Active impersonations' }).click();
    await expect(heading(page, 'Active impersonations')).toBeVisible();
    await expect(
      page.getByRole('table', { name: 'Active impersonations' }).or(page.getByRole('heading', { name: 'No impersonations running' })),
    ).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: customer.email })).toHaveCount(0);
    // A plain admin may look, not end.
    await expect(page.getByText('Only super admins can end an impersonation started by someone else.')).toBeVisible();
    await check('active-impersonations-admin');
  });

  await test.step('a reload keeps the admin in their own account', async () => {
    await page.reload();
    await expect(heading(page, 'Active impersonations')).toBeVisible();
    await expect(banner(page)).toHaveCount(0);
  });

  await test.step('the owner sees the Support-team comment and who accessed their account', async () => {
    const ownerPage = await newPage(browser);
    const ownerCheck = async (name: string) => {
      await expectNoSeriousA11yViolations(ownerPage, testInfo, name);
      await screenshot(ownerPage, name);
    };
    await signIn(ownerPage, customer);
    await ownerPage.getByRole('link', { name: customer.business.name }).click();
    const comment = ownerPage.getByRole('article', { name: `Comment by Support team (${adminName})` });
    await expect(comment).toContainText('Checked the import settings with the customer on the phone.');
    await ownerCheck('owner-sees-support-comment');

    await ownerPage.goto('/settings');
    const history = ownerPage.getByRole('table', { name: 'Support access history' });
    await expect(history).toBeVisible();
    const entry = history.getByRole('row').filter({ hasText: adminName });
    await expect(entry).toHaveCount(1);
    await expect(entry).toContainText(reason);
    await ownerCheck('owner-access-history');

    // Customers never see the admin pages; a direct visit says why.
    await expect(ownerPage.getByRole('navigation', { name: 'Main navigation' })).not.toContainText('Teams List');
    await ownerPage.goto('/admin/teams');
    await expect(heading(ownerPage, 'Admins only')).toBeVisible();
    await ownerCheck('owner-admins-only');
    await ownerPage.context().close();
  });
});

test('a super admin ends a running impersonation; the admin is brought back to their own account and told why', async ({
  page,
  browser,
  request,
}, testInfo: TestInfo) => {
  const stamp = uniqueStamp();
  const customer = await createCustomer(request, stamp);
  const admin = await createSupportAdmin(request, stamp);
  const adminName = `${admin.firstName} ${admin.lastName}`;
  const customerName = `${customer.firstName} ${customer.lastName}`;
  const check = async (target: Page, name: string, options?: { fullPage?: boolean }) => {
    await expectNoSeriousA11yViolations(target, testInfo, name);
    await screenshot(target, name, options);
  };

  await signIn(page, admin, admin.authenticator);
  await impersonateFromTeamsList(page, admin, customer, 'Checking a billing question', () => Promise.resolve());

  const superAdminPage = await newPage(browser);
  await test.step('the super admin finds the session and ends it after confirming', async () => {
    await signIn(superAdminPage, { ...E2E_SUPER_ADMIN, firstName: 'Super', lastName: 'Admin', team: '' });
    await superAdminPage.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Active impersonations' }).click();
    const row = superAdminPage.getByRole('row').filter({ hasText: customer.email });
    await expect(row).toContainText(adminName);
    await expect(row).toContainText(customer.team);
    await expect(row).toContainText('Checking a billing question');
    // Its mode and what support did so far, and the "Time left" column counting down.
    await expect(row.getByRole('cell').nth(4)).toHaveText('Read and write');
    await expect(row.getByRole('cell').nth(5)).toContainText(/\d+ actions?/);
    await expect(row.getByRole('cell').nth(7)).toHaveText(/^(30:00|29:[0-5]\d)$/);
    await check(superAdminPage, 'active-impersonations-super-admin');

    await row.getByRole('button', { name: `End now: ${adminName} impersonating ${customerName}` }).click();
    const dialog = superAdminPage.getByRole('dialog', { name: 'End this impersonation?' });
    await expect(dialog).toContainText(`${adminName} is working as ${customerName} in ${customer.team}.`);
    await check(superAdminPage, 'end-impersonation-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: 'End impersonation' }).click();
    await expect(dialog).toBeHidden();
    await expect(superAdminPage.getByRole('row').filter({ hasText: customer.email })).toHaveCount(0);
    await superAdminPage.context().close();
  });

  await test.step('the admin’s next request finds the session over and lands in their own account, told why', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Leads' }).click();
    await expect(page).toHaveURL(/\/admin\/teams$/);
    await expect(page.getByRole('status').filter({ hasText: 'Back in your own account' })).toContainText(
      `Your support session in ${customer.team} ended: a super admin ended it.`,
    );
    await expect(banner(page)).toHaveCount(0);
    await check(page, 'impersonation-ended');
  });

  await test.step('a reload keeps the admin in their own account', async () => {
    await page.reload();
    await expect(heading(page, 'Teams List')).toBeVisible();
    await expect(banner(page)).toHaveCount(0);
  });
});
