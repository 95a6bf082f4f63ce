import { Alert, Anchor, Button, PasswordInput, Stack, Text, TextInput, Title } from '@mantine/core';
import { ErrorCode, messageForErrorCode } from '@vantage/contracts';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { paths } from '@/config/paths';
import { isApiClientError } from '@/lib/api-client';
import { type SignedOutReason } from '@/lib/current-user';
import { formatDuration } from '@/lib/format';
import { useForm } from '@/lib/use-form';
import { collectErrors, emailError, requiredText } from '@/lib/validation';
import { useLogin, type LoginResponse } from '../api/login';

interface SignInFormProps {
  /** Why the person was sent here (an ended session or impersonation), if they were. */
  signedOutReason: SignedOutReason | null;
  onSuccess: (response: LoginResponse, email: string) => void;
  /** Pre-fills the email when coming back from the code step. */
  defaultEmail?: string;
}

const SIGNED_OUT_NOTICES: Record<SignedOutReason, { title: string; message: string; color: string }> = {
  'impersonation-ended': {
    title: 'Impersonation ended',
    message: `${messageForErrorCode(ErrorCode.IMPERSONATION_ENDED)} Sign in to continue with your own account.`,
    color: 'indigo',
  },
  'impersonation-expired': {
    title: 'Support session over',
    message: 'Your support session ended: the 30 minutes ran out. Sign in to continue with your own account.',
    color: 'indigo',
  },
  'session-expired': {
    title: 'Signed out',
    message: messageForErrorCode(ErrorCode.SESSION_EXPIRED) ?? 'Your session has ended. Please sign in again.',
    color: 'indigo',
  },
  'signed-out': { title: 'Signed out', message: 'You have signed out of Vantage.', color: 'gray' },
};

/** First step of signing in: email and password. */
export function SignInForm({ signedOutReason, onSuccess, defaultEmail = '' }: SignInFormProps) {
  const loginMutation = useLogin();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { email: defaultEmail, password: '' },
    validate: (values) => collectErrors({ email: emailError(values.email), password: requiredText(values.password, 'your password') }),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    const email = form.values.email.trim();
    loginMutation.mutate(
      { email, password: form.values.password },
      {
        onSuccess: (response) => onSuccess(response, email),
        onError: (error) => {
          if (!form.applyServerFieldErrors(error)) setFormError(error);
        },
      },
    );
  };

  const notice = signedOutReason && !formError ? SIGNED_OUT_NOTICES[signedOutReason] : null;
  const waitSeconds = isApiClientError(formError) ? formError.retryAfterSeconds : null;

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          Sign in to Vantage
        </Title>
        <Text c="dimmed" mt={4}>
          Welcome back. Enter your email and password.
        </Text>
      </div>

      {notice && (
        <Alert color={notice.color} title={notice.title} role="status">
          {notice.message}
        </Alert>
      )}
      {formError !== null && (
        <ErrorAlert error={formError} title="Could not sign in">
          {waitSeconds ? ` You can try again in ${formatDuration(waitSeconds)}.` : null}
        </ErrorAlert>
      )}

      <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label="Sign in">
        <Stack gap="md">
          <TextInput {...form.field('email')} label="Email" type="email" autoComplete="username" required />
          <PasswordInput {...form.field('password')} label="Password" autoComplete="current-password" required />
          <Anchor
            component={Link}
            to={paths.forgotPassword}
            state={{ email: form.values.email.trim() }}
            size="sm"
            fw={600}
            ta="right"
            mt={-8}
          >
            Forgot password?
          </Anchor>
          <Button type="submit" loading={loginMutation.isPending} fullWidth mt="xs">
            Sign in
          </Button>
        </Stack>
      </form>

      <Text size="sm" ta="center">
        New to Vantage?{' '}
        <Anchor component={Link} to={paths.register} fw={600}>
          Create an account
        </Anchor>
      </Text>
    </Stack>
  );
}
