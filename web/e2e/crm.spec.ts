import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/accessibility';
import { screenshot } from './support/screenshots';

function newPerson() {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  return {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: `ada.crm.${stamp}@example.com`,
    password: 'analytical-engine-1843',
    team: `Engines ${stamp.slice(-5)}`,
  };
}

const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

test('a customer adds a business, comments on it, follows a lead through its statuses, and finds it all in the audit log', async ({
  page,
}, testInfo) => {
  const person = newPerson();
  const business = { name: 'Harbor Freight Co', description: 'Shipping partner on the east coast.' };
  const lead = { name: 'Jordan Lee', email: 'jordan@harbor.example' };
  const comment = 'Called them — they want a quote by Friday.';
  const checkPage = async (name: string) => {
    await expectNoSeriousA11yViolations(page, testInfo, name);
    await screenshot(page, name);
  };

  await test.step('registering lands on the team’s (empty) businesses', async () => {
    await page.goto('/register');
    await page.getByLabel('First name').fill(person.firstName);
    await page.getByLabel('Last name').fill(person.lastName);
    await page.getByLabel('Work email').fill(person.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(person.password);
    await page.getByLabel('Team name').fill(person.team);
    await page.getByRole('button', { name: 'Create account' }).click();

    await expect(page).toHaveURL(/\/businesses$/);
    await expect(heading(page, 'Businesses')).toBeVisible();
    await expect(page.getByRole('main').getByText(person.team, { exact: true })).toBeVisible();
    await expect(page.getByText('No businesses yet — create the first one')).toBeVisible();
    await checkPage('businesses-empty');
  });

  await test.step('creating a business explains a missing name, then opens the new business', async () => {
    await page.getByRole('main').getByRole('button', { name: 'New business' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New business' });
    await dialog.getByRole('button', { name: 'Add business' }).click();
    await expect(dialog.getByLabel('Name')).toHaveAccessibleDescription('Enter the business’s name.');
    await checkPage('new-business-dialog');

    await dialog.getByLabel('Name').fill(business.name);
    await dialog.getByLabel('Description').fill(business.description);
    await dialog.getByRole('button', { name: 'Add business' }).click();
    await expect(dialog).toBeHidden();
    await expect(page).toHaveURL(/\/businesses\/[0-9a-f-]{36}$/);
    await expect(heading(page, business.name)).toBeVisible();
    await expect(page.getByText(business.description)).toBeVisible();
  });

  await test.step('a comment shows at the end of the thread, under the author’s name', async () => {
    await expect(page.getByText(`No comments yet. Start the conversation about ${business.name} below.`)).toBeVisible();
    await page.getByLabel('Add a comment').fill(comment);
    await page.getByRole('button', { name: 'Post comment' }).click();

    const thread = page.getByRole('list', { name: `Comments on ${business.name}` });
    const posted = thread.getByRole('article', { name: 'Comment by Ada Lovelace' });
    await expect(posted).toContainText(comment);
    await expect(posted.getByText('Ada Lovelace')).toBeVisible();
    await expect(page.getByLabel('Add a comment')).toHaveValue('');
  });

  await test.step('a lead added from the business’s page is listed there with its status', async () => {
    await page.getByRole('button', { name: 'New lead' }).click();
    const dialog = page.getByRole('dialog', { name: `New lead for ${business.name}` });
    await dialog.getByLabel('Name').fill(lead.name);
    await dialog.getByLabel('Email').fill(lead.email);
    await dialog.getByRole('button', { name: 'Add lead' }).click();
    await expect(dialog).toBeHidden();

    const leads = page.getByRole('list', { name: `Leads of ${business.name}` });
    await expect(leads.getByRole('listitem')).toHaveCount(1);
    await expect(leads.getByRole('listitem')).toContainText('New');
    await checkPage('business-detail-with-comment');
  });

  await test.step('the lead’s status is saved as soon as it changes, and stays after a reload', async () => {
    await page
      .getByRole('list', { name: `Leads of ${business.name}` })
      .getByRole('link', { name: lead.name })
      .click();
    await expect(heading(page, lead.name)).toBeVisible();
    await expect(page.getByRole('link', { name: business.name })).toBeVisible();
    const status = page.getByRole('combobox', { name: 'Status' });
    await expect(status).toHaveValue('new');
    await status.selectOption('qualified');
    await expect(page.getByText('Status saved: Qualified.')).toBeVisible();
    await checkPage('lead-detail');

    await page.reload();
    await expect(page.getByRole('combobox', { name: 'Status' })).toHaveValue('qualified');
  });

  await test.step('the lists show the business and the lead, filterable by status', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Businesses' }).click();
    await expect(heading(page, 'Businesses')).toBeVisible();
    const businesses = page.getByRole('table', { name: 'Businesses' });
    await expect(businesses.getByRole('link', { name: business.name })).toBeVisible();
    await expect(page.getByText('1 business')).toBeVisible();
    await checkPage('businesses-list');

    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Leads' }).click();
    await expect(heading(page, 'Leads')).toBeVisible();
    const leads = page.getByRole('table', { name: 'Leads' });
    await expect(leads.getByRole('row', { name: new RegExp(lead.name) })).toContainText('Qualified');
    await expect(leads.getByRole('row', { name: new RegExp(lead.name) }).getByRole('link', { name: business.name })).toBeVisible();

    await page.getByRole('combobox', { name: 'Status' }).selectOption('won');
    await expect(page).toHaveURL(/status=won/);
    await expect(page.getByText('No leads are Won')).toBeVisible();
    await page.getByRole('combobox', { name: 'Status' }).selectOption('qualified');
    await expect(page.getByRole('table', { name: 'Leads' }).getByRole('link', { name: lead.name })).toBeVisible();
    await checkPage('leads-list');
  });

  await test.step('the audit log has every step, in words, newest first', async () => {
    await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Audit log' }).click();
    await expect(heading(page, 'Audit log')).toBeVisible();
    const entries = page.getByRole('table', { name: 'Audit log entries' });
    const rows = entries.getByRole('row');

    const statusChanged = rows.filter({ hasText: 'Changed a lead’s status' });
    await expect(statusChanged).toContainText('New → Qualified');
    await expect(statusChanged).toContainText('Ada Lovelace');
    const commented = rows.filter({ hasText: 'Commented' });
    await expect(commented).toHaveCount(1);
    await expect(commented).toContainText('Ada Lovelace');
    await expect(commented).toContainText(`On ${business.name}`);
    await expect(commented.getByRole('link', { name: 'Open business' })).toBeVisible();
    const created = rows.filter({ hasText: 'Created a business' });
    await expect(created).toContainText(business.name);
    await expect(rows.filter({ hasText: 'Created a lead' })).toContainText(lead.name);
    await expect(rows.filter({ hasText: 'Support' })).toHaveCount(0);

    // Newest first: the status change is above the comment, which is above the business's creation.
    const actions = await rows.locator('td:nth-child(3)').allTextContents();
    const position = (text: string) => actions.findIndex((action) => action.startsWith(text));
    expect(position('Changed a lead’s status')).toBeLessThan(position('Commented'));
    expect(position('Commented')).toBeLessThan(position('Created a business'));
    await checkPage('audit-log');

    await commented.getByRole('link', { name: 'Open business' }).click();
    await expect(heading(page, business.name)).toBeVisible();
  });
});
