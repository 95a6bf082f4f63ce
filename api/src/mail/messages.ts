import type { TwoFactorMethod } from '@vantage/contracts';
import type { OutgoingMail } from './mail.service';

/**
 * Every email Vantage sends is built here, from one letter layout, so wording and escaping stay
 * consistent. Builders take plain values and return an OutgoingMail for MailService.
 */

export interface Letter {
  to: string;
  subject: string;
  /** Paragraphs of plain text; each becomes a <p> in the HTML body (escaped). */
  paragraphs: string[];
  /** A one-time code, shown on its own line (first in the text, so it is easy to find and copy). */
  code?: string;
  /** A link at the end, e.g. to the settings page. */
  link?: { label: string; url: string };
}

const SIGNATURE = '— Vantage';
const NOT_YOU = 'If this was not you, change your password at once and contact support.';

export function composeLetter(letter: Letter): OutgoingMail {
  const text = [
    ...(letter.code ? [letter.code, ''] : []),
    ...letter.paragraphs.flatMap((p) => [p, '']),
    ...(letter.link ? [`${letter.link.label}: ${letter.link.url}`, ''] : []),
    SIGNATURE,
  ].join('\n');
  const html = [
    ...(letter.code
      ? [`<p style="font-size:24px;font-weight:bold;letter-spacing:4px;font-family:monospace">${escapeHtml(letter.code)}</p>`]
      : []),
    ...letter.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`),
    ...(letter.link ? [`<p><a href="${escapeHtml(letter.link.url)}">${escapeHtml(letter.link.label)}</a></p>`] : []),
    `<p>${escapeHtml(SIGNATURE)}</p>`,
  ].join('\n');
  return { to: letter.to, subject: letter.subject, text, html };
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

const METHOD_NAMES: Record<TwoFactorMethod, string> = {
  email: 'codes sent by email',
  totp: 'an authenticator app',
};

function settingsLink(appUrl: string) {
  return { label: 'Review your security settings', url: `${appUrl}/settings` };
}

export function loginCodeMail(to: string, code: string, validMinutes: number): OutgoingMail {
  return composeLetter({
    to,
    subject: 'Your Vantage sign-in code',
    code,
    paragraphs: [
      `Enter this code to finish signing in to Vantage. It works once and expires in ${validMinutes} minutes.`,
      `Someone who knows your password just tried to sign in. ${NOT_YOU}`,
    ],
  });
}

export function stepUpCodeMail(to: string, code: string, validMinutes: number): OutgoingMail {
  return composeLetter({
    to,
    subject: 'Your Vantage confirmation code',
    code,
    paragraphs: [
      `Enter this code to confirm a sensitive action in Vantage (such as starting a support session). It works once and expires in ${validMinutes} minutes.`,
      `You asked for it while signed in. ${NOT_YOU}`,
    ],
  });
}

export function twoFactorEnabledMail(to: string, method: TwoFactorMethod, appUrl: string): OutgoingMail {
  return composeLetter({
    to,
    subject: 'Two-factor authentication is on',
    paragraphs: [
      `Two-factor authentication is now on for your Vantage account, using ${METHOD_NAMES[method]}. Every sign-in will ask for a code as well as your password.`,
      `Your other sessions were signed out. ${NOT_YOU}`,
    ],
    link: settingsLink(appUrl),
  });
}

export function twoFactorDisabledMail(to: string, appUrl: string): OutgoingMail {
  return composeLetter({
    to,
    subject: 'Two-factor authentication was turned off',
    paragraphs: [
      'Two-factor authentication was turned off for your Vantage account. Signing in now needs only your password.',
      `Your other sessions were signed out. ${NOT_YOU}`,
    ],
    link: settingsLink(appUrl),
  });
}

export function twoFactorMethodChangedMail(to: string, from: TwoFactorMethod, method: TwoFactorMethod, appUrl: string): OutgoingMail {
  const sameMethod = from === method;
  return composeLetter({
    to,
    subject: sameMethod ? 'A new authenticator app was set up' : 'Your two-factor method changed',
    paragraphs: [
      sameMethod
        ? 'A new authenticator app was set up for your Vantage account; the previous one no longer works, and new recovery codes replace the old ones.'
        : `Your Vantage account now uses ${METHOD_NAMES[method]} for two-factor authentication, instead of ${METHOD_NAMES[from]}.`,
      `Your other sessions were signed out. ${NOT_YOU}`,
    ],
    link: settingsLink(appUrl),
  });
}

export function recoveryCodeUsedMail(to: string, remaining: number, appUrl: string): OutgoingMail {
  return composeLetter({
    to,
    subject: 'A recovery code was used to sign in',
    paragraphs: [
      `A recovery code was just used to sign in to your Vantage account. ${remaining} unused recovery code${remaining === 1 ? '' : 's'} remain.`,
      'Set up your authenticator app again to get a fresh set of codes.',
      NOT_YOU,
    ],
    link: settingsLink(appUrl),
  });
}

export function passwordChangedMail(to: string, appUrl: string): OutgoingMail {
  return composeLetter({
    to,
    subject: 'Your Vantage password was changed',
    paragraphs: ['The password of your Vantage account was just changed, and your other sessions were signed out.', NOT_YOU],
    link: settingsLink(appUrl),
  });
}

export function passwordResetDoneMail(to: string, appUrl: string): OutgoingMail {
  return composeLetter({
    to,
    subject: 'Your Vantage password was reset',
    paragraphs: [
      'The password of your Vantage account was just reset with a link sent to this address. Every session was signed out; two-factor authentication, if it is on, still applies when you sign in.',
      'If this was not you, reset your password again at once and contact support.',
    ],
    link: { label: 'Sign in', url: `${appUrl}/sign-in` },
  });
}

export function passwordResetLinkMail(to: string, url: string, validMinutes: number): OutgoingMail {
  return composeLetter({
    to,
    subject: 'Reset your Vantage password',
    paragraphs: [
      `Someone asked to reset the password of the Vantage account for this address. The link below works once, for ${validMinutes} minutes; asking again replaces it.`,
      'If this was not you, ignore this email: your password stays as it is.',
    ],
    link: { label: 'Choose a new password', url },
  });
}

export function invitationMail(input: {
  to: string;
  teamName: string;
  inviterName: string;
  role: string;
  url: string;
  validDays: number;
}): OutgoingMail {
  return composeLetter({
    to: input.to,
    subject: `${input.inviterName} invited you to ${input.teamName} on Vantage`,
    paragraphs: [
      `${input.inviterName} invited you to join the team "${input.teamName}" on Vantage as ${input.role === 'owner' ? 'an owner' : 'a member'}.`,
      `The link works once, for ${input.validDays} days. If you have no Vantage account yet, you can create one from it.`,
      'If you did not expect this invitation, ignore this email.',
    ],
    link: { label: 'Accept the invitation', url: input.url },
  });
}

export function removedFromTeamMail(to: string, teamName: string, appUrl: string): OutgoingMail {
  return composeLetter({
    to,
    subject: `You were removed from ${teamName} on Vantage`,
    paragraphs: [
      `An owner of the team "${teamName}" removed you from it. You no longer see its businesses, leads and audit log; your other teams are unchanged.`,
      'If you think this is a mistake, ask an owner of the team to invite you again.',
    ],
    link: { label: 'Open Vantage', url: appUrl },
  });
}

export function recoveryCodesReplacedMail(to: string, appUrl: string): OutgoingMail {
  return composeLetter({
    to,
    subject: 'New recovery codes for your Vantage account',
    paragraphs: ['New recovery codes were made for your Vantage account; the earlier ones no longer work.', NOT_YOU],
    link: settingsLink(appUrl),
  });
}

export function passkeyAddedMail(to: string, name: string, appUrl: string): OutgoingMail {
  return composeLetter({
    to,
    subject: 'A passkey was added to your Vantage account',
    paragraphs: [`A passkey named "${name}" was added to your Vantage account. It can now be used instead of a two-factor code.`, NOT_YOU],
    link: settingsLink(appUrl),
  });
}

export function passkeyRemovedMail(to: string, name: string, appUrl: string): OutgoingMail {
  return composeLetter({
    to,
    subject: 'A passkey was removed from your Vantage account',
    paragraphs: [`The passkey named "${name}" was removed from your Vantage account and can no longer be used to sign in.`, NOT_YOU],
    link: settingsLink(appUrl),
  });
}

export function twoFactorResetBySupportMail(to: string, reason: string, appUrl: string): OutgoingMail {
  return composeLetter({
    to,
    subject: 'Vantage support turned off your two-factor authentication',
    paragraphs: [
      'A Vantage administrator turned off two-factor authentication for your account and removed your authenticator app, recovery codes and passkeys. Every session was signed out.',
      `The reason given: ${reason}`,
      'Sign in with your password and turn two-factor authentication on again in your settings. If you did not ask for this, contact support at once.',
    ],
    link: settingsLink(appUrl),
  });
}
