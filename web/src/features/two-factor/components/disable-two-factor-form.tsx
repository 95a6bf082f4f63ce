import { Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { ErrorCode } from '@vantage/contracts';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/error-alert';
import { isApiClientError } from '@/lib/api-client';
import { formatDuration } from '@/lib/format';
import { useForm } from '@/lib/use-form';
import { useDisableTwoFactor } from '../api/disable-two-factor';

interface DisableTwoFactorFormProps {
  onDisabled: () => void;
  onCancel: () => void;
}

/** Turning 2FA off asks for the account password, so an unattended session cannot do it. */
export function DisableTwoFactorForm({ onDisabled, onCancel }: DisableTwoFactorFormProps) {
  const disable = useDisableTwoFactor();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { disablePassword: '' },
    validate: (values) => (values.disablePassword ? {} : { disablePassword: 'Enter your password.' }),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    disable.mutate(form.values.disablePassword, {
      onSuccess: onDisabled,
      onError: (error) => {
        if (isApiClientError(error) && error.code === ErrorCode.WRONG_PASSWORD) {
          form.setFieldError('disablePassword', error.sentence);
        } else if (isApiClientError(error) && error.fieldErrors.password) {
          form.setFieldError('disablePassword', error.fieldErrors.password);
        } else {
          setFormError(error);
        }
      },
    });
  };

  const waitSeconds = isApiClientError(formError) ? formError.retryAfterSeconds : null;

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label="Turn off two-factor authentication">
      <Stack gap="sm">
        <Text size="sm">
          Without two-factor authentication, your password alone opens your account. Your other sessions are signed out. Enter your password
          to confirm.
        </Text>
        {formError !== null && (
          <ErrorAlert error={formError} title="Two-factor is still on">
            {waitSeconds ? ` You can try again in ${formatDuration(waitSeconds)}.` : null}
          </ErrorAlert>
        )}
        <PasswordInput {...form.field('disablePassword')} label="Your password" autoComplete="current-password" maw={360} autoFocus />
        <Group gap="sm">
          <Button type="submit" color="red.8" loading={disable.isPending}>
            Turn off two-factor
          </Button>
          <Button variant="default" onClick={onCancel} disabled={disable.isPending}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
