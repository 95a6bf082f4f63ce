import { Alert, Button, Group, PasswordInput, Stack, Text } from '@mantine/core';
import { ErrorCode, RECOVERY_CODE_COUNT, type TwoFactorStatus } from '@vantage/contracts';
import { useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/error-alert';
import { SettingsSection } from '@/components/settings-section';
import { RestrictionNote } from '@/components/restriction';
import { isApiClientError } from '@/lib/api-client';
import { useSignedInUser } from '@/lib/current-user';
import { formatDuration } from '@/lib/format';
import { formatDateTime } from '@/lib/format-date';
import { useRestriction } from '@/lib/restrictions';
import { useForm } from '@/lib/use-form';
import { useTwoFactorStatus } from '../api/get-two-factor-status';
import { useReplaceRecoveryCodes } from '../api/replace-recovery-codes';
import { RecoveryCodesPanel } from './recovery-codes-panel';

type Mode = { kind: 'overview' } | { kind: 'confirm' } | { kind: 'codes'; codes: string[] };

const DESCRIPTION =
  'Each recovery code signs you in once when you cannot get a two-factor code — a lost phone, an unreachable mailbox. Getting new ones makes every earlier code stop working.';

/** Profile settings → recovery codes, for accounts with two-factor on: ten new codes after the password, shown once. */
export function RecoveryCodesSettings() {
  const user = useSignedInUser();
  const restriction = useRestriction('new_recovery_codes');
  const [mode, setMode] = useState<Mode>({ kind: 'overview' });
  const status = useTwoFactorStatus({ enabled: user.isTwoFactorEnabled && user.impersonatedBy === null });

  if (!user.isTwoFactorEnabled) return null;

  const renderBody = () => {
    if (mode.kind === 'codes') {
      return (
        <RecoveryCodesPanel
          codes={mode.codes}
          email={user.email}
          method={user.twoFactorMethod ?? 'totp'}
          onDone={() => setMode({ kind: 'overview' })}
        />
      );
    }
    if (mode.kind === 'confirm') {
      return <NewCodesForm onCancel={() => setMode({ kind: 'overview' })} onCodes={(codes) => setMode({ kind: 'codes', codes })} />;
    }
    return (
      <Stack gap="sm" align="flex-start">
        {status.data && <RecoveryCodesLeft status={status.data} />}
        <RestrictionNote restriction={restriction} duringImpersonation="Only the account owner can get new recovery codes." />
        <Button variant="light" onClick={() => setMode({ kind: 'confirm' })} disabled={restriction !== null}>
          Get new recovery codes
        </Button>
      </Stack>
    );
  };

  return (
    <SettingsSection title="Recovery codes" description={DESCRIPTION}>
      {renderBody()}
    </SettingsSection>
  );
}

/** "7 of 10 recovery codes left", and a warning when one was used to sign in (the person may not have been the one). */
function RecoveryCodesLeft({ status }: { status: TwoFactorStatus }) {
  const left = status.recoveryCodesLeft ?? 0;
  return (
    <>
      {status.recoveryCodeUsedAt && (
        <Alert color="red" title="A recovery code was used to sign in" role="status" w="100%">
          On {formatDateTime(status.recoveryCodeUsedAt)}. If that was not you, change your password and get new recovery codes.
        </Alert>
      )}
      {left > 0 ? (
        <Text size="sm" fw={500}>
          {left} of {RECOVERY_CODE_COUNT} recovery codes left
        </Text>
      ) : (
        <Text size="sm" fw={500} c="red.8">
          No recovery codes left. Get new ones so you can still sign in without your phone or mailbox.
        </Text>
      )}
    </>
  );
}

function NewCodesForm({ onCancel, onCodes }: { onCancel: () => void; onCodes: (codes: string[]) => void }) {
  const replace = useReplaceRecoveryCodes();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { recoveryPassword: '' },
    validate: (values) => (values.recoveryPassword ? {} : { recoveryPassword: 'Enter your password.' }),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    replace.mutate(form.values.recoveryPassword, {
      onSuccess: (answer) => onCodes(answer.recoveryCodes),
      onError: (error) => {
        if (isApiClientError(error) && error.code === ErrorCode.WRONG_PASSWORD) {
          form.setFieldError('recoveryPassword', error.sentence);
        } else if (isApiClientError(error) && error.fieldErrors.password) {
          form.setFieldError('recoveryPassword', error.fieldErrors.password);
        } else {
          setFormError(error);
        }
      },
    });
  };

  const waitSeconds = isApiClientError(formError) ? formError.retryAfterSeconds : null;

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label="Get new recovery codes">
      <Stack gap="sm">
        <Text size="sm">Enter your password. Your current recovery codes stop working as soon as the new ones are made.</Text>
        {formError !== null && (
          <ErrorAlert error={formError} title="No new codes were made">
            {waitSeconds ? ` You can try again in ${formatDuration(waitSeconds)}.` : null}
          </ErrorAlert>
        )}
        <PasswordInput {...form.field('recoveryPassword')} label="Your password" autoComplete="current-password" maw={360} autoFocus />
        <Group gap="sm">
          <Button type="submit" loading={replace.isPending}>
            Get new codes
          </Button>
          <Button variant="default" onClick={onCancel} disabled={replace.isPending}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
