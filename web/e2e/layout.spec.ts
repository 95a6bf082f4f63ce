import { expect, test, type APIRequestContext, type Page } from '@playwright/test';
import type { AuthResponse, LeadStatus } from '@vantage/contracts';
import { bearer, ok, register, type Person } from './support/api';
import { E2E_SUPER_ADMIN } from './support/environment';
import { signIn } from './support/sign-in';
import { DESKTOP, expectLayoutHoldsAtBothWidths, PHONE } from './support/viewports';

// Names as people really have them, at the lengths the API allows: a first name of the full
// 100 characters with no space to break at, emoji joined into one person, a Persian word with a
// zero-width non-joiner.
// (The journeys import only types from contracts: its runtime build is CommonJS.)
const NAME_MAX_LENGTH = 100;
const LEAD_STATUSES: readonly LeadStatus[] = ['new', 'contacted', 'qualified', 'won', 'lost'];
const LONG_FIRST_NAME = 'Maximiliana'.repeat(10).slice(0, NAME_MAX_LENGTH);
const EMOJI_LAST_NAME = '👩‍💻 Nguyễn';
const UNBROKEN_WORD = 'Supercalifragilisticexpialidocious'.repeat(6);

function longNamedPerson(): Person {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  return {
    firstName: LONG_FIRST_NAME,
    lastName: EMOJI_LAST_NAME,
    email: `long.name.${stamp}@example.com`,
    password: 'a-name-that-does-not-fit-1',
    team: `👩‍👩‍👧‍👦 می‌خواهم Worldwide Logistics and Freight Forwarding of the Northern Hemisphere ${stamp.slice(-5)}`,
  };
}

/** A business, a lead in every status and comments, all named as long as allowed. */
async function seedLongRecords(
  request: APIRequestContext,
  auth: AuthResponse,
): Promise<{ businessId: string; businessName: string; leadId: string }> {
  const headers = bearer(auth.accessToken);
  const business = await ok<{ id: string; name: string }>(
    await request.post('/api/businesses', {
      headers,
      data: { name: `Ünïcødé 🚢 ${UNBROKEN_WORD}`.slice(0, 200), description: `Ships everywhere. ${UNBROKEN_WORD} ${UNBROKEN_WORD}` },
    }),
    'POST /api/businesses',
  );
  let leadId = '';
  for (const status of LEAD_STATUSES) {
    const lead = await ok<{ id: string }>(
      await request.post('/api/leads', {
        headers,
        data: {
          name: `${LONG_FIRST_NAME} ${status}`,
          email: `${'very.long.mailbox.name.'.repeat(2)}${status}@example.com`,
          businessId: business.id,
          status,
        },
      }),
      'POST /api/leads',
    );
    leadId ||= lead.id;
  }
  for (const path of [`/api/businesses/${business.id}/comments`, `/api/leads/${leadId}/comments`]) {
    await ok(await request.post(path, { headers, data: { text: `Left a note 🙂 ${UNBROKEN_WORD}` } }), `POST ${path}`);
  }
  return { businessId: business.id, businessName: business.name, leadId };
}

async function visit(page: Page, path: string, heading: string | RegExp, name: string): Promise<void> {
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: heading })).toBeVisible();
  // Lists and threads load after the frame: judge the page once nothing is loading.
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0);
  await expectLayoutHoldsAtBothWidths(page, name);
}

/** On a phone a record's name of 200 letters without a space takes two lines at most, and focusing it shows all of it. */
async function expectShortTitleOnPhone(page: Page, fullName: string): Promise<void> {
  await page.setViewportSize(PHONE);
  const title = page.getByRole('heading', { level: 1 });
  await expect(title).toHaveAccessibleName(fullName);
  const lineHeight = await title.evaluate((element) => Number.parseFloat(getComputedStyle(element).lineHeight));
  expect((await title.boundingBox())?.height).toBeLessThanOrEqual(2 * lineHeight + 1);
  await title.focus();
  await expect(page.getByRole('tooltip')).toHaveText(fullName);
  await page.setViewportSize(DESKTOP);
}

test('every main page holds its width with a 100-character first name, emoji names and unbroken words, on a desktop and a phone', async ({
  page,
  request,
}) => {
  const person = longNamedPerson();
  const auth = await register(request, person);
  const { businessId, businessName, leadId } = await seedLongRecords(request, auth);

  await test.step('the customer’s pages', async () => {
    await signIn(page, person.email, person.password);
    await visit(page, '/businesses', 'Businesses', 'layout-businesses');
    await visit(page, `/businesses/${businessId}`, /Ünïcødé/, 'layout-business-detail');
    await expectShortTitleOnPhone(page, businessName);
    await visit(page, '/leads', 'Leads', 'layout-leads');
    await visit(page, `/leads/${leadId}`, new RegExp(`^${LONG_FIRST_NAME}`), 'layout-lead-detail');
    await visit(page, '/audit-log', 'Audit log', 'layout-audit-log');
    await visit(page, '/team', 'Team settings', 'layout-team-settings');
    await visit(page, '/settings', 'Profile settings', 'layout-profile-settings');
  });

  await test.step('the admin’s Teams List keeps Impersonate on screen', async () => {
    await page.context().clearCookies();
    await signIn(page, E2E_SUPER_ADMIN.email, E2E_SUPER_ADMIN.password);
    await visit(page, `/admin/teams?search=${encodeURIComponent(person.email)}`, 'Teams List', 'layout-admin-teams');
    const row = page.getByRole('row').filter({ hasText: person.email });
    await expect(row.getByRole('button', { name: /^Impersonate / })).toBeInViewport();

    // On a phone each team is a card: Impersonate sits inside the screen's width, no sideways scrolling.
    await page.setViewportSize(PHONE);
    const impersonate = row.getByRole('button', { name: /^Impersonate / });
    await expect(impersonate).toBeVisible();
    const box = await impersonate.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width, `Impersonate at x ${box?.x} on a ${PHONE.width} px phone`).toBe(true);
    const teamName = row.getByText(/Worldwide Logistics/);
    const lineHeight = await teamName.evaluate((element) => Number.parseFloat(getComputedStyle(element).lineHeight));
    expect((await teamName.boundingBox())?.height, 'the team name takes one line').toBeLessThanOrEqual(lineHeight + 1);
    await page.setViewportSize(DESKTOP);
    await visit(page, '/admin/impersonations', 'Active impersonations', 'layout-admin-impersonations');
  });
});
