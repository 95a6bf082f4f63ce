import { useDocumentTitle } from '@mantine/hooks';
import { useParams } from 'react-router-dom';
import { PageLoader } from '@/components/page-loader';
import { InvitationLanding } from '@/features/teams/components/invitation-landing';
import { useCurrentUser } from '@/lib/current-user';
import { AuthLayout } from '../../layout/auth-layout';
import { SessionUnavailable } from '../session-unavailable';

/** `/invitations/:token`, the link in the invitation email: public, for people with and without an account. */
export default function InvitationPage() {
  const { token = '' } = useParams();
  const { status } = useCurrentUser();
  useDocumentTitle('Invitation · Vantage');

  // Who is reading decides what the page offers: wait until the session is known.
  if (status === 'restoring') return <PageLoader fullScreen label="Restoring your session…" />;
  if (status === 'unavailable') return <SessionUnavailable />;
  return (
    <AuthLayout>
      <InvitationLanding token={token} />
    </AuthLayout>
  );
}
