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
  // One API and one database for the run, used by two journeys at a time (a spec file at a time each): every
  // journey registers its own people and teams and looks only at what it made, so they share the server as
  // customers do. On two cores two workers take 3.4 min instead of 4.5 and fill the cores the other lane of
  // npm test leaves idle while a journey waits on the app.
  workers: 2,
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
    // A failed journey keeps its trace: every action with the page's DOM before and after it, network and
    // console. Without the trace's screencast: encoding frames all the time was a quarter of the journeys'
    // CPU (81 → 61 CPU s for four journeys), and the failure screenshot below shows the last state.
    trace: { mode: 'retain-on-failure', screenshots: false },
    screenshot: 'only-on-failure',
  },
});
