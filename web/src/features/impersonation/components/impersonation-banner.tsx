import { Badge, Box, Button, Group, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { ErrorCode, fullName, supportTeamName, type CurrentUser, type PersonRef } from '@vantage/contracts';
import { useEffect, useRef, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ShieldIcon } from '@/components/icons';
import { paths } from '@/config/paths';
import { errorSentence, isApiClientError, returnFromEndedImpersonation } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/current-user';
import { formatClock } from '@/lib/format';
import { useSecondsUntil } from '@/lib/use-countdown';
import { useCancelImpersonation } from '../api/cancel-impersonation';
import classes from './impersonation-banner.module.css';

/** Below this many seconds the banner turns urgent. */
const ENDING_SOON_SECONDS = 5 * 60;
/** Screen readers hear the time left at these points only: a ticking live region would never stop talking. */
const ANNOUNCE_AT_SECONDS = [5 * 60, 60];

function deadlineOf(user: CurrentUser | null): number | null {
  if (!user?.impersonatedBy || !user.impersonationExpiresAt) return null;
  const deadline = Date.parse(user.impersonationExpiresAt);
  return Number.isNaN(deadline) ? null : deadline;
}

/**
 * Shown at the top of every signed-in page while an admin works as a user (SPEC §4): who is
 * impersonated, by whom, the time left, and the way back. When the time is up the session ends
 * here without waiting for the API to refuse a request.
 */
export function ImpersonationBanner() {
  const { user } = useCurrentUser();
  const deadline = deadlineOf(user);
  if (!user?.impersonatedBy || deadline === null) return null;
  return <ActiveImpersonationBanner user={user} admin={user.impersonatedBy} deadline={deadline} />;
}

interface ActiveImpersonationBannerProps {
  user: CurrentUser;
  admin: PersonRef;
  deadline: number;
}

function ActiveImpersonationBanner({ user, admin, deadline }: ActiveImpersonationBannerProps) {
  const { endSession } = useCurrentUser();
  const navigate = useNavigate();
  const cancel = useCancelImpersonation();
  const secondsLeft = useSecondsUntil(deadline);
  const announcement = useTimeLeftAnnouncement(secondsLeft);
  const userName = fullName(user) || user.email;
  const endingSoon = secondsLeft <= ENDING_SOON_SECONDS;
  const readOnly = user.impersonationMode === 'read';

  // Once only, even if React runs the effect twice (StrictMode) or re-renders before unmounting.
  const ended = useRef(false);
  useEffect(() => {
    if (secondsLeft > 0 || ended.current) return;
    ended.current = true;
    // The API may give the admin their own session back (the sign-in page is the way back otherwise).
    void returnFromEndedImpersonation().then((returned) => {
      if (!returned) endSession('impersonation-expired');
    });
  }, [secondsLeft, endSession]);

  // One request at a time: the button's loading state arrives a render later, after a double-click's
  // second click, and a second request would find the impersonation already ended.
  const returning = useRef(false);
  const returnToMyAccount = () => {
    if (returning.current) return;
    returning.current = true;
    cancel.mutate(undefined, {
      onSuccess: () => void navigate(paths.adminTeams),
      onError: (error) => {
        returning.current = false;
        // An impersonation that has already ended is handled by the API client (the admin's session, or sign-in).
        if (isApiClientError(error) && error.code === ErrorCode.IMPERSONATION_ENDED) return;
        notifications.show({ color: 'red', title: 'Could not return to your account', message: errorSentence(error) });
      },
    });
  };

  return (
    <Box
      component="section"
      aria-labelledby="impersonation-banner-title"
      className={classes.banner}
      data-ending-soon={endingSoon || undefined}
    >
      <Group justify="space-between" gap="sm" wrap="wrap">
        <Group gap="sm" wrap="nowrap" align="flex-start" miw={0} style={{ flex: '1 1 420px' }}>
          <ShieldIcon size={22} className={classes.icon} />
          <div>
            <Group gap="xs" wrap="wrap">
              <Text id="impersonation-banner-title" fw={700} size="sm">
                Support impersonation
              </Text>
              {readOnly && (
                <Badge size="sm" radius="sm" color="dark" variant="outline">
                  Read-only
                </Badge>
              )}
            </Group>
            <Text size="sm">
              You are impersonating <strong>{userName}</strong> ({user.email}) as <strong>{supportTeamName(admin.name)}</strong>
              {readOnly ? ', read-only: you can look at everything and change nothing.' : '.'}
            </Text>
          </div>
        </Group>
        <Group gap="md" wrap="nowrap">
          <Text size="sm" className={classes.timeLeft}>
            Time left{' '}
            <Text span fw={700} ff="monospace" fz="md" role="timer" aria-label={`Time left: ${formatClock(secondsLeft)}`}>
              {formatClock(secondsLeft)}
            </Text>
          </Text>
          <Button size="sm" color={endingSoon ? 'red' : 'dark'} onClick={returnToMyAccount} loading={cancel.isPending}>
            Return to my account
          </Button>
        </Group>
      </Group>
      <VisuallyHidden role="status" aria-live="polite">
        {announcement}
      </VisuallyHidden>
    </Box>
  );
}

/** "4 minutes left in this impersonation." each time the countdown passes an announcement point. */
function useTimeLeftAnnouncement(secondsLeft: number): string {
  const [announcement, setAnnouncement] = useState('');
  const point = ANNOUNCE_AT_SECONDS.filter((at) => secondsLeft > 0 && secondsLeft <= at).at(-1) ?? null;
  const minutesLeft = Math.ceil(secondsLeft / 60);
  const minutesLeftWhenPassed = useRef(minutesLeft);
  minutesLeftWhenPassed.current = minutesLeft;
  useEffect(() => {
    if (point === null) return;
    const minutes = minutesLeftWhenPassed.current;
    setAnnouncement(`${minutes} ${minutes === 1 ? 'minute' : 'minutes'} left in this impersonation.`);
  }, [point]);
  return announcement;
}
