import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TotpSetup, TwoFactorMethod } from '@vantage/contracts';
import { useState, type ReactNode } from 'react';
import { ErrorAlert } from '@/components/error-alert';
import { KeyIcon, ShieldIcon } from '@/components/icons';
import { SettingsSection } from '@/components/settings-section';
import { useSignedInUser } from '@/lib/current-user';
import { isRefusedDuringImpersonation, useRestriction } from '@/lib/restrictions';
import { useEnableTwoFactor } from '../api/enable-two-factor';
import { useStartTotpSetup } from '../api/start-totp-setup';
import { DisableTwoFactorForm } from './disable-two-factor-form';
import { RecoveryCodesPanel } from './recovery-codes-panel';
import { TotpSetupPanel } from './totp-setup-panel';

/** What the panel is doing besides showing the current state. */
type Mode =
  { kind: 'overview' } | { kind: 'totp-setup'; setup: TotpSetup } | { kind: 'recovery-codes'; codes: string[] } | { kind: 'disable' };

const METHOD_SENTENCES: Record<TwoFactorMethod, string> = {
  totp: 'You sign in with your password and a code from your authenticator app.',
  email: 'You sign in with your password and a 6-digit code we email you.',
};

const DESCRIPTION =
  'A second step after your password, so a stolen password alone cannot open your account. Changing it signs out your other sessions.';

/**
 * Profile settings → two-factor authentication: turn on email codes or an authenticator app (QR
 * code, confirm a code, recovery codes shown once), switch method, or turn it off with the password.
 * The state shown is the current user's (`isTwoFactorEnabled`, `twoFactorMethod`), which each change
 * re-reads from the API.
 */
