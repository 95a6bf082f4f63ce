import { expect, test, type Page } from '@playwright/test';
import { expectNoSeriousA11yViolations } from './support/accessibility';
import { screenshot } from './support/screenshots';

/** A person new to Vantage, unique per run so the journey never depends on earlier data. */
function newPerson() {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  return {
    firstName: 'Ada',
    lastName: 'Lovelace',
    email: `ada.${stamp}@example.com`,
    password: 'analytical-engine-1843',
    firstTeam: `Analytical Engines ${stamp.slice(-4)}`,
    secondTeam: `Difference Engines ${stamp.slice(-4)}`,
  };
}

const teamSwitcher = (page: Page) => page.getByRole('button', { name: /^Current team:/ });
const heading = (page: Page, name: string | RegExp) => page.getByRole('heading', { level: 1, name });

test('a new customer registers, creates and switches teams, stays signed in across a reload, and signs out', async ({ page }, testInfo) => {
  const person = newPerson();
  const checkPage = async (name: string, options?: { fullPage?: boolean }) => {
    await expectNoSeriousA11yViolations(page, testInfo, name);
    await screenshot(page, name, options);
  };

  await test.step('a visitor without a session is sent to sign in', async () => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(heading(page, 'Sign in to Vantage')).toBeVisible();
    await expect(page).toHaveTitle('Sign in · Vantage');
    await checkPage('sign-in');
  });

  await test.step('registration explains mistakes next to the fields', async () => {
    await page.getByRole('link', { name: 'Create an account' }).click();
    await expect(heading(page, 'Create your Vantage account')).toBeVisible();
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByLabel('First name')).toHaveAccessibleDescription('Enter your first name.');
    await expect(page.getByRole('textbox', { name: 'Password' })).toHaveAccessibleDescription(/Use at least 8 characters\./);
    await checkPage('register-with-errors');
  });

  await test.step('registering creates the account and its first team', async () => {
    await page.getByLabel('First name').fill(person.firstName);
    await page.getByLabel('Last name').fill(person.lastName);
    await page.getByLabel('Work email').fill(person.email);
    await page.getByRole('textbox', { name: 'Password' }).fill(person.password);
    await page.getByLabel('Team name').fill(person.firstTeam);
    await page.getByRole('button', { name: 'Create account' }).click();

    await expect(page).toHaveURL(/\/businesses$/);
    await expect(heading(page, 'Businesses')).toBeVisible();
    await expect(page.getByRole('main').getByText(person.firstTeam, { exact: true })).toBeVisible();
    await expect(teamSwitcher(page)).toHaveAccessibleName(`Current team: ${person.firstTeam}. Switch team`);
    await checkPage('workspace');
  });

  await test.step('the user menu shows who is signed in', async () => {
    await page.getByRole('button', { name: /Account menu for Ada Lovelace/ }).click();
    const menu = page.getByRole('menu');
    await expect(menu.getByText(person.email)).toBeVisible();
    await expect(menu.getByText('User', { exact: true })).toBeVisible();
    await checkPage('user-menu');
    await page.keyboard.press('Escape');
    await expect(menu).toBeHidden();
  });

  await test.step('creating a second team (from the team menu) keeps the current team', async () => {
    await teamSwitcher(page).click();
    await page.getByRole('menuitem', { name: 'Create team' }).click();
    const dialog = page.getByRole('dialog', { name: 'Create a team' });
    await expect(dialog).toBeVisible();
    await dialog.getByRole('button', { name: 'Create team' }).click();
    await expect(dialog.getByLabel('Team name')).toHaveAccessibleDescription('Enter a team name.');
    await checkPage('create-team-dialog');

    await dialog.getByLabel('Team name').fill(person.secondTeam);
    await dialog.getByRole('button', { name: 'Create team' }).click();
    await expect(dialog).toBeHidden();
    await expect(page.getByText(`${person.secondTeam} is ready.`, { exact: false })).toBeVisible();
    await expect(teamSwitcher(page)).toHaveAccessibleName(`Current team: ${person.firstTeam}. Switch team`);
    await teamSwitcher(page).click();
    await expect(page.getByRole('menuitem', { name: new RegExp(person.secondTeam) })).toBeVisible();
    await page.keyboard.press('Escape');
    await expect(page.getByRole('menu')).toBeHidden();
  });

  await test.step('switching to the new team, keyboard only, updates the header and the workspace', async () => {
    await teamSwitcher(page).focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('menuitem', { name: new RegExp(person.firstTeam) })).toHaveAttribute('aria-current', 'true');
    await checkPage('team-menu');
    const secondTeamItem = page.getByRole('menuitem', { name: new RegExp(person.secondTeam) });
    await expect(async () => {
      await page.keyboard.press('ArrowDown');
      await expect(secondTeamItem).toBeFocused({ timeout: 200 });
    }).toPass({ timeout: 5_000 });
    await page.keyboard.press('Enter');

    await expect(teamSwitcher(page)).toHaveAccessibleName(`Current team: ${person.secondTeam}. Switch team`);
    await expect(page.getByRole('main').getByText(person.secondTeam, { exact: true })).toBeVisible();
    await expect(page.getByText(`You are now working in ${person.secondTeam}.`)).toBeVisible();
    await checkPage('switched-team');
  });

  await test.step('a reload restores the session from the cookie, in the same team', async () => {
    await page.reload();
    await expect(heading(page, 'Businesses')).toBeVisible();
    await expect(page.getByRole('main').getByText(person.secondTeam, { exact: true })).toBeVisible();
    await expect(teamSwitcher(page)).toHaveAccessibleName(`Current team: ${person.secondTeam}. Switch team`);
    // The access token lives in memory only.
    const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
    expect(stored).not.toMatch(/ey[A-Za-z0-9_-]{10,}\./);
    expect(await page.evaluate(() => document.cookie)).not.toContain('refresh');
  });

  await test.step('signing out returns to the sign-in page and ends the session for good', async () => {
    await page.getByRole('button', { name: /Account menu for Ada Lovelace/ }).click();
    await page.getByRole('menuitem', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/sign-in$/);
    await expect(heading(page, 'Sign in to Vantage')).toBeVisible();
    await expect(page.getByText('You have signed out of Vantage.')).toBeVisible();
    await checkPage('signed-out');

    await page.reload();
    await expect(heading(page, 'Sign in to Vantage')).toBeVisible();
  });

  await test.step('signing in again: a wrong password is explained, the right one opens the last team', async () => {
    await page.getByRole('textbox', { name: 'Email' }).fill(person.email);
    await page.getByRole('textbox', { name: 'Password' }).fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('The email or password is not correct.');
    await checkPage('sign-in-wrong-password');

    await page.getByRole('textbox', { name: 'Password' }).fill(person.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page).toHaveURL(/\/businesses$/);
    await expect(teamSwitcher(page)).toHaveAccessibleName(`Current team: ${person.secondTeam}. Switch team`);
  });

  await test.step('on a phone-sized screen the navigation folds behind a menu button', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    const openNavigation = page.getByRole('button', { name: 'Open navigation' });
    await expect(openNavigation).toBeVisible();
    await checkPage('workspace-phone');
    await openNavigation.click();
    await expect(page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Leads' })).toBeVisible();
    await checkPage('navigation-phone', { fullPage: false });
  });
});
