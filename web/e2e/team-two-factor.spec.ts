import { expect, test } from '@playwright/test';
import type { AuthResponse, Business, Invitation } from '@vantage/contracts';
import { expectNoSeriousA11yViolations } from './support/accessibility';
import { bearer, ok, register } from './support/api';
import { linkIn, mailboxMark, waitForMail } from './support/mailbox';
import { signInWithEmailedCode } from './support/sign-in';
import { DESKTOP, expectLayoutHoldsAtBothWidths, PHONE } from './support/viewports';

/**
 * SPEC §11, team-wide two-factor, end to end: the owner requires two-factor for everyone from Team
 * settings; a member without it signs in and is taken straight to setting it up, told why; once
 * email codes are on, they continue to the team's businesses.
 */
test('an owner requires two-factor; a member without it is taken to set it up, then reaches the team’s businesses', async ({
  page,
  request,
  browser,
}, testInfo) => {
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1296).toString(36)}`;
  // A long name on purpose: the sentence and the buttons that name the team must wrap on a phone.
  const owner = {
    firstName: 'Olga',
    lastName: 'Ownerson',
    email: `olga.${stamp}@example.com`,
    password: 'strict-harbour-2026',
    team: `Fjord Freight Forwarding & Cold-Chain Logistics Østersund ${stamp}`,
  };
  const member = {
    firstName: 'Mika',
    lastName: 'Memberg',
    email: `mika.${stamp}@example.com`,
    password: 'first-day-at-the-fjord',
    team: `Mika’s own team ${stamp}`,
  };

  // Set-up through the API: the owner with email codes and a business, the member joined by invitation.
  const ownerAuth = await register(request, owner);
  const ownerToken = ownerAuth.accessToken;
  const teamId = ownerAuth.user.currentTeam!.id;
  await ok(
    await request.put('/api/user/two-factor', { data: { enabled: true, method: 'email' }, headers: bearer(ownerToken) }),
    'PUT /api/user/two-factor',
  );
  const business = await ok<Business>(
    await request.post('/api/businesses', { data: { name: 'Arctic Char Exporters' }, headers: bearer(ownerToken) }),
    'POST /api/businesses',
  );
  const memberAuth = await register(request, member);
  const seen = await mailboxMark(request);
  await ok<Invitation>(
    await request.post(`/api/teams/${teamId}/invitations`, { data: { email: member.email, role: 'member' }, headers: bearer(ownerToken) }),
    'POST /api/teams/:id/invitations',
  );
  const invitationPath = linkIn(await waitForMail(request, { to: member.email, subject: /invited you to/, seen }), 'invitations');
  await ok<AuthResponse>(
    await request.post(`/api/invitations/${invitationPath.split('/').pop()}/accept`, { data: {}, headers: bearer(memberAuth.accessToken) }),
    'POST /api/invitations/:token/accept',
  );

  await test.step('the owner switches on “Require two-factor for everyone”, confirming that one member has no 2FA yet', async () => {
    await signInWithEmailedCode(page, request, owner.email, owner.password);
    await page.goto('/team#two-factor');
    const section = page.getByRole('region', { name: 'Two-factor authentication' });
    const toggle = section.getByRole('switch', { name: 'Require two-factor for everyone' });
    await expect(toggle).not.toBeChecked();
    await toggle.click({ force: true }); // Mantine's switch input sits under its styled track
    const dialog = page.getByRole('dialog', { name: `Require two-factor for everyone in ${owner.team}?` });
    await expect(dialog).toContainText('1 member does not have two-factor authentication yet.');
    await dialog.getByRole('button', { name: 'Require two-factor' }).click();
    await expect(dialog).toBeHidden();
    await expect(toggle).toBeChecked();
    await expect(page.getByRole('table', { name: 'Members' }).getByRole('row').filter({ hasText: member.email })).toContainText('Off');
    await section.scrollIntoViewIfNeeded();
    await expectNoSeriousA11yViolations(page, testInfo, 'team-two-factor-required-on');
    await expectLayoutHoldsAtBothWidths(page, 'team-two-factor-switched-on');
  });

  const context = await browser.newContext();
  const memberPage = await context.newPage();
  try {
    await test.step('the member signs in and is taken straight to setting up two-factor, told why', async () => {
      await memberPage.goto('/sign-in');
      await memberPage.getByRole('textbox', { name: 'Email' }).fill(member.email);
      await memberPage.getByRole('textbox', { name: 'Password' }).fill(member.password);
      await memberPage.getByRole('button', { name: 'Sign in' }).click();
      await expect(memberPage).toHaveURL(/\/settings#two-factor$/);
      await expect(memberPage.getByRole('alert')).toContainText(
        `${owner.team} requires two-factor authentication for its members. Set it up to continue.`,
      );
      await expect(memberPage.getByRole('alert').getByRole('button', { name: `Switch to ${member.team}` })).toBeVisible();
      await expectNoSeriousA11yViolations(memberPage, testInfo, 'team-two-factor-setup-required');
      await expectLayoutHoldsAtBothWidths(memberPage, 'team-two-factor-setup-required');
    });

    await test.step('with email codes on, the member continues to the team’s businesses', async () => {
      const section = memberPage.getByRole('region', { name: 'Two-factor authentication' });
      await section.getByRole('button', { name: 'Use email codes' }).click();
      const next = memberPage.getByRole('button', { name: `Continue to ${owner.team}` });
      await expect(next).toBeVisible();
      await expectLayoutHoldsAtBothWidths(memberPage, 'team-two-factor-set-up');
      // The notice clips what overflows it, which the page-wide check cannot see: the long name wraps inside the phone's width.
      await memberPage.setViewportSize(PHONE);
      const box = await next.boundingBox();
      expect(box!.x + box!.width, 'the Continue button fits a phone').toBeLessThanOrEqual(PHONE.width);
      await memberPage.setViewportSize(DESKTOP);
      await next.click();
      await expect(memberPage).toHaveURL(/\/businesses$/);
      await expect(memberPage.getByRole('link', { name: business.name })).toBeVisible();
    });
  } finally {
    await context.close();
  }
});
