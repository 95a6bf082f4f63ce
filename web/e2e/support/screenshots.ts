import type { Page } from '@playwright/test';
import { join } from 'node:path';
import { WEB_ROOT } from './environment';

const SCREENSHOT_DIR = join(WEB_ROOT, 'test-results', 'screenshots');
let counter = 0;

/**
 * Screenshot in web/test-results/screenshots, numbered in the order taken. Full page by default;
 * `fullPage: false` for overlays (a fixed drawer would be stretched over the whole page).
 */
export async function screenshot(page: Page, name: string, { fullPage = true } = {}): Promise<void> {
  counter += 1;
  const file = `${String(counter).padStart(2, '0')}-${name}.png`;
  await page.screenshot({ path: join(SCREENSHOT_DIR, file), fullPage });
}
