import { expect, test, type APIRequestContext, type Browser, type Page, type TestInfo } from '@playwright/test';
import type { Business, TotpSetup } from '@vantage/contracts';
import { expectNoSeriousA11yViolations } from './support/accessibility';
import { bearer, ok, register, superAdminToken, type Person } from './support/api';
import { AuthenticatorApp } from './support/authenticator';
import { linkIn, mailboxMark, waitForMail } from './support/mailbox';
import { screenshot } from './support/screenshots';
import { expectLayoutHoldsAtBothWidths } from './support/viewports';

/**
 * Support access the customer controls (SPEC §10), end to end: the owner asks to approve support first;
 * an admin requests read-only access from the Teams List; the owner approves it from the email's link;
 * the admin enters read-only and cannot change anything; the owner watches the session live, sees what
 * support did, and ends it; the admin lands back in their own account and is told why.
 */

interface SupportAdmin extends Person {
  id: string;
  authenticator: AuthenticatorApp;
}

interface Customer extends Person {
  id: string;
  teamId: string;
  business: Business;
}

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });
const adminBanner = (page: Page) => page.getByRole('region', { name: 'Support impersonation' });
/** The sentence of a read-only support session (contracts' READ_ONLY_IMPERSONATION; journeys import only types from contracts). */
const READ_ONLY_SENTENCE = 'This support session is read-only: nothing can be changed.';

