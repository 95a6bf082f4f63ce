import { Alert, Anchor, Button, Stack, Text, TextInput, Title } from '@mantine/core';
import { ErrorCode, PASSWORD_RESET_MINUTES } from '@vantage/contracts';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { paths } from '@/config/paths';
import { isApiClientError } from '@/lib/api-client';
import { formatDuration } from '@/lib/format';
import { useForm } from '@/lib/use-form';
import { collectErrors, emailError } from '@/lib/validation';
import { useRequestPasswordReset } from '../api/request-password-reset';

/** The same words whatever the answer: the page must not tell whether an account has that email. */
export const RESET_LINK_SENT = `If an account exists for that email, we sent a link. It works for ${PASSWORD_RESET_MINUTES} minutes.`;

interface ForgotPasswordFormProps {
  /** Pre-filled from the sign-in form. */
  defaultEmail?: string;
  /** Extra help once a link was sent (e.g. a development mailbox link). */
  sentHelp?: ReactNode;
}

/** "Forgot password?": asks for the email and sends a reset link if it belongs to an account. */
export function ForgotPasswordForm({ defaultEmail = '', sentHelp }: ForgotPasswordFormProps) {
  const requestReset = useRequestPasswordReset();
  const [formError, setFormError] = useState<unknown>(null);
  const [sentTo, setSentTo] = useState<string | null>(null);
  const form = useForm({
    initialValues: { email: defaultEmail },
    validate: (values) => collectErrors({ email: emailError(values.email) }),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    const email = form.values.email.trim();
    requestReset.mutate(
      { email },
      {
        onSuccess: () => setSentTo(email),
        onError: (error) => {
          if (!form.applyServerFieldErrors(error)) setFormError(error);
        },
      },
    );
  };

  if (sentTo !== null) {
    return (
      <Stack gap="lg">
        <Title order={1} size="h2">
          Check your email
        </Title>
        <Alert color="indigo" title="Link sent" role="status">
          <Text size="sm">{RESET_LINK_SENT}</Text>
          <Text size="sm" mt="xs" style={{ overflowWrap: 'anywhere' }}>
            Look in the inbox of {sentTo}, and in its spam folder. Asking again sends a new link; the earlier one then stops working.
          </Text>
        </Alert>
        {sentHelp}
        <Stack gap="xs">
          <Button component={Link} to={paths.signIn} fullWidth>
            Back to sign in
          </Button>
          <Button variant="subtle" onClick={() => setSentTo(null)} fullWidth>
            Use another email
          </Button>
        </Stack>
      </Stack>
    );
  }

  const throttled = isApiClientError(formError) && formError.code === ErrorCode.PASSWORD_RESET_THROTTLED;
  const waitSeconds = isApiClientError(formError) ? formError.retryAfterSeconds : null;

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          Forgot your password?
        </Title>
        <Text c="dimmed" mt={4}>
          Enter the email you sign in with. We will email you a link to choose a new password.
        </Text>
      </div>

      {formError !== null && (
        <ErrorAlert error={formError} title={throttled ? 'Please wait' : 'We could not send a link'}>
          {waitSeconds ? ` You can try again in ${formatDuration(waitSeconds)}.` : null}
        </ErrorAlert>
      )}

      <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label="Reset your password">
        <Stack gap="md">
          <TextInput {...form.field('email')} label="Email" type="email" autoComplete="username" required />
          <Button type="submit" loading={requestReset.isPending} fullWidth mt="xs">
            Email me a link
          </Button>
        </Stack>
      </form>

      <Text size="sm" ta="center">
        Remembered it?{' '}
        <Anchor component={Link} to={paths.signIn} fw={600}>
          Back to sign in
        </Anchor>
      </Text>
    </Stack>
  );
}
