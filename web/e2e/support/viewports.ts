import { expect, type Page } from '@playwright/test';
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
 * The visual check of a page as it is now, at the desktop width and at a phone's: a screenshot of
 * each (`<name>`, `<name>-phone`), and the page holds its width — nothing makes it scroll sideways
 * (a wide table scrolls inside its card) and every badge shows its whole word.
 */
export async function expectLayoutHoldsAtBothWidths(page: Page, name: string): Promise<void> {
  const before = page.viewportSize() ?? DESKTOP;
  await page.evaluate(() => window.scrollTo(0, 0));
  for (const [viewport, suffix] of [
    [DESKTOP, ''],
    [PHONE, '-phone'],
  ] as const) {
    await page.setViewportSize(viewport);
    await settle(page);
    await screenshot(page, `${name}${suffix}`);
    const faults = await layoutFaults(page);
    expect(faults.overflowPx, `${name} at ${viewport.width} px scrolls sideways by ${faults.overflowPx} px`).toBeLessThanOrEqual(0);
    expect(faults.clippedBadges, `${name} at ${viewport.width} px cuts badges`).toEqual([]);
  }
  await page.setViewportSize(before);
  await settle(page);
}
