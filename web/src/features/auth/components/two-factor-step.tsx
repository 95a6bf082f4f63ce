import { Alert, Anchor, Button, Divider, Group, Stack, Text, Title } from '@mantine/core';
import { EMAIL_CODE_RESEND_SECONDS, ErrorCode, type AuthResponse, type CurrentUser } from '@vantage/contracts';
import { useEffect, useState, type FormEvent, type ReactNode } from 'react';
import { CodeField, normalizeCode } from '@/components/code-field';
import { ErrorAlert } from '@/components/error-alert';
import { AlertIcon, KeyIcon } from '@/components/icons';
import { isApiClientError } from '@/lib/api-client';
import { formatClock, formatDuration } from '@/lib/format';
import { formatTimeOfDay } from '@/lib/format-date';
import { isPasskeyProblem, optionsOfferAPasskey, preloadPasskeys, readyPasskeyOptions } from '@/lib/passkeys';
import { useSecondsUntil } from '@/lib/use-countdown';
import { useForm } from '@/lib/use-form';
import { useAuthenticateTwoFactor } from '../api/authenticate-two-factor';
import { useAuthenticateWithPasskey, useSignInPasskeyOptions } from '../api/authenticate-with-passkey';
import { useSendTwoFactorCode } from '../api/send-two-factor-code';

export interface PendingTwoFactor {
  /** Only valid for the 2FA endpoints until the code is accepted. */
  token: string;
  user: CurrentUser;
  /** From the password step: until when wrong codes keep this account's verification locked (ISO), if they do. */
  lockedUntil?: string | null;
}

interface TwoFactorStepProps {
  pending: PendingTwoFactor;
  onSuccess: (auth: AuthResponse) => void;
  /** Back to the password step; `expired` when the limited token ran out. */
  onCancel: (reason: 'cancelled' | 'expired') => void;
  /** Extra help under the form for accounts that get their code by email (e.g. a development mailbox link). */
  emailCodeHelp?: ReactNode;
}

function validateCode(values: { code: string }) {
  const code = normalizeCode(values.code);
  if (!code) return { code: 'Enter the code.' };
  // Digits only means a one-time code, which is always 6 long; anything else may be a recovery code.
  if (/^\d+$/.test(code) && code.length !== 6) return { code: 'Enter all 6 digits of the code.' };
  return {};
}

function instructionsFor(user: CurrentUser, lockedAtStart: boolean): string {
  if (user.twoFactorMethod === 'email' && lockedAtStart) {
    return 'No code was emailed while verification is locked. Once it unlocks, send yourself a new code.';
  }
  if (user.twoFactorMethod === 'email') {
    return `We emailed a 6-digit code to ${user.email}. It is valid for 10 minutes.`;
  }
  if (user.twoFactorMethod === 'totp') {
    return 'Open your authenticator app and enter the 6-digit code it shows for Vantage.';
  }
  return 'Enter the 6-digit code from your authenticator app or from the email we sent you.';
}

function isLockout(error: unknown): boolean {
  return isApiClientError(error) && error.status === 429;
}

/** "You can try again in 45 seconds." when the API said how long to wait and the sentence does not. */
function waitHint(error: unknown): string | null {
  if (!isApiClientError(error) || !error.retryAfterSeconds) return null;
  if (error.code === ErrorCode.TWO_FACTOR_LOCKED) return null;
  return ` You can try again in ${formatDuration(error.retryAfterSeconds)}.`;
}

/** Epoch ms of a lock end still to come, else null. */
function futureDeadline(iso: string | null | undefined): number | null {
  const at = iso ? Date.parse(iso) : Number.NaN;
  return at > Date.now() ? at : null;
}

/**
 * Second step of signing in, for accounts with two-factor authentication. A locked account shows
 * its lock, and when it ends, before any code is typed; the email method's "Send a new code" counts
 * down the API's resend wait, since the password step has just sent one. For an account with
 * passkeys, "Use a passkey" comes first: the step asks for a passkey challenge when it opens, and
 * offers the button only when the API lists at least one passkey (NO_PASSKEYS otherwise).
 */
