import { Alert, Button, PasswordInput, Stack, Text, Title } from '@mantine/core';
import { ErrorCode, messageForErrorCode } from '@vantage/contracts';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { AlertIcon, CheckIcon } from '@/components/icons';
import { paths } from '@/config/paths';
import { isApiClientError } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/current-user';
import { useForm } from '@/lib/use-form';
import { collectErrors, newPasswordError, NEW_PASSWORD_HELP } from '@/lib/validation';
import { useConfirmPasswordReset } from '../api/confirm-password-reset';

export const PASSWORD_RESET_DONE = 'Your password was changed and every sign-in ended. Sign in with the new password.';

interface ResetValues extends Record<string, string> {
  password: string;
  confirmPassword: string;
}

/** `/reset-password/:token`: the new password, set with the emailed link. */
export function ResetPasswordForm({ token }: { token: string }) {
  const { status, reloadUser } = useCurrentUser();
  const confirmReset = useConfirmPasswordReset();
  const [formError, setFormError] = useState<unknown>(null);
  const [done, setDone] = useState(false);
  const form = useForm<ResetValues>({
    initialValues: { password: '', confirmPassword: '' },
    validate: (values) =>
      collectErrors({
        password: newPasswordError(values.password),
        confirmPassword: values.confirmPassword === values.password ? undefined : 'The two passwords are not the same.',
      }),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    confirmReset.mutate(
      { token, password: form.values.password },
      {
        onSuccess: () => {
          setDone(true);
          // Every session of that account ended — this browser's too, if it was signed in to it: find out,
          // so "Sign in" below leads to the sign-in form rather than into a session that is gone.
          if (status === 'signed-in') void reloadUser().catch(() => undefined);
        },
        onError: (error) => {
          if (isApiClientError(error) && error.fieldErrors.password) form.setFieldError('password', error.fieldErrors.password);
          else setFormError(error);
        },
      },
    );
  };

  if (done) {
    return (
      <Stack gap="lg">
        <Title order={1} size="h2">
          Password changed
        </Title>
        <Alert color="indigo" icon={<CheckIcon />} title="All set" role="status">
          {PASSWORD_RESET_DONE}
        </Alert>
        <Text size="sm" c="dimmed">
          If your account uses two-factor authentication, you are still asked for your code after the password.
        </Text>
        <Button component={Link} to={paths.signIn} fullWidth>
          Sign in
        </Button>
      </Stack>
    );
  }

  // A link cut short by a mail client has a malformed token (400 naming the field): the same dead link for a person.
  const linkInvalid =
    isApiClientError(formError) && (formError.code === ErrorCode.RESET_TOKEN_INVALID || Boolean(formError.fieldErrors.token));

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          Choose a new password
        </Title>
        <Text c="dimmed" mt={4}>
          Setting it signs you out everywhere: on every device, you sign in again with the new password.
        </Text>
      </div>

      {linkInvalid ? (
        <Alert color="red" icon={<AlertIcon />} title="This link cannot be used" role="alert">
          <Text size="sm">{messageForErrorCode(ErrorCode.RESET_TOKEN_INVALID)}</Text>
          <Button component={Link} to={paths.forgotPassword} variant="white" color="red.9" size="xs" mt="sm">
            Ask for a new link
          </Button>
        </Alert>
      ) : (
        formError !== null && <ErrorAlert error={formError} title="Your password was not changed" />
      )}

      <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label="Choose a new password">
        <Stack gap="md">
          <PasswordInput
            {...form.field('password')}
            label="New password"
            description={NEW_PASSWORD_HELP}
            autoComplete="new-password"
            required
          />
          <PasswordInput {...form.field('confirmPassword')} label="Repeat the new password" autoComplete="new-password" required />
          <Button type="submit" loading={confirmReset.isPending} fullWidth mt="xs">
            Change password
          </Button>
        </Stack>
      </form>
    </Stack>
  );
}