function uniqueStamp(): string {
  return `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

/** A customer who owns a team with one business in it (set up through the API). */
async function createCustomer(request: APIRequestContext, stamp: string): Promise<Customer> {
  const person: Person = {
    firstName: 'Olivia',
    lastName: 'Owens',
    email: `olivia.approves.${stamp}@example.com`,
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
  return { ...person, id: user.id, teamId: user.currentTeam!.id, business };
}

/** A registered person made admin by the super admin, with an authenticator app confirmed. */
async function createSupportAdmin(request: APIRequestContext, stamp: string): Promise<SupportAdmin> {
  const person: Person = {
    firstName: 'Ada',
    lastName: 'Admin',
    email: `ada.requests.${stamp}@vantage.test`,
    password: 'support-desk-2026',
    team: `Vantage Support ${stamp}`,
  };
  const { accessToken, user } = await register(request, person);
  await ok(
    await request.patch(`/api/admin/users/${user.id}`, { data: { role: 'admin' }, headers: bearer(await superAdminToken(request)) }),
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

/** The customer's team's row on the Teams List, found by searching for it. */
async function teamRow(page: Page, customer: Customer) {
  await page.goto(`/admin/teams?search=${encodeURIComponent(customer.team)}`);
  await expect(heading(page, 'Teams List')).toBeVisible();
  const row = page.getByRole('table', { name: 'Teams' }).getByRole('row').filter({ hasText: customer.team });
  await expect(row).toHaveCount(1);
  return row;
}

test('the owner approves read-only support access from the email, watches the session, ends it, and the admin is told', async ({
  page,
  browser,
  request,
}, testInfo: TestInfo) => {
  test.setTimeout(180_000);
  const stamp = uniqueStamp();
  const customer = await createCustomer(request, stamp);
  const admin = await createSupportAdmin(request, stamp);
  const adminName = `${admin.firstName} ${admin.lastName}`;
  const customerName = `${customer.firstName} ${customer.lastName}`;
  const reason = `Ticket ${stamp}: the import shows the wrong status`;
  const check = async (target: Page, name: string) => {
    await expectNoSeriousA11yViolations(target, testInfo, name);
    await expect(target.locator('[aria-busy="true"]')).toHaveCount(0);
    await expectLayoutHoldsAtBothWidths(target, name);
  };
  const ownerPage = await newPage(browser);
  let requestLink = '';

  await test.step('the owner asks to approve support access first (Team settings)', async () => {
    await signIn(ownerPage, customer);
    await ownerPage.goto('/team');
    const policy = ownerPage.getByRole('form', { name: 'Support access' });
    await policy.getByRole('radio', { name: 'Only with approval' }).check();
    await policy.getByRole('button', { name: 'Save support access' }).click();
    await expect(policy.getByRole('button', { name: 'Save support access' })).toBeDisabled();
    // Saved: a fresh page reads it back from the API.
    await ownerPage.reload();
    await expect(ownerPage.getByRole('form', { name: 'Support access' }).getByRole('radio', { name: 'Only with approval' })).toBeChecked();
    await screenshot(ownerPage, 'support-access-team-policy');
  });

  await test.step('the admin requests read-only access from the Teams List', async () => {
    await signIn(page, admin, admin.authenticator);
    const row = await teamRow(page, customer);
    await expect(row.getByRole('button', { name: /^Impersonate/ })).toHaveCount(0);
    await row.getByRole('button', { name: `Request access to ${customerName} in ${customer.team}` }).click();
    const dialog = page.getByRole('dialog', { name: `Request access to ${customerName} in ${customer.team}` });
    await expect(dialog.getByRole('radio', { name: 'Read-only' })).toBeChecked();
    await dialog.getByLabel('Reason').fill(reason);
    await dialog.getByLabel('For how long').selectOption({ label: '1 hour' });
    await screenshot(page, 'support-access-request-dialog', { fullPage: false });
    const seen = await mailboxMark(request);
    await dialog.getByRole('button', { name: 'Send request' }).click();
    await expect(page.getByText(`Request sent to ${customerName} and the team's owners.`, { exact: false })).toBeVisible();
    await expect(dialog).toBeHidden();
    await expect(row).toContainText('Waiting for approval');
    await expect(page.getByRole('table', { name: 'My access requests' }).getByRole('row').filter({ hasText: customer.team })).toContainText(
      'Waiting for approval',
    );
    await check(page, 'support-access-teams-list-waiting');

    // The owner is emailed a link to the request.
    const mail = await waitForMail(request, { to: customer.email, subject: /^Vantage support asks for access to /, seen });
    requestLink = linkIn(mail, 'access-requests');
  });

  await test.step('the owner opens the link from the email and approves', async () => {
    await ownerPage.goto(requestLink);
    const requestCard = ownerPage.getByRole('article', { name: `${adminName} from Vantage support asks for read-only access` });
    await expect(requestCard).toContainText(reason);
    await expect(requestCard.getByLabel('Approve for')).toHaveValue('60');
    await requestCard.getByRole('button', { name: 'Approve' }).click();
    await expect(ownerPage.getByText('Access approved')).toBeVisible();
    await screenshot(ownerPage, 'support-access-owner-approved');
  });

  await test.step('the admin starts a read-only session with a fresh code and finds every write disabled', async () => {
    const row = await teamRow(page, customer);
    await expect(row).toContainText(/Approved until \d{2}:\d{2}, read-only/);
    await row.getByRole('button', { name: `Impersonate ${customerName} in ${customer.team}` }).click();
    const dialog = page.getByRole('dialog', { name: `Impersonate ${customerName} in ${customer.team}` });
    await expect(dialog.getByRole('radio', { name: 'Read-only' })).toBeChecked();
    await expect(dialog.getByRole('radio', { name: 'Read and write' })).toBeDisabled();
    await dialog.getByLabel('Code from your authenticator app').fill(await admin.authenticator.nextCode());
    await dialog.getByLabel('Reason').fill(reason);
    await screenshot(page, 'support-access-impersonate-read-only', { fullPage: false });
    await dialog.getByRole('button', { name: `Impersonate ${customer.firstName}` }).click();

    await expect(page).toHaveURL(/\/businesses$/);
    await expect(adminBanner(page)).toContainText('read-only: you can look at everything and change nothing.');
    const newBusiness = page.getByRole('button', { name: /New business/ });
    await expect(newBusiness).toHaveAttribute('aria-disabled', 'true');
    await expect(newBusiness).toHaveAccessibleDescription(READ_ONLY_SENTENCE);
    await check(page, 'support-access-read-only-businesses');

    await page.getByRole('link', { name: customer.business.name }).click();
    await expect(heading(page, customer.business.name)).toBeVisible();
    await expect(page.getByLabel('Add a comment')).toBeDisabled();
    await expect(page.getByRole('button', { name: 'Post comment' })).toBeDisabled();
    await expect(page.getByText(READ_ONLY_SENTENCE).first()).toBeVisible();
    await check(page, 'support-access-read-only-business');
  });

  await test.step('the owner sees the live banner and what support did, then ends the session', async () => {
    await ownerPage.goto('/businesses');
    const live = ownerPage.getByRole('region', { name: new RegExp(`^Vantage support \\(${adminName}\\) is in your account now`) });
    await expect(live).toContainText(adminName);
    await expect(live).toContainText('read-only');
    await check(ownerPage, 'support-access-owner-live-banner');

    await ownerPage.goto('/settings');
    const history = ownerPage.getByRole('table', { name: 'Support access history' });
    const entry = history.getByRole('row').filter({ hasText: reason });
    await expect(entry).toContainText('Read-only');
    await entry.getByRole('button', { name: new RegExp(`^\\d+ actions? by ${adminName}: show them$`) }).click();
    const actions = ownerPage.getByRole('table', { name: `What ${adminName} did` });
    // The business the admin opened, read (GET) with its id.
    await expect(
      actions
        .getByRole('row')
        .filter({ hasText: `/api/businesses/${customer.business.id}` })
        .first(),
    ).toContainText('Viewed');
    await check(ownerPage, 'support-access-owner-history-actions');

    // The banner is on every page of the owner's: End now from here.
    await live.getByRole('button', { name: 'End now' }).click();
    await expect(ownerPage.getByText('Support session ended')).toBeVisible();
    await expect(live).toHaveCount(0);
  });

  await test.step('the admin’s next click brings them back to their own account, told who ended it', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Leads' }).click();
    await expect(page).toHaveURL(/\/admin\/teams$/);
    await expect(heading(page, 'Teams List')).toBeVisible();
    await expect(page.getByRole('status').filter({ hasText: 'Back in your own account' })).toContainText(
      `Your support session in ${customer.team} ended: ${customerName} ended it.`,
    );
    await expect(adminBanner(page)).toHaveCount(0);
    await expect(page.getByRole('button', { name: /^Current team:/ })).toHaveAccessibleName(`Current team: ${admin.team}. Switch team`);
    await expect(page.getByText('Impersonation ended')).toHaveCount(0);
    await check(page, 'support-access-admin-returned');
  });

  await test.step('Active impersonations lists the ended session no more; its actions stay readable to the owner', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Active impersonations' }).click();
    await expect(heading(page, 'Active impersonations')).toBeVisible();
    await expect(page.getByRole('row').filter({ hasText: customer.email })).toHaveCount(0);
  });
  await ownerPage.context().close();
});
