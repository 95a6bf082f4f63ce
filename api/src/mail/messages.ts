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
