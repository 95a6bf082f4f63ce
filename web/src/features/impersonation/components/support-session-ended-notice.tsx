import { Alert } from '@mantine/core';
import type { ImpersonationEndReason } from '@vantage/contracts';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router-dom';
import { ShieldIcon } from '@/components/icons';
import { paths } from '@/config/paths';
import { useCurrentUser, type SupportSessionEnded } from '@/lib/current-user';

/** Why the session ended, as the end of "Your support session in Acme ended: …". */
function whyItEnded(endReason: ImpersonationEndReason, userName: string | null): string {
  switch (endReason) {
    case 'ended_by_user':
      return `${userName ?? 'the person you were helping'} ended it`;
    case 'ended_by_admin':
      return 'a super admin ended it';
    case 'revoked':
      return 'access was revoked';
    case 'expired':
      return 'its time ran out';
    case 'cancelled':
      return 'it was ended from another tab';
  }
}

/** "Your support session in Acme ended: Ada Lovelace ended it." */
export function supportSessionEndedSentence({ endReason, teamName, userName }: SupportSessionEnded): string {
  const where = teamName ? ` in ${teamName}` : '';
  return `Your support session${where} ended: ${whyItEnded(endReason, userName)}.`;
}

/**
 * After someone else ended the admin's support session, the app is back in the admin's own account: this
 * takes them to the Teams List (the customer's page they were on is not theirs) and says what happened,
 * until they close it or start another session.
 */
export function SupportSessionEndedNotice() {
  const { supportSessionEnded, dismissSupportSessionEnded } = useCurrentUser();
  const navigate = useNavigate();
  const shownFor = useRef<SupportSessionEnded | null>(null);

  useEffect(() => {
    if (!supportSessionEnded || shownFor.current === supportSessionEnded) return;
    shownFor.current = supportSessionEnded;
    void navigate(paths.adminTeams, { replace: true });
  }, [supportSessionEnded, navigate]);

  if (!supportSessionEnded) return null;
  return (
    <Alert
      role="status"
      color="indigo"
      title="Back in your own account"
      icon={<ShieldIcon size={18} />}
      withCloseButton
      closeButtonLabel="Dismiss"
      onClose={dismissSupportSessionEnded}
      mb="lg"
    >
      {supportSessionEndedSentence(supportSessionEnded)}
    </Alert>
  );
}
