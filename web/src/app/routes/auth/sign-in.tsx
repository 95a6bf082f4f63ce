import { useDocumentTitle } from '@mantine/hooks';
import { SignInFlow } from '@/features/auth/components/sign-in-flow';
import { DevMailboxLink } from '@/features/dev-mailbox/components/dev-mailbox-link';
import { AuthLayout } from '../../layout/auth-layout';

export default function SignInPage() {
  useDocumentTitle('Sign in · Vantage');
  return (
    <AuthLayout>
      <SignInFlow emailCodeHelp={<DevMailboxLink />} />
    </AuthLayout>
  );
}
