import { Button, Group, Skeleton, Stack, Table, Text, UnstyledButton } from '@mantine/core';
import { IMPERSONATION_MINUTES, type ImpersonationEndReason, type ImpersonationHistoryEntry } from '@vantage/contracts';
import { Fragment, useState } from 'react';
import { LoadError } from '@/components/list-states';
import { SupportActionsTable } from '@/components/support-actions-table';
import { downloadCsv } from '@/lib/csv';
import { formatDateTime, formatElapsed } from '@/lib/format-date';
import { countOf } from '@/lib/plural';
import { supportActionsCsv } from '@/lib/support-actions';
import { MODE_LABELS } from '@/lib/support-access-words';
import { useImpersonationHistory } from '../api/get-impersonation-history';
import { useSupportActions } from '../api/get-support-actions';

const END_REASON_WORDS: Record<ImpersonationEndReason, string> = {
  cancelled: 'Support returned to their own account',
  expired: `The ${IMPERSONATION_MINUTES} minutes ran out`,
  ended_by_admin: 'Ended by a super admin',
  ended_by_user: 'Ended by you',
  revoked: 'Ended when access was withdrawn',
};

const ACTION = { one: 'action', other: 'actions' };

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

const COLUMNS = 5;

/** Who from Vantage support accessed this account: who, when, for how long, why, how, what they did and how it ended. */
export function ImpersonationHistory() {
  const historyQuery = useImpersonationHistory();
  const [openId, setOpenId] = useState<string | null>(null);

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
            <Table.Th>When and how long</Table.Th>
            <Table.Th>Why</Table.Th>
            <Table.Th>Access and what they did</Table.Th>
            <Table.Th>How it ended</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {historyQuery.data.map((entry) => {
            const open = openId === entry.id;
            const actionsId = `support-actions-${entry.id}`;
            return (
              <Fragment key={entry.id}>
                <Table.Tr>
                  <Table.Td>
                    <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                      {entry.impersonator.name}
                    </Text>
                    <Text size="xs" c="dimmed" style={{ overflowWrap: 'anywhere' }}>
                      {entry.impersonator.email}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" component="time" dateTime={entry.startedAt} display="block">
                      {formatDateTime(entry.startedAt)}
                    </Text>
                    <Text size="xs" c="dimmed">
                      {impersonationDuration(entry, now)}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" c={entry.reason ? undefined : 'dimmed'} style={{ overflowWrap: 'anywhere' }}>
                      {entry.reason ?? 'No reason given'}
                    </Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" style={{ whiteSpace: 'nowrap' }}>
                      {MODE_LABELS[entry.mode]}
                    </Text>
                    <UnstyledButton
                      onClick={() => setOpenId(open ? null : entry.id)}
                      aria-expanded={open}
                      aria-controls={open ? actionsId : undefined}
                      aria-label={`${countOf(entry.actionCount, ACTION)} by ${entry.impersonator.name}: ${open ? 'hide' : 'show'} them`}
                      fz="sm"
                      c="indigo.8"
                      td="underline"
                      style={{ whiteSpace: 'nowrap' }}
                    >
                      {countOf(entry.actionCount, ACTION)} {open ? '▴' : '▾'}
                    </UnstyledButton>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm" fw={isActive(entry, now) ? 600 : undefined}>
                      {describeImpersonationEnd(entry, now)}
                    </Text>
                  </Table.Td>
                </Table.Tr>
                {open && (
                  <Table.Tr>
                    <Table.Td colSpan={COLUMNS} id={actionsId} bg="gray.0">
                      <SupportActions entry={entry} />
                    </Table.Td>
                  </Table.Tr>
                )}
              </Fragment>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** What support did in one session, in the order they did it, with a CSV download of the same list. */
function SupportActions({ entry }: { entry: ImpersonationHistoryEntry }) {
  const actionsQuery = useSupportActions(entry.id);

  if (actionsQuery.isPending) {
    return (
      <Stack gap="xs" aria-busy="true" aria-label="Loading what support did">
        <Skeleton height={24} />
        <Skeleton height={24} />
      </Stack>
    );
  }
  if (actionsQuery.isError) {
    return <LoadError error={actionsQuery.error} title="Could not load what support did" onRetry={() => void actionsQuery.refetch()} />;
  }

  const actions = actionsQuery.data.items;
  if (actions.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        Support made no requests in this session.
      </Text>
    );
  }
  return (
    <Stack gap="sm">
      <Group justify="space-between" gap="sm">
        <Text size="sm" c="dimmed">
          {countOf(actions.length, ACTION)}, oldest first. “Viewed” only read; “Changed” asked to change something.
        </Text>
        <Button
          variant="default"
          size="xs"
          onClick={() => downloadCsv(`support-session-${entry.id}-actions.csv`, supportActionsCsv(actions))}
        >
          Download CSV
        </Button>
      </Group>
      <SupportActionsTable actions={actions} label={`What ${entry.impersonator.name} did`} />
    </Stack>
  );
}
