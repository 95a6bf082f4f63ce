import { Skeleton, Stack, Table, Text } from '@mantine/core';
import { IMPERSONATION_MINUTES, type ImpersonationEndReason, type ImpersonationHistoryEntry } from '@vantage/contracts';
import { formatDateTime, formatElapsed } from '@/lib/format-date';
import { useImpersonationHistory } from '../api/get-impersonation-history';
import { LoadError } from '@/components/list-states';

const END_REASON_WORDS: Record<ImpersonationEndReason, string> = {
  cancelled: 'Support returned to their own account',
  expired: `The ${IMPERSONATION_MINUTES} minutes ran out`,
  ended_by_admin: 'Ended by a super admin',
  ended_by_user: 'Ended by you',
  revoked: 'Ended when access was withdrawn',
};

/** Still running: not ended, and not past its expiry (the server marks expired sessions within a minute). */
function isActive(entry: ImpersonationHistoryEntry, now: number): boolean {
  return entry.endedAt === null && new Date(entry.expiresAt).getTime() > now;
}

export function describeImpersonationEnd(entry: ImpersonationHistoryEntry, now: number = Date.now()): string {
  if (entry.endReason) return END_REASON_WORDS[entry.endReason];
  return isActive(entry, now) ? 'Still active' : END_REASON_WORDS.expired;
}

/** How long support was in: until it ended, or until it expired; a running session counts to now. */
export function impersonationDuration(entry: ImpersonationHistoryEntry, now: number = Date.now()): string {
  if (isActive(entry, now)) return `${formatElapsed(entry.startedAt, new Date(now).toISOString())} so far`;
  return formatElapsed(entry.startedAt, entry.endedAt ?? entry.expiresAt);
}

/** Who from Vantage support accessed this account: who, when, for how long, why, and how it ended. */
export function ImpersonationHistory() {
  const historyQuery = useImpersonationHistory();

  if (historyQuery.isPending) {
    return (
      <Stack gap="xs" aria-busy="true" aria-label="Loading support access history">
        <Skeleton height={32} />
        <Skeleton height={32} />
      </Stack>
    );
  }

  if (historyQuery.isError) {
    return (
      <LoadError error={historyQuery.error} title="Could not load the support access history" onRetry={() => void historyQuery.refetch()} />
    );
  }

  if (historyQuery.data.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Nobody from Vantage support has accessed your account.
      </Text>
    );
  }

  const now = Date.now();
  return (
    <Table.ScrollContainer minWidth={720}>
      <Table verticalSpacing="sm" aria-label="Support access history">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Who</Table.Th>
            <Table.Th>When</Table.Th>
            <Table.Th>How long</Table.Th>
            <Table.Th>Why</Table.Th>
            <Table.Th>How it ended</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {historyQuery.data.map((entry) => (
            <Table.Tr key={entry.id}>
              <Table.Td>
                <Text size="sm" fw={600}>
                  {entry.impersonator.name}
                </Text>
                <Text size="xs" c="dimmed">
                  {entry.impersonator.email}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" component="time" dateTime={entry.startedAt}>
                  {formatDateTime(entry.startedAt)}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{impersonationDuration(entry, now)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" c={entry.reason ? undefined : 'dimmed'} style={{ overflowWrap: 'anywhere' }}>
                  {entry.reason ?? 'No reason given'}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm" fw={isActive(entry, now) ? 600 : undefined}>
                  {describeImpersonationEnd(entry, now)}
                </Text>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