export function TwoFactorStep({ pending, onSuccess, onCancel, emailCodeHelp }: TwoFactorStepProps) {
  const authenticate = useAuthenticateTwoFactor();
  const sendCode = useSendTwoFactorCode();
  const [formError, setFormError] = useState<unknown>(null);
  const usesEmail = pending.user.twoFactorMethod === 'email';
  // The password step sent no code when the account was locked: the words must not promise one.
  const [lockedAtStart] = useState(() => futureDeadline(pending.lockedUntil) !== null);
  const [lockedUntil, setLockedUntil] = useState<number | null>(() => futureDeadline(pending.lockedUntil));
  const [resendAvailableAt, setResendAvailableAt] = useState<number | null>(() =>
    usesEmail && !futureDeadline(pending.lockedUntil) ? Date.now() + EMAIL_CODE_RESEND_SECONDS * 1000 : null,
  );
  const [resendNotice, setResendNotice] = useState<string | null>(null);
  const lockSecondsLeft = useSecondsUntil(lockedUntil);
  const resendSecondsLeft = useSecondsUntil(resendAvailableAt);
  const form = useForm({ initialValues: { code: '' }, validate: validateCode });
  const passkeyOptions = useSignInPasskeyOptions(pending.user.id, pending.token);
  const withPasskey = useAuthenticateWithPasskey();
  const offersPasskey = optionsOfferAPasskey(passkeyOptions.data);
  const [passkeyProblem, setPasskeyProblem] = useState<unknown>(null);
  const [lastTry, setLastTry] = useState<'code' | 'passkey'>('code');

  useEffect(() => {
    if (offersPasskey) preloadPasskeys();
  }, [offersPasskey]);

  /** What both ways of answering do with the API's refusals: the lock, an expired step, the sentence. */
  const handleRefusal = (error: unknown) => {
    if (isApiClientError(error) && error.status === 401 && error.code !== ErrorCode.INVALID_PASSKEY) {
      onCancel('expired');
      return;
    }
    if (isLockout(error) && isApiClientError(error) && error.retryAfterSeconds) {
      setLockedUntil(Date.now() + error.retryAfterSeconds * 1000);
    }
    setFormError(error);
  };

  const handlePasskey = () => {
    setFormError(null);
    setResendNotice(null);
    setPasskeyProblem(null);
    setLastTry('passkey');
    withPasskey.mutate(
      { pendingToken: pending.token, options: readyPasskeyOptions(passkeyOptions) },
      {
        onSuccess,
        onError: (error) => {
          // The challenge is spent either way: have the next one ready for another try.
          void passkeyOptions.refetch();
          if (isPasskeyProblem(error)) setPasskeyProblem(error);
          else handleRefusal(error);
        },
      },
    );
  };

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    setFormError(null);
    setResendNotice(null);
    setPasskeyProblem(null);
    setLastTry('code');
    if (!form.validateAll()) return;
    authenticate.mutate(
      { code: normalizeCode(form.values.code), pendingToken: pending.token },
      {
        onSuccess,
        onError: (error) => {
          if (!isApiClientError(error)) {
            setFormError(error);
            return;
          }
          if (error.code === ErrorCode.INVALID_TWO_FACTOR_CODE || error.code === ErrorCode.CODE_ALREADY_USED) {
            form.setFieldError('code', error.sentence);
          } else if (error.status === 401 || !form.applyServerFieldErrors(error)) {
            handleRefusal(error);
          }
        },
      },
    );
  };

  const handleResend = () => {
    setFormError(null);
    setResendNotice(null);
    sendCode.mutate(pending.token, {
      onSuccess: () => {
        setResendNotice(`We sent a new code to ${pending.user.email}. Earlier codes no longer work.`);
        setResendAvailableAt(Date.now() + EMAIL_CODE_RESEND_SECONDS * 1000);
      },
      onError: (error) => {
        if (isApiClientError(error) && error.status === 401) {
          onCancel('expired');
          return;
        }
        if (isApiClientError(error) && error.code === ErrorCode.TWO_FACTOR_LOCKED && error.retryAfterSeconds) {
          setLockedUntil(Date.now() + error.retryAfterSeconds * 1000);
        } else if (isLockout(error) && isApiClientError(error) && error.retryAfterSeconds) {
          setResendAvailableAt(Date.now() + error.retryAfterSeconds * 1000);
        }
        setFormError(error);
      },
    });
  };

  const locked = lockSecondsLeft > 0;
  // A locked account gets no passkey challenge (429): ask again once the lock is over, so the passkey
  // comes back with the codes.
  const optionsRefusedByLock = isLockout(passkeyOptions.error);
  const refetchOptions = passkeyOptions.refetch;
  useEffect(() => {
    if (!locked && optionsRefusedByLock) void refetchOptions();
  }, [locked, optionsRefusedByLock, refetchOptions]);

  return (
    <Stack gap="lg">
      <div>
        <Title order={1} size="h2">
          Two-factor verification
        </Title>
        <Text c="dimmed" mt={4}>
          {instructionsFor(pending.user, lockedAtStart)}
        </Text>
      </div>

      {locked && formError === null && lockedUntil !== null && (
        <Alert color="red" title="Two-factor sign-in is locked" icon={<AlertIcon />} role="alert">
          Too many wrong codes or passkey attempts were made for this account. You can try again at{' '}
          {formatTimeOfDay(new Date(lockedUntil).toISOString())}, in {formatDuration(lockSecondsLeft)}.
        </Alert>
      )}
      {formError !== null && (
        <ErrorAlert
          error={formError}
          title={
            isLockout(formError) ? 'Please wait' : lastTry === 'passkey' ? 'Could not verify the passkey' : 'Could not verify the code'
          }
        >
          {waitHint(formError)}
        </ErrorAlert>
      )}
      {resendNotice && (
        <Text size="sm" role="status" c="indigo.9">
          {resendNotice}
        </Text>
      )}

      {offersPasskey && (
        <Stack gap="sm">
          <Button
            leftSection={<KeyIcon size={16} />}
            size="md"
            fullWidth
            onClick={handlePasskey}
            loading={withPasskey.isPending}
            disabled={locked || authenticate.isPending}
          >
            Use a passkey
          </Button>
          {isPasskeyProblem(passkeyProblem) && (
            <Alert
              color={passkeyProblem.kind === 'cancelled' ? 'gray' : 'red'}
              role={passkeyProblem.kind === 'cancelled' ? 'status' : 'alert'}
              title={passkeyProblem.kind === 'cancelled' ? 'Not signed in yet' : 'The passkey did not work'}
            >
              {passkeyProblem.sentence}
            </Alert>
          )}
          <Divider label="or enter a code" labelPosition="center" />
        </Stack>
      )}

      <form ref={form.formRef} onSubmit={handleSubmit} noValidate aria-label="Two-factor verification">
        <Stack gap="md">
          <CodeField
            {...form.field('code')}
            acceptsRecoveryCodes
            label="Verification code"
            description="Lost access? Enter one of your recovery codes instead."
            required
            // The password form this step replaced had focus; without this it would fall to <body>.
            autoFocus
          />
          <Button
            type="submit"
            variant={offersPasskey ? 'light' : 'filled'}
            loading={authenticate.isPending}
            disabled={locked || withPasskey.isPending}
            fullWidth
            mt="xs"
          >
            {locked ? `Try again in ${formatDuration(lockSecondsLeft)}` : 'Verify and sign in'}
          </Button>
        </Stack>
      </form>

      <Stack gap={4} align="center">
        {usesEmail && (
          <Group gap={4} justify="center">
            <Text size="sm">Did not get the email?</Text>
            <Button
              variant="subtle"
              size="compact-sm"
              onClick={handleResend}
              loading={sendCode.isPending}
              disabled={locked || resendSecondsLeft > 0}
            >
              {resendSecondsLeft > 0 && !locked ? `Send a new code in ${formatClock(resendSecondsLeft)}` : 'Send a new code'}
            </Button>
          </Group>
        )}
        {/* Leaves this sign-in rather than acting on it: it reads as a link, though it is a button. */}
        <Anchor component="button" type="button" size="sm" onClick={() => onCancel('cancelled')}>
          Use a different account
        </Anchor>
        {usesEmail && emailCodeHelp}
      </Stack>
    </Stack>
  );
}
