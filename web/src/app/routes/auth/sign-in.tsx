import { useDocumentTitle } from '@mantine/hooks';
import { useLocation } from 'react-router-dom';
import { SignInFlow } from '@/features/auth/components/sign-in-flow';
import { DevMailboxLink } from '@/features/dev-mailbox/components/dev-mailbox-link';
import { AuthLayout } from '../../layout/auth-layout';
import { emailFromState } from './email-from-state';

export default function SignInPage() {
  const location = useLocation();
  useDocumentTitle('Sign in · Vantage');
  return (
    <AuthLayout>
      <SignInFlow emailCodeHelp={<DevMailboxLink />} defaultEmail={emailFromState(location.state)} />
    </AuthLayout>
  );
}
