import { Button, Group, PasswordInput, Stack } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ErrorCode } from '@vantage/contracts';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/error-alert';
import { RestrictedFieldset, RestrictionNote } from '@/components/restriction';
import { isApiClientError } from '@/lib/api-client';
import { formatDuration } from '@/lib/format';
import { useRestriction } from '@/lib/restrictions';
import { useForm } from '@/lib/use-form';
import { collectErrors, newPasswordError, NEW_PASSWORD_HELP } from '@/lib/validation';
import { useChangePassword } from '../api/change-password';

interface PasswordValues extends Record<string, string> {
  currentPassword: string;
  newPassword: string;
  confirmPassword: string;
}

function validatePasswords(values: PasswordValues) {
  return collectErrors({
    currentPassword: values.currentPassword ? undefined : 'Enter your current password.',
    newPassword: newPasswordError(values.newPassword),
    confirmPassword: values.confirmPassword === values.newPassword ? undefined : 'The two new passwords are not the same.',
  });
}

/** Needs the current password; the API signs out every other session of the account. */
export function ChangePasswordForm() {
  const restriction = useRestriction('change_password');
  const changePassword = useChangePassword();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm<PasswordValues>({
    initialValues: { currentPassword: '', newPassword: '', confirmPassword: '' },
    validate: validatePasswords,
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    changePassword.mutate(
      { currentPassword: form.values.currentPassword, newPassword: form.values.newPassword },
      {
        onSuccess: () => {
          form.reset();
          notifications.show({
            color: 'indigo',
            title: 'Password changed',
            message: 'Use the new password from now on. Your other sessions were signed out, and we emailed you about it.',
          });
        },
        onError: (error) => {
          if (isApiClientError(error) && error.code === ErrorCode.WRONG_PASSWORD) {
            form.setFieldError('currentPassword', error.sentence);
          } else if (!form.applyServerFieldErrors(error)) {
            setFormError(error);
          }
        },
      },
    );
  };

  const waitSeconds = isApiClientError(formError) ? formError.retryAfterSeconds : null;

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label="Change your password">
      <Stack gap="md">
        <RestrictionNote restriction={restriction} duringImpersonation="Only the account owner can change the password." />
        {formError !== null && (
          <ErrorAlert error={formError} title="Your password was not changed">
            {waitSeconds ? ` You can try again in ${formatDuration(waitSeconds)}.` : null}
          </ErrorAlert>
        )}
        <RestrictedFieldset restriction={restriction}>
          <Stack gap="md">
            {/* One column: side by side, the new password's help pushed its field below the repeated one. */}
            <PasswordInput {...form.field('currentPassword')} label="Current password" autoComplete="current-password" required maw={360} />
            <Stack gap="md" maw={360}>
              <PasswordInput
                {...form.field('newPassword')}
                label="New password"
                description={NEW_PASSWORD_HELP}
                autoComplete="new-password"
                required
              />
              <PasswordInput {...form.field('confirmPassword')} label="Repeat the new password" autoComplete="new-password" required />
            </Stack>
            <Group justify="flex-end">
              <Button type="submit" loading={changePassword.isPending} disabled={restriction !== null}>
                Change password
              </Button>
            </Group>
          </Stack>
        </RestrictedFieldset>
      </Stack>
    </form>
  );
}
