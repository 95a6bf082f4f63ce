import { expect, test } from '@playwright/test';
import type { AuthResponse } from '@vantage/contracts';
import { expectNoSeriousA11yViolations } from './support/accessibility';
import { screenshot } from './support/screenshots';
import { signIn } from './support/sign-in';
import { PHONE, screenshotAtBothWidths } from './support/viewports';

/**
 * SPEC §9 end to end: someone signed in on a laptop and on a phone sees both sign-ins in Profile
 * settings, signs the phone out from the laptop, and the phone's next request is refused: it lands
 * on the sign-in form and says why.
 */

const IPHONE_SAFARI =
  'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1';

test('sessions: the phone’s sign-in is listed in Profile settings, signed out from the laptop, and its next request is refused', async ({
  page,
  request,
  browser,
}, testInfo) => {
  const stamp = `${Date.now()}${Math.floor(Math.random() * 1000)}`;
  // A long team name with accents and emoji: the header and the settings page must keep them on a phone.
  const person = {
    email: `maria-jose.${stamp}@example.com`,
    password: 'analytical-engine-43',
    firstName: 'María-José 🌮',
    lastName: 'Fernández-Villanueva',
    team: `Ünïcødé Løgistics 🚚📦 with a very long name that keeps going on ${stamp}`,
  };

  // Set-up through the API; the session registering makes is ended, so the list holds just the two below.
  const registered = await request.post('/api/auth/register', {
    data: { email: person.email, password: person.password, firstName: person.firstName, lastName: person.lastName, teamName: person.team },
  });
  expect(registered.status(), await registered.text()).toBe(201);
  const { accessToken } = (await registered.json()) as AuthResponse;
  const loggedOut = await request.post('/api/auth/logout', { headers: { Authorization: `Bearer ${accessToken}` } });
  expect(loggedOut.status(), await loggedOut.text()).toBe(204);

  const signIns = page.getByRole('list', { name: 'Your sign-ins' }).getByRole('listitem');
  const phoneSignIn = signIns.filter({ hasText: 'Safari on iPhone' });

  const phoneContext = await browser.newContext({ viewport: PHONE, userAgent: IPHONE_SAFARI });
  const phone = await phoneContext.newPage();
  try {
    await test.step('signed in on the phone, its own sign-in is “This device”', async () => {
      await signIn(phone, person.email, person.password);
      await phone.goto('/settings');
      const onThePhone = phone.getByRole('list', { name: 'Your sign-ins' }).getByRole('listitem');
      await expect(onThePhone).toHaveCount(1);
      await expect(onThePhone).toContainText('Safari on iPhone');
      await expect(onThePhone).toContainText('This device');
    });

    await test.step('on the laptop, Profile settings lists both sign-ins, “This device” on its own', async () => {
      await signIn(page, person.email, person.password);
      await page.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Profile settings' }).click();
      await expect(page.getByRole('heading', { level: 1, name: 'Profile settings' })).toBeVisible();
      await expect(signIns).toHaveCount(2);
      const thisDevice = signIns.filter({ hasText: 'This device' });
      await expect(thisDevice).toHaveCount(1);
      await expect(thisDevice).not.toContainText('iPhone');
      // Only other sign-ins can be signed out from here.
      await expect(thisDevice.getByRole('button', { name: /^Sign out/ })).toHaveCount(0);
      await expect(phoneSignIn).not.toContainText('This device');
      await expect(phoneSignIn).toContainText(/Last active/);
      await expectNoSeriousA11yViolations(page, testInfo, 'settings-sessions');
      await screenshotAtBothWidths(page, 'settings-sessions');
    });

    await test.step('“Sign out” ends the phone’s sign-in', async () => {
      await phoneSignIn.getByRole('button', { name: /^Sign out Safari on iPhone, last active / }).click();
      await expect(page.getByText('Safari on iPhone is signed out. Its next request is refused.')).toBeVisible();
      await expect(signIns).toHaveCount(1);
      await expect(signIns).toContainText('This device');
      await expectNoSeriousA11yViolations(page, testInfo, 'settings-session-ended');
    });

    await test.step('the phone’s next request is refused, and it lands on the sign-in form', async () => {
      await phone.getByRole('button', { name: 'Open navigation' }).click();
      await phone.getByRole('navigation', { name: 'Main navigation' }).getByRole('link', { name: 'Businesses' }).click();
      await expect(phone).toHaveURL(/\/sign-in$/);
      await expect(phone.getByRole('status').filter({ hasText: 'Signed out' })).toContainText(
        'Your session has ended. Please sign in again.',
      );
      await expectNoSeriousA11yViolations(phone, testInfo, 'sign-in-after-session-ended');
      await screenshot(phone, 'sign-in-after-session-ended-phone');
    });
  } finally {
    await phoneContext.close();
  }

  await test.step('the laptop is still signed in', async () => {
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: 'Profile settings' })).toBeVisible();
    await expect(signIns).toHaveCount(1);
  });
});
