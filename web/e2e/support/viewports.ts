import type { Page } from '@playwright/test';
import { screenshot } from './screenshots';

export const DESKTOP = { width: 1366, height: 900 } as const;
export const PHONE = { width: 390, height: 844 } as const;

/** Lets what the resize set moving (the phone navbar sliding shut, say) come to rest. */
async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () =>
      new Promise<void>((done) => {
        // Two frames: the styles of the new width are computed, and any transition they start is running.
        requestAnimationFrame(() =>
          requestAnimationFrame(() => {
            const finite = document
              .getAnimations()
              .filter((animation) => Number.isFinite(Number(animation.effect?.getComputedTiming().endTime)));
            void Promise.all(finite.map((animation) => animation.finished.catch(() => undefined))).then(() => done());
          }),
        );
      }),
  );
}

/**
 * Screenshots of the page as it is now at the desktop width (`<name>`) and at a phone's
 * (`<name>-phone`), then back to the viewport it had.
 */
export async function screenshotAtBothWidths(page: Page, name: string): Promise<void> {
  const before = page.viewportSize() ?? DESKTOP;
  // From the top: scrolled, a full-page capture draws the fixed header in the middle of the page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.setViewportSize(DESKTOP);
  await settle(page);
  await screenshot(page, name);
  await page.setViewportSize(PHONE);
  await settle(page);
  await screenshot(page, `${name}-phone`);
  await page.setViewportSize(before);
  await settle(page);
}

/**
 * The visual check of a page as it is now, at the desktop width and at a phone's: a screenshot of
 * each (`<name>`, `<name>-phone`), each checked by `screenshot` — nothing makes the page scroll
 * sideways (a wide table scrolls inside its card) and every badge shows its whole word.
 */
export async function expectLayoutHoldsAtBothWidths(page: Page, name: string): Promise<void> {
  await screenshotAtBothWidths(page, name);
}
