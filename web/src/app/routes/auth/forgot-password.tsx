import { useDocumentTitle } from '@mantine/hooks';
import { useLocation } from 'react-router-dom';
import { ForgotPasswordForm } from '@/features/auth/components/forgot-password-form';
import { DevMailboxLink } from '@/features/dev-mailbox/components/dev-mailbox-link';
import { AuthLayout } from '../../layout/auth-layout';
import { emailFromState } from './email-from-state';

/** `/forgot-password`, from "Forgot password?" on the sign-in form. */
export default function ForgotPasswordPage() {
  const location = useLocation();
  useDocumentTitle('Forgot your password · Vantage');
  return (
    <AuthLayout>
      <ForgotPasswordForm defaultEmail={emailFromState(location.state)} sentHelp={<DevMailboxLink />} />
    </AuthLayout>
  );
}
