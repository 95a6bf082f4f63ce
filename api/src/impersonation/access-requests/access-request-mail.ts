import type { ImpersonationMode } from '@vantage/contracts';
import type { OutgoingMail } from '../../mail/mail.service';
import { composeLetter } from '../../mail/messages';

/** The emails of access requests (SPEC §10): asked, approved, denied, revoked. */

const MODE_WORDS: Record<ImpersonationMode, string> = {
  read: 'read-only (nothing can be changed)',
  write: 'read and write (changes can be made)',
};

/** How long, in words: "45 minutes", "2 hours", "1 hour 30 minutes". */
export function durationInWords(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  const part = (n: number, unit: string) => `${n} ${unit}${n === 1 ? '' : 's'}`;
  return [hours ? part(hours, 'hour') : '', rest || !hours ? part(rest, 'minute') : ''].filter(Boolean).join(' ');
}

export function accessRequestLink(appUrl: string, requestId: string): string {
  return `${appUrl}/access-requests/${requestId}`;
}

/** To the person concerned and each owner of the team: support asks for access; answer from the link. */
export function accessRequestedMail(input: {
  to: string;
  firstName: string;
  isTheUser: boolean;
  adminName: string;
  userName: string;
  teamName: string;
  reason: string;
  mode: ImpersonationMode;
  durationMinutes: number;
  url: string;
}): OutgoingMail {
  const whose = input.isTheUser ? 'your account' : `the account of ${input.userName}`;
  return composeLetter({
    to: input.to,
    subject: `Vantage support asks for access to ${input.teamName}`,
    paragraphs: [
      `Hello ${input.firstName},`,
      `${input.adminName} from the Vantage support team asks for access to ${whose} in the team "${input.teamName}".`,
      `Reason: ${input.reason}`,
      `Access asked for: ${MODE_WORDS[input.mode]}, for ${durationInWords(input.durationMinutes)} from the moment it is approved.`,
      'Nothing happens until you or another owner of the team approves it. You can approve it for a shorter time, or deny it; an approval can be revoked at any time, which ends any support session at once.',
    ],
    link: { label: 'Answer the request', url: input.url },
  });
}

/** To the admin who asked: the request was approved, denied or revoked. */
export function accessRequestDecidedMail(input: {
  to: string;
  decision: 'approved' | 'denied' | 'revoked';
  deciderName: string;
  userName: string;
  teamName: string;
  mode: ImpersonationMode;
  expiresAt: Date | null;
  url: string;
}): OutgoingMail {
  const about = `${input.userName} in the team "${input.teamName}"`;
  const paragraphs = {
    approved: [
      `${input.deciderName} approved your request for access to ${about}.`,
      `Access: ${MODE_WORDS[input.mode]}, until ${input.expiresAt?.toUTCString() ?? ''}. Each session still needs a fresh two-factor code, lasts at most 30 minutes and ends with the window.`,
    ],
    denied: [`${input.deciderName} denied your request for access to ${about}.`],
    revoked: [`${input.deciderName} revoked your access to ${about}. Any support session running under it has ended.`],
  }[input.decision];
  return composeLetter({
    to: input.to,
    subject: `Your access request to ${input.teamName} was ${input.decision}`,
    paragraphs,
    link: { label: 'Your access requests', url: input.url },
  });
}

/**
 * To the person concerned when someone else decided on their behalf: an owner of the team, or the
 * admin who asked giving the access back before it ran out.
 */
export function accessDecidedForYouMail(input: {
  to: string;
  firstName: string;
  decision: 'approved' | 'denied' | 'revoked';
  /** `requester`: the admin who asked revoked their own access. */
  decidedAs: 'owner' | 'requester';
  deciderName: string;
  adminName: string;
  teamName: string;
  mode: ImpersonationMode;
  expiresAt: Date | null;
  url: string;
}): OutgoingMail {
  const what = {
    approved: `approved access by ${input.adminName} from Vantage support to your account in the team "${input.teamName}": ${MODE_WORDS[input.mode]}, until ${input.expiresAt?.toUTCString() ?? ''}.`,
    denied: `denied the request of ${input.adminName} from Vantage support for access to your account in the team "${input.teamName}".`,
    revoked: `revoked the access of ${input.adminName} from Vantage support to your account in the team "${input.teamName}". Any support session running under it has ended.`,
  }[input.decision];
  const sentence =
    input.decidedAs === 'requester'
      ? `${input.adminName} from Vantage support gave back the access to your account in the team "${input.teamName}" before it ran out. Any support session running under it has ended.`
      : `${input.deciderName}, an owner of the team, ${what}`;
  return composeLetter({
    to: input.to,
    subject: `Support access to your account was ${input.decision}`,
    paragraphs: [
      `Hello ${input.firstName},`,
      sentence,
      ...(input.decision === 'approved' ? ['You can revoke this access at any time; that ends any support session at once.'] : []),
    ],
    link: { label: 'See the request', url: input.url },
  });
}
