import AxeBuilder from '@axe-core/playwright';
import { expect, type Page, type TestInfo } from '@playwright/test';

const BLOCKING_IMPACTS = new Set(['serious', 'critical']);

/**
 * Runs axe on the page as it is now and fails on serious or critical violations (labels,
 * contrast, names, landmarks…). The full report is attached to the test either way.
 */
export async function expectNoSeriousA11yViolations(page: Page, testInfo: TestInfo, pageName: string) {
  // A notification closes itself after a few seconds, and one fading out while axe reads it has text
  // blended into the page (contrast ~1.1). Pointing at one holds them all open, as it does for a reader.
  // The pointer moves away afterwards so they close and uncover what the journey clicks next.
  const notification = page.locator('.mantine-Notification-root').last();
  const holdingNotifications =
    (await notification.isVisible()) &&
    (await notification.hover({ timeout: 2000 }).then(
      () => true,
      () => false,
    ));
  try {
    await judge(page, testInfo, pageName);
  } finally {
    if (holdingNotifications) await page.mouse.move(0, 0);
  }
}

async function judge(page: Page, testInfo: TestInfo, pageName: string) {
  // A dialog still fading in has blended, lower-contrast colours: judge the page as it settles.
  // (Only finite ones: a loader spins forever.)
  await page.evaluate(() =>
    Promise.all(
      document
        .getAnimations()
        .filter((animation) => Number.isFinite(Number(animation.effect?.getComputedTiming().endTime)))
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
  // Mantine's transitions (menus, popovers) are inline styles set a frame after mounting: a menu just
  // opened may not be animating yet, so also wait until every element with an inline transition is opaque.
  await page
    .waitForFunction(
      () =>
        [...document.querySelectorAll<HTMLElement>('[style*="transition"]')].every(
          (element) => Number(getComputedStyle(element).opacity) === 1,
        ),
      undefined,
      { polling: 'raf', timeout: 5000 },
    )
    .catch(() => undefined); // something left half-transparent on purpose: axe judges it as it is
  const results = await new AxeBuilder({ page }).analyze();
  await testInfo.attach(`axe-${pageName}.json`, {
    body: JSON.stringify(results.violations, null, 2),
    contentType: 'application/json',
  });
  const blocking = results.violations.filter((violation) => BLOCKING_IMPACTS.has(violation.impact ?? ''));
  const summary = blocking.map(
    (violation) =>
      `${violation.impact} ${violation.id}: ${violation.help}\n` +
      violation.nodes.map((node) => `    ${node.target.join(' ')} — ${node.failureSummary ?? ''}`).join('\n'),
  );
  expect(summary, `axe found serious/critical violations on the ${pageName} page`).toEqual([]);
}
