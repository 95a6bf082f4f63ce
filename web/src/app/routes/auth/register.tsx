import { useDocumentTitle } from '@mantine/hooks';
import { RegisterForm } from '@/features/auth/components/register-form';
import { AuthLayout } from '../../layout/auth-layout';

export default function RegisterPage() {
  useDocumentTitle('Create your account · Vantage');
  return (
    <AuthLayout>
      <RegisterForm />
    </AuthLayout>
  );
}
