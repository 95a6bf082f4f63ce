import { Alert, Anchor, Button, Group, Stack, Text } from '@mantine/core';
import { ErrorCode, type CurrentUser } from '@vantage/contracts';
import type { ChangeEvent } from 'react';
import { Link } from 'react-router-dom';
import { paths } from '@/config/paths';
import { isApiClientError } from '@/lib/api-client';
import { formatDuration } from '@/lib/format';
import { formatTimeOfDay } from '@/lib/format-date';
import type { StepUp } from '@/lib/step-up';
import { CodeField, isSixDigitCode, normalizeCode } from './code-field';
import { ErrorAlert } from './error-alert';

/** A step-up needs the person's own second factor; without it the API refuses whatever the code. */
export function hasSecondFactor(person: CurrentUser): boolean {
  return person.isTwoFactorEnabled && person.twoFactorMethod !== null;
}

/** The client-side check of a step-up code (the API decides whether it is right). */
export function stepUpCodeError(value: string): string | undefined {
  const code = normalizeCode(value);
  if (!code) return 'Enter the 6-digit code.';
  if (!isSixDigitCode(code)) return 'Enter all 6 digits of the code.';
  return undefined;
}

function codeFieldText(person: CurrentUser): { label: string; description: string } {
  if (person.twoFactorMethod === 'totp') {
    return {
      label: 'Code from your authenticator app',
      description: 'Open your authenticator app and enter the 6-digit code it shows for Vantage.',
    };
  }
  return {
    label: 'Code from your email',
    description: `Select “Email me a code”, then enter the 6-digit code we send to ${person.email}.`,
  };
}

interface StepUpCodeFieldProps {
  /** The signed-in person confirming the action with their own second factor. */
  person: CurrentUser;
  stepUp: StepUp;
  /** `form.field('code')`. */
  field: {
    name: string;
    value: string;
    error?: string;
    'aria-invalid'?: boolean;
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement>) => void;
  };
  /** What the person cannot do without two-factor authentication, as a sentence. */
  withoutSecondFactor: string;
  /** The dialog opens with the focus in the code field (off when another field comes first). */
  autoFocus?: boolean;
}

/**
 * The fresh-code part of a sensitive action's dialog (impersonating, resetting someone's two-factor):
 * the code field worded for the person's method, "Email me a code" with its notice and wait, or — for
 * someone without two-factor — why the action is not possible yet and where to turn it on.
 */
export function StepUpCodeField({ person, stepUp, field, withoutSecondFactor, autoFocus = true }: StepUpCodeFieldProps) {
  if (!hasSecondFactor(person)) {
    return (
      <Alert color="red" title="Two-factor authentication needed" role="alert">
        {withoutSecondFactor}{' '}
        <Anchor component={Link} to={paths.settings} fw={600}>
          Open profile settings
        </Anchor>
      </Alert>
    );
  }

  const usesEmail = person.twoFactorMethod === 'email';
  const text = codeFieldText(person);
  const sendLabel = stepUp.codeWasSent ? 'Email me a new code' : usesEmail ? 'Email me a code' : 'Email me a code instead';

  return (
    <Stack gap="xs">
      <CodeField {...field} label={text.label} description={text.description} required data-autofocus={autoFocus || undefined} />
      <Group gap="xs" wrap="wrap">
        <Button
          variant={usesEmail ? 'light' : 'subtle'}
          size="compact-sm"
          onClick={stepUp.sendCode}
          loading={stepUp.isSending}
          disabled={stepUp.sendSecondsLeft > 0 || stepUp.locked}
        >
          {stepUp.sendSecondsLeft > 0 ? `${sendLabel} (${stepUp.sendSecondsLeft} s)` : sendLabel}
        </Button>
        {stepUp.notice && (
          <Text size="sm" role="status" c="indigo.9">
            {stepUp.notice}
          </Text>
        )}
      </Group>
    </Stack>
  );
}

/**
 * Why the dialog's last attempt (its confirm, or "Email me a code") failed. While wrong codes have locked
 * the step-up it is "Please wait"; when asking for another code too soon, it says how long until it may.
 * Before any attempt, a lock already running (wrong codes at sign-in or in another dialog) is said with
 * when it ends, so nobody types a code that cannot be checked.
 */
export function StepUpErrorAlert({ error, stepUp, title }: { error: unknown; stepUp: StepUp; title: string }) {
  if (error === null) {
    if (!stepUp.locked || stepUp.lockEndsAt === null) return null;
    return (
      <Alert color="red" title="Two-factor checks are locked for now" role="alert">
        Too many wrong codes or passkey attempts were made for your account. You can try again at{' '}
        {formatTimeOfDay(new Date(stepUp.lockEndsAt).toISOString())}, in {formatDuration(stepUp.lockSecondsLeft)}.
      </Alert>
    );
  }
  const sendThrottled = isApiClientError(error) && error.code === ErrorCode.CODE_RESEND_THROTTLED && stepUp.sendSecondsLeft > 0;
  return (
    <ErrorAlert error={error} title={stepUp.locked ? 'Please wait' : title}>
      {sendThrottled ? ` You can ask again in ${formatDuration(stepUp.sendSecondsLeft)}.` : null}
    </ErrorAlert>
  );
}
