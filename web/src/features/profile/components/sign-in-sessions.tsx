import { Badge, Box, Button, Code, Group, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { SignInSession } from '@vantage/contracts';
import { useState } from 'react';
import { ErrorAlert } from '@/components/error-alert';
import { LoadError } from '@/components/list-states';
import { RestrictionNote } from '@/components/restriction';
import { describeUserAgent } from '@/lib/describe-user-agent';
import { formatDateTime, formatRelativeTime } from '@/lib/format-date';
import { useRestriction } from '@/lib/restrictions';
import { useEndSession } from '../api/end-session';
import { useSessions } from '../api/get-sessions';

/** This device first, then the others newest first (as the API sends them). */
function thisDeviceFirst(sessions: SignInSession[]): SignInSession[] {
  return [...sessions.filter((session) => session.current), ...sessions.filter((session) => !session.current)];
}

/**
 * Profile settings → where you are signed in: each session's device in words (the raw User-Agent one
 * click away), address, when it started and was last used, and "Sign out" for every other one.
 */
export function SignInSessions() {
  const restriction = useRestriction('end_sessions');
  const sessionsQuery = useSessions();
  const endSession = useEndSession();
  const [endError, setEndError] = useState<unknown>(null);

  if (sessionsQuery.isPending) {
    return (
      <Stack gap="xs" aria-busy="true" aria-label="Loading your sign-ins">
        <Skeleton height={48} />
        <Skeleton height={48} />
      </Stack>
    );
  }
  if (sessionsQuery.isError) {
    return <LoadError error={sessionsQuery.error} title="Could not load your sign-ins" onRetry={() => void sessionsQuery.refetch()} />;
  }

  const sessions = thisDeviceFirst(sessionsQuery.data.items);
  if (sessions.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No sign-ins to show.
      </Text>
    );
  }

  const handleEnd = (session: SignInSession, device: string) => {
    setEndError(null);
    endSession.mutate(session.id, {
      onSuccess: () =>
        notifications.show({
          color: 'indigo',
          title: 'Signed out',
          message: `${device} is signed out. Its next request is refused.`,
        }),
      onError: setEndError,
    });
  };

  const now = Date.now();
  return (
    <Stack gap="sm">
      <RestrictionNote restriction={restriction} duringImpersonation="Only the account owner can sign out their sessions." />
      {endError !== null && <ErrorAlert error={endError} title="That session was not signed out" />}
      <Stack component="ul" gap={0} p={0} m={0} style={{ listStyle: 'none' }} aria-label="Your sign-ins">
        {sessions.map((session) => {
          const device = describeUserAgent(session.userAgent);
          const lastActive = formatRelativeTime(session.lastSeenAt, now);
          const ending = endSession.isPending && endSession.variables === session.id;
          return (
            <Group
              component="li"
              key={session.id}
              justify="space-between"
              align="flex-start"
              wrap="wrap"
              gap="sm"
              py="sm"
              style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
            >
              <Stack gap={2} miw={0} style={{ flex: '1 1 260px' }}>
                <Group gap={6} wrap="wrap">
                  <Text size="sm" fw={600}>
                    {device}
                  </Text>
                  {session.current && (
                    <Badge variant="light" color="indigo" radius="sm" size="sm">
                      This device
                    </Badge>
                  )}
                </Group>
                <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                  {session.ip ?? 'Address unknown'} · Signed in{' '}
                  <time dateTime={session.createdAt}>{formatDateTime(session.createdAt)}</time> · Last active{' '}
                  <time dateTime={session.lastSeenAt}>{lastActive}</time>
                </Text>
                {session.userAgent && (
                  <Box component="details" fz="xs" c="dimmed">
                    <summary style={{ cursor: 'pointer', width: 'fit-content' }}>Browser details</summary>
                    <Code block mt={4} style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
                      {session.userAgent}
                    </Code>
                  </Box>
                )}
              </Stack>
              {!session.current && (
                <Button
                  variant="default"
                  size="xs"
                  onClick={() => handleEnd(session, device)}
                  loading={ending}
                  disabled={restriction !== null || (endSession.isPending && !ending)}
                  aria-label={`Sign out ${device}, last active ${lastActive}`}
                >
                  Sign out
                </Button>
              )}
            </Group>
          );
        })}
      </Stack>
    </Stack>
  );
}
