import type { ImpersonationMode } from '@vantage/contracts';
import type { OutgoingMail } from '../mail/mail.service';

/** The email a user receives when support starts working in their account (SPEC §4, transparency). */
export function impersonationStartedMail(input: {
  to: string;
  userFirstName: string;
  adminName: string;
  teamName: string;
  startedAt: Date;
  expiresAt: Date;
  reason: string | null;
  mode: ImpersonationMode;
  appUrl: string;
}): OutgoingMail {
  const when = input.startedAt.toUTCString();
  // Said in the first sentence: a person reading only that knows whether support can change anything.
  const how = input.mode === 'read' ? 'read-only access to' : 'working in';
  const reason = input.reason ?? 'No reason was given.';
  const settings = `${input.appUrl}/settings`;
  const text = [
    `Hello ${input.userFirstName},`,
    '',
    `${input.adminName} from the Vantage support team started ${how} your account (team "${input.teamName}") on ${when}.`,
    `Reason: ${reason}`,
    `The access ends at ${input.expiresAt.toUTCString()} at the latest. Everything support does is marked "Support team" in your audit log.`,
    '',
    `You can see every support access, and switch support access off, in your profile settings: ${settings}`,
  ].join('\n');
  const html = `<p>Hello ${escapeHtml(input.userFirstName)},</p>
<p><strong>${escapeHtml(input.adminName)}</strong> from the Vantage support team started ${how} your account (team “${escapeHtml(input.teamName)}”) on ${escapeHtml(when)}.</p>
<p>Reason: ${escapeHtml(reason)}</p>
<p>The access ends at ${escapeHtml(input.expiresAt.toUTCString())} at the latest. Everything support does is marked “Support team” in your audit log.</p>
<p>You can see every support access, and switch support access off, in your <a href="${escapeHtml(settings)}">profile settings</a>.</p>`;
  return { to: input.to, subject: 'Vantage support accessed your account', text, html };
}

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}
