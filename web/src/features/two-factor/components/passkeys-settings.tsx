import { Alert, Button, Group, Modal, PasswordInput, Skeleton, Stack, Text, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ErrorCode, PASSKEY_NAME_MAX_LENGTH, type Passkey } from '@vantage/contracts';
import { useEffect, useState, type FormEvent } from 'react';
import { ErrorAlert } from '@/components/error-alert';
import { KeyIcon } from '@/components/icons';
import { LoadError } from '@/components/list-states';
import { RestrictedButton } from '@/components/restricted-button';
import { RestrictionNote } from '@/components/restriction';
import { SettingsSection } from '@/components/settings-section';
import { isApiClientError } from '@/lib/api-client';
import { useSignedInUser } from '@/lib/current-user';
import { formatDate, formatDateTime } from '@/lib/format-date';
import { browserSupportsPasskeys, isPasskeyProblem, preloadPasskeys, readyPasskeyOptions, suggestedPasskeyName } from '@/lib/passkeys';
import { useRestriction } from '@/lib/restrictions';
import { useForm } from '@/lib/use-form';
import { useAddPasskey, useRegistrationOptions } from '../api/add-passkey';
import { usePasskeys } from '../api/get-passkeys';
import { useRemovePasskey } from '../api/remove-passkey';

const DESCRIPTION =
  'Confirm your sign-in with your fingerprint, face, device PIN or a security key instead of typing a code. Your codes keep working as the fallback.';

/**
 * Profile settings → passkeys, an extra second factor for accounts with two-factor on: the list (name,
 * added, last used), adding one through the browser's prompt, and removing one after the password.
 * Changing them is the account owner's alone: during an impersonation the controls say why they do nothing.
 */
export function PasskeysSettings() {
  const user = useSignedInUser();
  const restriction = useRestriction('change_two_factor');
  const enabled = user.isTwoFactorEnabled && user.impersonatedBy === null;
  const passkeys = usePasskeys({ enabled });
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<Passkey | null>(null);
  const supported = browserSupportsPasskeys();

  useEffect(() => {
    if (enabled && supported) preloadPasskeys();
  }, [enabled, supported]);

  if (!user.isTwoFactorEnabled) {
    return (
      <SettingsSection title="Passkeys" description={DESCRIPTION}>
        <Text size="sm">
          Turn on two-factor authentication first: a passkey is an extra way to confirm your sign-in, beside your codes.
        </Text>
      </SettingsSection>
    );
  }

  const renderList = () => {
    if (!enabled) return null;
    if (passkeys.isPending) {
      return (
        <Stack gap="xs" aria-busy="true" aria-label="Loading your passkeys">
          <Skeleton height={44} />
        </Stack>
      );
    }
    if (passkeys.isError) {
      return <LoadError error={passkeys.error} title="Could not load your passkeys" onRetry={() => void passkeys.refetch()} />;
    }
    const items = passkeys.data.items;
    if (items.length === 0) {
      return (
        <Text size="sm" c="dimmed">
          No passkeys yet.
        </Text>
      );
    }
    return (
      <Stack component="ul" gap={0} p={0} m={0} style={{ listStyle: 'none' }} aria-label="Your passkeys">
        {items.map((passkey) => (
          <Group
            component="li"
            key={passkey.id}
            justify="space-between"
            align="center"
            wrap="wrap"
            gap="sm"
            py="sm"
            style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
          >
            <Group gap="sm" wrap="nowrap" miw={0} style={{ flex: '1 1 260px' }}>
              <KeyIcon size={18} aria-hidden style={{ flexShrink: 0 }} />
              <Stack gap={2} miw={0}>
                <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {passkey.name}
                </Text>
                <Text size="xs" c="dimmed">
                  Added <time dateTime={passkey.createdAt}>{formatDate(passkey.createdAt)}</time> ·{' '}
                  {passkey.lastUsedAt ? (
                    <>
                      Last used <time dateTime={passkey.lastUsedAt}>{formatDateTime(passkey.lastUsedAt)}</time>
                    </>
                  ) : (
                    'Never used'
                  )}
                </Text>
              </Stack>
            </Group>
            <RestrictedButton
              restriction={restriction}
              variant="default"
              size="xs"
              onClick={() => setRemoving(passkey)}
              aria-label={`Remove passkey ${passkey.name}`}
            >
              Remove
            </RestrictedButton>
          </Group>
        ))}
      </Stack>
    );
  };

  return (
    <SettingsSection title="Passkeys" description={DESCRIPTION}>
      <Stack gap="sm">
        <RestrictionNote restriction={restriction} duringImpersonation="Only the account owner can add or remove passkeys." />
        {renderList()}
        {!supported ? (
          <Alert color="gray" title="This browser cannot use passkeys" icon={<KeyIcon />}>
            To add a passkey, open Vantage in a recent version of Chrome, Edge, Firefox or Safari. Your codes keep working here.
          </Alert>
        ) : adding && restriction === null ? (
          <AddPasskeyForm onDone={() => setAdding(false)} />
        ) : (
          <div>
            <RestrictedButton restriction={restriction} variant="light" onClick={() => setAdding(true)}>
              Add a passkey
            </RestrictedButton>
          </div>
        )}
      </Stack>
      <RemovePasskeyDialog passkey={removing} onClose={() => setRemoving(null)} />
    </SettingsSection>
  );
}

