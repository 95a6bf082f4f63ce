import type { OutgoingMail } from '../../mail/mail.service';
import { composeLetter } from '../../mail/messages';

/** The email an admin receives when the person whose account they were working in ends the session (SPEC §10). */
export function supportSessionEndedByUserMail(input: {
  to: string;
  userName: string;
  teamName: string | null;
  endedAt: Date;
  appUrl: string;
}): OutgoingMail {
  const where = input.teamName ? ` (team "${input.teamName}")` : '';
  return composeLetter({
    to: input.to,
    subject: `${input.userName} ended your support session`,
    paragraphs: [
      `${input.userName} ended your support session in their account${where} on ${input.endedAt.toUTCString()}. Its token no longer works.`,
      'To work in this account again, start a new session from the Teams List (under the team’s support access policy).',
    ],
    link: { label: 'Open the Teams List', url: `${input.appUrl}/admin/teams` },
  });
}