export function TwoFactorSettings() {
  const user = useSignedInUser();
  const restriction = useRestriction('change_two_factor');
  const { isTwoFactorEnabled: enabled, twoFactorMethod: method } = user;
  const startSetup = useStartTotpSetup();
  const enable = useEnableTwoFactor();
  const [mode, setMode] = useState<Mode>({ kind: 'overview' });
  const [actionError, setActionError] = useState<unknown>(null);

  if (restriction) {
    const duringImpersonation = isRefusedDuringImpersonation(restriction);
    return (
      <SettingsSection title="Two-factor authentication" description={DESCRIPTION}>
        <StatusLine enabled={enabled} method={method} />
        <Alert
          color="gray"
          icon={<ShieldIcon />}
          title={duringImpersonation ? 'Locked during support access' : 'Two-factor settings are locked'}
        >
          {restriction.message}
          {duringImpersonation && ' Only the account owner can change two-factor authentication.'}
        </Alert>
      </SettingsSection>
    );
  }

  const beginTotpSetup = () => {
    setActionError(null);
    startSetup.mutate(undefined, {
      onSuccess: (setup) => setMode({ kind: 'totp-setup', setup }),
      onError: setActionError,
    });
  };

  const turnOnEmailCodes = (switching: boolean) => {
    setActionError(null);
    enable.mutate(
      { method: 'email' },
      {
        onSuccess: () =>
          notifications.show({
            color: 'indigo',
            title: switching ? 'Switched to email codes' : 'Two-factor authentication is on',
            message: switching
              ? `We will email a code to ${user.email} when you sign in. Your authenticator app no longer works for Vantage.`
              : `From now on we email a 6-digit code to ${user.email} each time you sign in.`,
          }),
        onError: setActionError,
      },
    );
  };

  const renderBody = () => {
    if (mode.kind === 'totp-setup') {
      return (
        <TotpSetupPanel
          setup={mode.setup}
          currentMethod={enabled ? method : null}
          onConfirmed={(status) => setMode({ kind: 'recovery-codes', codes: status.recoveryCodes ?? [] })}
          onCancel={() => setMode({ kind: 'overview' })}
          onRestart={beginTotpSetup}
        />
      );
    }

    if (mode.kind === 'recovery-codes') {
      return (
        <Stack gap="md">
          <StatusLine enabled={enabled} method={method} />
          <RecoveryCodesPanel codes={mode.codes} email={user.email} onDone={() => setMode({ kind: 'overview' })} />
        </Stack>
      );
    }

    if (mode.kind === 'disable') {
      return (
        <Stack gap="md">
          <StatusLine enabled={enabled} method={method} />
          <DisableTwoFactorForm
            onCancel={() => setMode({ kind: 'overview' })}
            onDisabled={() => {
              setMode({ kind: 'overview' });
              notifications.show({
                color: 'indigo',
                title: 'Two-factor authentication is off',
                message: 'Your password alone now signs you in. Your other sessions were signed out, and we emailed you about this change.',
              });
            }}
          />
        </Stack>
      );
    }

    const busy = startSetup.isPending || enable.isPending;
    return (
      <Stack gap="md">
        <StatusLine enabled={enabled} method={method} />
        {actionError !== null && <ErrorAlert error={actionError} title="Two-factor settings were not changed" />}
        {!enabled ? (
          <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
            <MethodChoice
              title="Authenticator app"
              badge="Recommended"
              description="Codes from an app on your phone. They work offline and cannot be intercepted by email."
            >
              <Button onClick={beginTotpSetup} loading={startSetup.isPending} disabled={busy}>
                Set up an authenticator app
              </Button>
            </MethodChoice>
            <MethodChoice title="Email codes" description={`A 6-digit code sent to ${user.email} each time you sign in.`}>
              <Button variant="light" onClick={() => turnOnEmailCodes(false)} loading={enable.isPending} disabled={busy}>
                Use email codes
              </Button>
            </MethodChoice>
          </SimpleGrid>
        ) : (
          <Group gap="sm" wrap="wrap">
            {method === 'email' ? (
              <Button variant="light" onClick={beginTotpSetup} loading={startSetup.isPending} disabled={busy}>
                Switch to an authenticator app
              </Button>
            ) : (
              <>
                <Button variant="light" onClick={beginTotpSetup} loading={startSetup.isPending} disabled={busy}>
                  Set up a new authenticator app
                </Button>
                <Button variant="default" onClick={() => turnOnEmailCodes(true)} loading={enable.isPending} disabled={busy}>
                  Switch to email codes
                </Button>
              </>
            )}
            <Button
              variant="outline"
              color="red"
              onClick={() => {
                setActionError(null);
                setMode({ kind: 'disable' });
              }}
              disabled={busy}
            >
              Turn off two-factor
            </Button>
          </Group>
        )}
      </Stack>
    );
  };

  return (
    <SettingsSection title="Two-factor authentication" description={DESCRIPTION}>
      {renderBody()}
    </SettingsSection>
  );
}

function StatusLine({ enabled, method }: { enabled: boolean; method: TwoFactorMethod | null }) {
  return (
    <Group gap="sm" wrap="nowrap" align="center" role="status" aria-live="polite">
      {/* Its full word even next to a sentence that wraps on a phone (squeezed, it read "C"). */}
      <Badge
        variant={enabled ? 'filled' : 'light'}
        color={enabled ? 'indigo' : 'red'}
        radius="sm"
        leftSection={<KeyIcon size={12} />}
        style={{ flexShrink: 0 }}
      >
        {enabled ? 'On' : 'Off'}
      </Badge>
      <Text size="sm">
        {enabled && method ? METHOD_SENTENCES[method] : 'Two-factor authentication is off: your password alone signs you in.'}
      </Text>
    </Group>
  );
}

function MethodChoice({
  title,
  description,
  badge,
  children,
}: {
  title: string;
  description: string;
  badge?: string;
  children: ReactNode;
}) {
  return (
    <Card withBorder radius="md" padding="md">
      <Stack gap="sm" h="100%" justify="space-between">
        <div>
          <Group gap="xs">
            <Title order={3} size="h5">
              {title}
            </Title>
            {badge && (
              <Badge variant="light" color="indigo" radius="sm" size="sm">
                {badge}
              </Badge>
            )}
          </Group>
          <Text size="sm" c="dimmed" mt={4}>
            {description}
          </Text>
        </div>
        <div>{children}</div>
      </Stack>
    </Card>
  );
}
