import { useDocumentTitle } from '@mantine/hooks';
import { useParams } from 'react-router-dom';
import { ResetPasswordForm } from '@/features/auth/components/reset-password-form';
import { AuthLayout } from '../../layout/auth-layout';

/** `/reset-password/:token`, the link in the password reset email. Public: it works signed in or not. */
export default function ResetPasswordPage() {
  const { token = '' } = useParams();
  useDocumentTitle('Choose a new password · Vantage');
  return (
    <AuthLayout>
      <ResetPasswordForm token={token} />
    </AuthLayout>
  );
}
