import { expect, type Page } from '@playwright/test';
import { join } from 'node:path';
import { WEB_ROOT } from './environment';

const SCREENSHOT_DIR = join(WEB_ROOT, 'test-results', 'screenshots');
let counter = 0;

/** What the page shows that does not fit: how far it scrolls sideways, and the badges whose word is cut. */
async function layoutFaults(page: Page): Promise<{ overflowPx: number; clippedBadges: string[] }> {
  return page.evaluate(() => {
    const overflowPx = document.documentElement.scrollWidth - window.innerWidth;
    const clippedBadges = [...document.querySelectorAll<HTMLElement>('.mantine-Badge-label')]
      .filter((label) => label.offsetParent !== null && label.scrollWidth > label.clientWidth)
      .map((label) => `"${label.textContent ?? ''}" (${label.scrollWidth} px of text in ${label.clientWidth} px)`);
    return { overflowPx, clippedBadges };
  });
}

/**
 * The page as it is now holds its width: nothing makes it scroll sideways (a wide table scrolls
 * inside its card) and every badge shows its whole word. One read of the page's boxes, a few
 * milliseconds, so every screenshot is checked.
 */
export async function expectLayoutHolds(page: Page, name: string): Promise<void> {
  const width = page.viewportSize()?.width ?? 0;
  const faults = await layoutFaults(page);
  expect(faults.overflowPx, `${name} at ${width} px scrolls sideways by ${faults.overflowPx} px`).toBeLessThanOrEqual(0);
  expect(faults.clippedBadges, `${name} at ${width} px cuts badges`).toEqual([]);
}

/**
 * Screenshot in web/test-results/screenshots, numbered in the order taken, after checking that the
 * page holds its width (`expectLayoutHolds`). Full page by default; `fullPage: false` for overlays
 * (a fixed drawer would be stretched over the whole page).
 */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  counter += 1;
  const file = `${String(counter).padStart(2, '0')}-${name}.png`;
  await page.screenshot({ path: join(SCREENSHOT_DIR, file), fullPage });
  await expectLayoutHolds(page, name);
}
