import { useMutation, useQuery } from '@tanstack/react-query';
import { ErrorCode, type TwoFactorStatus } from '@vantage/contracts';
import { useCallback, useState } from 'react';
import { api, isApiClientError } from './api-client';
import { queryKeys } from './query-keys';
import { useSecondsUntil } from './use-countdown';

/**
 * Emails the signed-in person a fresh code for confirming a sensitive action (starting an
 * impersonation, resetting someone's two-factor). Throttled: 429 CODE_RESEND_THROTTLED with Retry-After.
 */
export function sendStepUpCode(): Promise<void> {
  return api.post<void>('/2fa/send-code');
}

/**
 * The state of a step-up — an action confirmed with a fresh code of the person's own second factor:
 * "Email me a code" and its notice, the wait before asking again, and the lockout after too many wrong
 * codes. The dialog that hosts it sends the code with its own request and passes that request's
 * failures to `noteWait`, so a 429 locks its confirm button for as long as the API says. A lock that
 * is already running when the dialog opens is read from `GET /user/two-factor` (`lockedUntil`), so the
 * dialog says so before a code is typed. `enabled: false` skips that read (a person without 2FA).
 */
export function useStepUp({
  email,
  onSend,
  onSendError,
  enabled = true,
}: {
  email: string;
  onSend?: () => void;
  onSendError: (error: unknown) => void;
  enabled?: boolean;
}) {
  const send = useMutation({ mutationFn: sendStepUpCode });
  // Read afresh each time a dialog opens: the lock may have started in another tab a minute ago.
  const status = useQuery({
    queryKey: queryKeys.profile.twoFactorStatus,
    queryFn: ({ signal }) => api.get<TwoFactorStatus>('/user/two-factor', { signal }),
    enabled,
    staleTime: 0,
    refetchOnMount: 'always',
  });
  const lockedBeforeOpening = status.data?.lockedUntil ? Date.parse(status.data.lockedUntil) : null;
  const [codeWasSent, setCodeWasSent] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [lockedUntil, setLockedUntil] = useState<number | null>(null);
  const [sendAvailableAt, setSendAvailableAt] = useState<number | null>(null);
  const lockEndsAt = lockedUntil ?? lockedBeforeOpening;
  const lockSecondsLeft = useSecondsUntil(lockEndsAt);
  const sendSecondsLeft = useSecondsUntil(sendAvailableAt);

  const noteWait = useCallback((error: unknown) => {
    if (!isApiClientError(error) || !error.retryAfterSeconds) return;
    const until = Date.now() + error.retryAfterSeconds * 1000;
    if (error.code === ErrorCode.CODE_RESEND_THROTTLED) setSendAvailableAt(until);
    else setLockedUntil(until);
  }, []);

  const sendCode = () => {
    onSend?.();
    setNotice(null);
    send.mutate(undefined, {
      onSuccess: () => {
        setCodeWasSent(true);
        setNotice(`We emailed a code to ${email}. It is valid for 10 minutes; earlier codes no longer work.`);
      },
      onError: (error) => {
        noteWait(error);
        onSendError(error);
      },
    });
  };

  return {
    sendCode,
    isSending: send.isPending,
    codeWasSent,
    notice,
    noteWait,
    /** Seconds until "Email me a code" may be used again (0: now). */
    sendSecondsLeft,
    /** Seconds until codes are accepted again after too many wrong ones (0: not locked). */
    lockSecondsLeft,
    /** When that lock ends (epoch ms), if one is known. */
    lockEndsAt,
    locked: lockSecondsLeft > 0,
    /** How many passkeys the person has (0 until known): with one, a dialog offers it before the code. */
    passkeys: status.data?.passkeys ?? 0,
  };
}

export type StepUp = ReturnType<typeof useStepUp>;
