import { Anchor, Box, Button, Code, CopyButton, Group, Image, List, Stack, Text, Title } from '@mantine/core';
import { ErrorCode, type TotpSetup, type TwoFactorMethod, type TwoFactorStatus } from '@vantage/contracts';
import { useState, type FormEvent } from 'react';
import { CodeField, isSixDigitCode, normalizeCode } from '@/components/code-field';
import { ErrorAlert } from '@/components/error-alert';
import { isApiClientError } from '@/lib/api-client';
import { formatDuration } from '@/lib/format';
import { useForm } from '@/lib/use-form';
import { useEnableTwoFactor } from '../api/enable-two-factor';

const QR_SIZE = 192;
const QR_ALT = 'QR code for adding Vantage to your authenticator app';

/** "JBSWY3DPEHPK3PXP" → "JBSW Y3DP EHPK 3PXP": easier to type from the screen; apps ignore the spaces. */
export function groupSecret(secret: string): string {
  return secret.replace(/(.{4})(?=.)/g, '$1 ');
}

function validateVerifyCode(values: { verifyCode: string }) {
  const code = normalizeCode(values.verifyCode);
  if (!code) return { verifyCode: 'Enter the 6-digit code your app shows.' };
  if (!isSixDigitCode(code)) return { verifyCode: 'The code is 6 digits.' };
  return {};
}

/** Heading and confirm button, by what the account uses now (it keeps working until the app is confirmed). */
const WORDING: Record<'none' | TwoFactorMethod, { title: string; confirm: string }> = {
  none: { title: 'Set up an authenticator app', confirm: 'Turn on two-factor' },
  email: { title: 'Switch to an authenticator app', confirm: 'Switch to this app' },
  totp: { title: 'Set up a new authenticator app', confirm: 'Use this app' },
};

interface TotpSetupPanelProps {
  setup: TotpSetup;
  /** The method in force now, or null when two-factor is off. */
  currentMethod: TwoFactorMethod | null;
  onConfirmed: (status: TwoFactorStatus) => void;
  onCancel: () => void;
  /** The setup expired or was replaced elsewhere: ask the server for a new secret. */
  onRestart: () => void;
}

/** Scan the QR code (or type the key), then prove it works with a code from the app. */
export function TotpSetupPanel({ setup, currentMethod, onConfirmed, onCancel, onRestart }: TotpSetupPanelProps) {
  const wording = WORDING[currentMethod ?? 'none'];
  const enable = useEnableTwoFactor();
  const [formError, setFormError] = useState<unknown>(null);
  const form = useForm({ initialValues: { verifyCode: '' }, validate: validateVerifyCode });

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    if (!form.validateAll()) return;
    enable.mutate(
      { method: 'totp', code: normalizeCode(form.values.verifyCode) },
      {
        onSuccess: onConfirmed,
        onError: (error) => {
          if (isApiClientError(error) && error.code === ErrorCode.INVALID_TWO_FACTOR_CODE) {
            form.setFieldError('verifyCode', `${error.sentence} Check that your phone’s clock is right, and use the newest code.`);
          } else if (!form.applyServerFieldErrors(error)) {
            setFormError(error);
          }
        },
      },
    );
  };

  const setupGone = isApiClientError(formError) && formError.code === ErrorCode.TWO_FACTOR_SETUP_NOT_STARTED;
  const waitSeconds = isApiClientError(formError) ? formError.retryAfterSeconds : null;

  return (
    <Stack gap="lg">
      <Title order={3} size="h5">
        {wording.title}
      </Title>

      <Group align="flex-start" gap="xl" wrap="wrap">
        <Box
          p="xs"
          bg="white"
          style={{ border: '1px solid var(--mantine-color-gray-3)', borderRadius: 'var(--mantine-radius-md)', lineHeight: 0 }}
        >
          {/* The API renders the QR code (qrcode package); the key beside it works without it. */}
          {setup.qrCodeDataUrl && <Image src={setup.qrCodeDataUrl} alt={QR_ALT} w={QR_SIZE} h={QR_SIZE} fit="contain" />}
        </Box>

        <Stack gap="sm" style={{ flex: '1 1 280px' }} miw={0}>
          <List type="ordered" spacing="xs" size="sm">
            <List.Item>
              Open an authenticator app (1Password, Google Authenticator, Microsoft Authenticator, Authy…) and add an account.
            </List.Item>
            <List.Item>
              Scan the QR code. On this phone?{' '}
              <Anchor href={setup.otpauthUrl} size="sm">
                Open it in your authenticator app
              </Anchor>
              .
            </List.Item>
            <List.Item>Enter the 6-digit code the app shows for Vantage below.</List.Item>
          </List>

          <div>
            <Text size="sm" fw={600} id="totp-secret-label">
              Cannot scan? Enter this key instead
            </Text>
            <Group gap="xs" mt={4} wrap="nowrap">
              <Code
                data-testid="totp-secret"
                aria-labelledby="totp-secret-label"
                fz="md"
                px="sm"
                py={6}
                style={{ letterSpacing: '0.08em', overflowWrap: 'anywhere' }}
              >
                {groupSecret(setup.secret)}
              </Code>
              <CopyButton value={setup.secret} timeout={2000}>
                {({ copied, copy }) => (
                  <Button variant="default" size="xs" onClick={copy} aria-label={copied ? 'Key copied' : 'Copy the key'}>
                    {copied ? 'Copied' : 'Copy'}
                  </Button>
                )}
              </CopyButton>
            </Group>
            <Text size="xs" c="dimmed" mt={4}>
              Time-based, 6 digits, every 30 seconds.
            </Text>
          </div>
        </Stack>
      </Group>

      {formError !== null && (
        <ErrorAlert error={formError} title={setupGone ? 'Start the setup again' : 'The app was not turned on'}>
          {waitSeconds ? ` You can try again in ${formatDuration(waitSeconds)}.` : null}
          {setupGone && (
            <Button variant="default" size="xs" mt="sm" display="block" onClick={onRestart}>
              Get a new QR code
            </Button>
          )}
        </ErrorAlert>
      )}

      <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label="Confirm the authenticator app">
        <Group align="flex-start" gap="sm" wrap="wrap">
          <CodeField {...form.field('verifyCode')} label="Code from the app" placeholder="123 456" w={220} autoFocus />
          <Group gap="sm" mt={25}>
            <Button type="submit" loading={enable.isPending}>
              {wording.confirm}
            </Button>
            <Button variant="default" onClick={onCancel} disabled={enable.isPending}>
              Cancel
            </Button>
          </Group>
        </Group>
      </form>
    </Stack>
  );
}
