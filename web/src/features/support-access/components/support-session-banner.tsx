import { Box, Button, Group, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { SUPPORT_SESSION_REFRESH_SECONDS, type SupportSession } from '@vantage/contracts';
import { useEffect, useId } from 'react';
import { ShieldIcon } from '@/components/icons';
import { errorSentence } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/current-user';
import { useSecondsUntil } from '@/lib/use-countdown';
import { useEndSupportSession } from '../api/end-support-session';
import classes from './support-session-banner.module.css';

/** "24 minutes left", "1 minute left", "less than a minute left". */
export function minutesLeftWords(secondsLeft: number): string {
  if (secondsLeft < 60) return 'less than a minute left';
  const minutes = Math.floor(secondsLeft / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'} left`;
}

/**
 * On every page of the person's own session: someone from Vantage support is in the account right now
 * (`/auth/me`'s `supportSession`), with *End now*. `/auth/me` is read again every
 * SUPPORT_SESSION_REFRESH_SECONDS so the banner comes and goes without a reload. Never during an
 * impersonation: the admin sees the impersonation banner instead, and their reads would fill the log.
 */
export function SupportSessionBanner() {
  const { user, reloadUser } = useCurrentUser();
  const ownSession = user !== null && user.impersonatedBy === null;

  useEffect(() => {
    if (!ownSession) return;
    const timer = window.setInterval(() => {
      // A hidden tab waits: coming back to it reads the user again anyway (CurrentUserProvider).
      if (document.visibilityState === 'hidden') return;
      // A dead session is ended by the api client itself; a failed read leaves the banner as it was.
      reloadUser().catch(() => undefined);
    }, SUPPORT_SESSION_REFRESH_SECONDS * 1000);
    return () => window.clearInterval(timer);
  }, [ownSession, reloadUser]);

  const session = ownSession ? user.supportSession : null;
  return (
    <>
      {session && <LiveSupportSession key={session.id} session={session} />}
      {/* Always there, so a screen reader hears the banner appear between two reads, not only who looks. */}
      <VisuallyHidden role="status" aria-live="polite">
        {session ? `Vantage support (${session.impersonator.name}) is in your account now.` : ''}
      </VisuallyHidden>
    </>
  );
}

function LiveSupportSession({ session }: { session: SupportSession }) {
  const { user, replaceUser, reloadUser } = useCurrentUser();
  const endSession = useEndSupportSession();
  const titleId = useId();
  const secondsLeft = useSecondsUntil(Date.parse(session.expiresAt));
  const over = secondsLeft === 0;

  // Its time is up: ask the API rather than keep a banner for a session that has ended.
  useEffect(() => {
    if (over) reloadUser().catch(() => undefined);
  }, [over, reloadUser]);

  const endNow = () =>
    endSession.mutate(session.id, {
      onSuccess: () => {
        if (user) replaceUser({ ...user, supportSession: null });
        notifications.show({
          color: 'indigo',
          title: 'Support session ended',
          message: `${session.impersonator.name} is no longer in your account.`,
        });
        reloadUser().catch(() => undefined);
      },
      onError: (error) => {
        notifications.show({ color: 'red', title: 'The support session was not ended', message: errorSentence(error) });
        // Perhaps it had already ended: the API says whether anyone is still in.
        reloadUser().catch(() => undefined);
      },
    });

  if (over) return null;
  const access = session.mode === 'read' ? 'read-only' : 'can make changes';
  return (
    <Box component="section" aria-labelledby={titleId} className={classes.banner}>
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Group gap="sm" wrap="nowrap" align="flex-start" miw={0} style={{ flex: '1 1 420px' }}>
          <ShieldIcon size={22} className={classes.icon} />
          <Text size="sm" id={titleId} style={{ overflowWrap: 'anywhere' }}>
            <strong>Vantage support ({session.impersonator.name}) is in your account now</strong> — {access},{' '}
            {minutesLeftWords(secondsLeft)}
          </Text>
        </Group>
        <Button size="sm" color="grape.8" onClick={endNow} loading={endSession.isPending}>
          End now
        </Button>
      </Group>
    </Box>
  );
}