function AddPasskeyForm({ onDone }: { onDone: () => void }) {
  const add = useAddPasskey();
  const registrationOptions = useRegistrationOptions();
  const [problem, setProblem] = useState<unknown>(null);
  const form = useForm({
    initialValues: { passkeyName: suggestedPasskeyName() },
    validate: (values) => (values.passkeyName.trim() ? {} : { passkeyName: 'Give the passkey a name, such as the device it is on.' }),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setProblem(null);
    if (!form.validateAll()) return;
    const name = form.values.passkeyName.trim();
    add.mutate(
      { name, options: readyPasskeyOptions(registrationOptions) },
      {
        onSuccess: (passkey) => {
          notifications.show({
            color: 'indigo',
            title: 'Passkey added',
            message: `“${passkey.name}” can now confirm your sign-in. We emailed you about this change.`,
          });
          onDone();
        },
        onError: (error) => {
          // The challenge is spent by any try: have the next one ready.
          void registrationOptions.refetch();
          if (isApiClientError(error) && error.fieldErrors.name) {
            form.setFieldError('passkeyName', error.fieldErrors.name);
          } else {
            setProblem(error);
          }
        },
      },
    );
  };

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label="Add a passkey">
      <Stack gap="sm">
        <PasskeyProblemAlert error={problem} />
        <TextInput
          {...form.field('passkeyName')}
          label="Passkey name"
          description="So you can tell your passkeys apart later, e.g. the device or key it is on."
          maxLength={PASSKEY_NAME_MAX_LENGTH}
          maw={420}
          autoFocus
          autoComplete="off"
        />
        {add.isPending && (
          <Text size="sm" role="status" c="indigo.9">
            Follow your browser’s prompt to create the passkey.
          </Text>
        )}
        <Group gap="sm">
          <Button type="submit" loading={add.isPending}>
            Create passkey
          </Button>
          <Button variant="default" onClick={onDone} disabled={add.isPending}>
            Cancel
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Why the last try did not add a passkey. A closed prompt is the person's own choice, so it reads as a
 * calm note, not a failure; the API's refusals come in its own words.
 */
function PasskeyProblemAlert({ error }: { error: unknown }) {
  if (error === null) return null;
  if (isPasskeyProblem(error)) {
    const calm = error.kind === 'cancelled';
    return (
      <Alert
        color={calm ? 'gray' : 'red'}
        title={calm ? 'No passkey was added' : 'The passkey was not added'}
        role={calm ? 'status' : 'alert'}
      >
        {error.sentence}
      </Alert>
    );
  }
  return <ErrorAlert error={error} title="The passkey was not added" />;
}

function RemovePasskeyDialog({ passkey, onClose }: { passkey: Passkey | null; onClose: () => void }) {
  return (
    <Modal opened={passkey !== null} onClose={onClose} title="Remove passkey" centered>
      {passkey && <RemovePasskeyForm key={passkey.id} passkey={passkey} onClose={onClose} />}
    </Modal>
  );
}

function RemovePasskeyForm({ passkey, onClose }: { passkey: Passkey; onClose: () => void }) {
  const remove = useRemovePasskey();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({
    initialValues: { passkeyPassword: '' },
    validate: (values) => (values.passkeyPassword ? {} : { passkeyPassword: 'Enter your password.' }),
  });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    remove.mutate(
      { passkeyId: passkey.id, password: form.values.passkeyPassword },
      {
        onSuccess: () => {
          notifications.show({
            color: 'indigo',
            title: 'Passkey removed',
            message: `“${passkey.name}” no longer confirms your sign-in. We emailed you about this change.`,
          });
          onClose();
        },
        onError: (error) => {
          if (isApiClientError(error) && error.code === ErrorCode.WRONG_PASSWORD) {
            form.setFieldError('passkeyPassword', error.sentence);
          } else if (isApiClientError(error) && error.fieldErrors.password) {
            form.setFieldError('passkeyPassword', error.fieldErrors.password);
          } else {
            setFormError(error);
          }
        },
      },
    );
  };

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label={`Remove passkey ${passkey.name}`}>
      <Stack gap="md">
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          “{passkey.name}” will no longer confirm your sign-in. Your codes keep working. Enter your password to remove it.
        </Text>
        {formError !== null && <ErrorAlert error={formError} title="The passkey was not removed" />}
        <PasswordInput {...form.field('passkeyPassword')} label="Your password" autoComplete="current-password" data-autofocus />
        <Group justify="flex-end" gap="sm">
          <Button variant="default" onClick={onClose} disabled={remove.isPending}>
            Cancel
          </Button>
          <Button type="submit" color="red.8" loading={remove.isPending}>
            Remove passkey
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
