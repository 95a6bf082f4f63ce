import { defineConfig } from '@playwright/test';
import { resolveChromium } from './e2e/support/chromium';
import { e2eEnvironment } from './e2e/support/environment';

// Resolved before the config object exists: the server's port and the browser binary are facts
// the whole run must agree on (see environment.ts for how workers get the same values).
const environment = await e2eEnvironment();
const chromium = await resolveChromium();

export default defineConfig({
  testDir: './e2e',
  outputDir: './test-results/playwright',
  // One API and one database for the run; journeys create their own users but share the server.
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 10_000 },
  reporter: [['list']],
  globalSetup: './e2e/support/global-setup.ts',
  use: {
    baseURL: environment.baseUrl,
    browserName: 'chromium',
    launchOptions: { executablePath: chromium.executablePath, args: chromium.args },
    viewport: { width: 1366, height: 900 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
});
