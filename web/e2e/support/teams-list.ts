import { expect, type Locator, type Page } from '@playwright/test';

/**
 * Opens the Teams List from the main navigation, searches for a team by its whole name and returns its one
 * row. It waits for the search's own answer ("Showing 1–1 of 1 team matching …"), not only for the row: a new
 * team's row is already on the unfiltered first page before the search is sent, and a page judged then is
 * judged while the search's answer dims the table.
 */
export async function findTeamOnTeamsList(page: Page, team: string): Promise<Locator> {
  await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Teams List' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Teams List' })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search teams' }).fill(team);
  await expect(page.getByRole('status').filter({ hasText: `matching “${team}”` })).toHaveText(`Showing 1–1 of 1 team matching “${team}”.`);
  const row = page.getByRole('table', { name: 'Teams' }).getByRole('row').filter({ hasText: team });
  await expect(row).toHaveCount(1);
  return row;
}
