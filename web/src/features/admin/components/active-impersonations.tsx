import { Badge, Button, Group, Paper, Skeleton, Stack, Table, Text, VisuallyHidden } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { ActiveImpersonation } from '@vantage/contracts';
import { useState } from 'react';
import { ConfirmModal } from '@/components/confirm-modal';
import { ErrorAlert } from '@/components/error-alert';
import { ShieldIcon } from '@/components/icons';
import { useSignedInUser } from '@/lib/current-user';
import { formatClock } from '@/lib/format';
import { formatDateTime } from '@/lib/format-date';
import { MODE_LABELS } from '@/lib/support-access-words';
import { useSecondsUntil } from '@/lib/use-countdown';
import { useEndImpersonation } from '../api/end-impersonation';
import { ACTIVE_IMPERSONATIONS_REFRESH_MS, useActiveImpersonations } from '../api/get-active-impersonations';
import { EmptyMessage } from './empty-message';
import { SupportActionsDialog } from './support-actions-dialog';

const timeOfDay = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit', second: '2-digit' });

/** The impersonations running now, refreshed every 15 s; super admins can end any of them, an admin their own. */
export function ActiveImpersonations() {
  const user = useSignedInUser();
  const endsAny = user.role === 'super_admin';
  // The API's rule: a super admin ends any, an admin only one they started (left running in a closed tab).
  const mayEnd = (session: ActiveImpersonation) => endsAny || session.impersonator.id === user.id;
  const impersonationsQuery = useActiveImpersonations();
  const [toEnd, setToEnd] = useState<ActiveImpersonation | null>(null);
  const [actionsOf, setActionsOf] = useState<ActiveImpersonation | null>(null);

  if (impersonationsQuery.isPending) {
    return (
      <Stack gap="xs" role="status" aria-busy="true" aria-label="Loading active impersonations">
        <Skeleton height={36} />
        <Skeleton height={56} />
        <Skeleton height={56} />
      </Stack>
    );
  }

  if (impersonationsQuery.isError && !impersonationsQuery.data) {
    return (
      <Stack gap="sm" align="flex-start">
        <ErrorAlert error={impersonationsQuery.error} title="Could not load the active impersonations" w="100%" />
        <Button variant="default" onClick={() => void impersonationsQuery.refetch()}>
          Try again
        </Button>
      </Stack>
    );
  }

  const sessions = impersonationsQuery.data;
  const refreshSeconds = ACTIVE_IMPERSONATIONS_REFRESH_MS / 1000;
  const canEnd = sessions.some(mayEnd);
  const actionCount = (count: number) => `${count} ${count === 1 ? 'action' : 'actions'}`;

  return (
    <Stack gap="md">
      <Group justify="space-between" gap="sm">
        <Text size="sm" c="dimmed">
          Refreshes every {refreshSeconds} seconds. Last updated{' '}
          <time dateTime={new Date(impersonationsQuery.dataUpdatedAt).toISOString()}>
            {timeOfDay.format(impersonationsQuery.dataUpdatedAt)}
          </time>
          .{!endsAny && ' Only super admins can end an impersonation started by someone else.'}
        </Text>
        <Button variant="default" size="xs" onClick={() => void impersonationsQuery.refetch()} loading={impersonationsQuery.isFetching}>
          Refresh now
        </Button>
      </Group>

      {impersonationsQuery.isError && (
        <ErrorAlert error={impersonationsQuery.error} title="Could not refresh the list">
          {' '}
          The sessions below may have changed since.
        </ErrorAlert>
      )}

      {sessions.length === 0 ? (
        <EmptyMessage
          icon={<ShieldIcon size={28} />}
          title="No impersonations running"
          description="When an admin starts working as a user, the session shows here until it ends."
        />
      ) : (
        <Paper withBorder radius="md" px="sm" py={4}>
          <Table.ScrollContainer minWidth={1240}>
            <Table verticalSpacing="sm" aria-label="Active impersonations" highlightOnHover>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Admin</Table.Th>
                  <Table.Th scope="col">User</Table.Th>
                  <Table.Th scope="col">Team</Table.Th>
                  <Table.Th scope="col">Reason</Table.Th>
                  <Table.Th scope="col">Mode</Table.Th>
                  <Table.Th scope="col">Activity</Table.Th>
                  <Table.Th scope="col">Started</Table.Th>
                  <Table.Th scope="col" style={{ whiteSpace: 'nowrap' }}>
                    Time left
                  </Table.Th>
                  {canEnd && (
                    <Table.Th scope="col">
                      <VisuallyHidden>Actions</VisuallyHidden>
                    </Table.Th>
                  )}
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {sessions.map((session) => (
                  <Table.Tr key={session.id}>
                    <Table.Td>
                      <Person name={session.impersonator.name} email={session.impersonator.email} />
                    </Table.Td>
                    <Table.Td>
                      <Person name={session.impersonated.name} email={session.impersonated.email} />
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm">{session.team?.name ?? '—'}</Text>
                    </Table.Td>
                    <Table.Td maw={280}>
                      {session.reason ? (
                        <Text size="sm" style={{ overflowWrap: 'anywhere' }} lineClamp={3} title={session.reason}>
                          {session.reason}
                        </Text>
                      ) : (
                        <Text size="sm" c="dimmed">
                          No reason given
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Badge variant="light" color={session.mode === 'read' ? 'gray' : 'indigo'} radius="sm">
                        {MODE_LABELS[session.mode]}
                      </Badge>
                    </Table.Td>
                    <Table.Td>
                      <Stack gap={2} align="flex-start">
                        <Text size="sm" style={{ whiteSpace: 'nowrap', fontVariantNumeric: 'tabular-nums' }}>
                          {actionCount(session.actionCount)}
                        </Text>
                        <Button
                          size="compact-xs"
                          variant="subtle"
                          onClick={() => setActionsOf(session)}
                          aria-label={`View actions: ${session.impersonator.name} impersonating ${session.impersonated.name}`}
                        >
                          View actions
                        </Button>
                      </Stack>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Text size="sm" component="time" dateTime={session.startedAt}>
                        {formatDateTime(session.startedAt)}
                      </Text>
                    </Table.Td>
                    <Table.Td>
                      <TimeLeft expiresAt={session.expiresAt} />
                    </Table.Td>
                    {canEnd && (
                      <Table.Td>
                        {mayEnd(session) && (
                          <Button
                            size="xs"
                            color="red"
                            variant="light"
                            onClick={() => setToEnd(session)}
                            aria-label={`End now: ${session.impersonator.name} impersonating ${session.impersonated.name}`}
                          >
                            End now
                          </Button>
                        )}
                      </Table.Td>
                    )}
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}

      <EndImpersonationDialog session={toEnd} onClose={() => setToEnd(null)} />
      <SupportActionsDialog session={actionsOf} onClose={() => setActionsOf(null)} />
    </Stack>
  );
}

function Person({ name, email }: { name: string; email: string }) {
  return (
    <Stack gap={0}>
      <Text size="sm" fw={500}>
        {name}
      </Text>
      <Text size="xs" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
        {email}
      </Text>
    </Stack>
  );
}

function TimeLeft({ expiresAt }: { expiresAt: string }) {
  const secondsLeft = useSecondsUntil(Date.parse(expiresAt));
  if (secondsLeft === 0) {
    return (
      <Text size="sm" c="dimmed">
        Ending
      </Text>
    );
  }
  return (
    <Text size="sm" ff="monospace" fw={600}>
      {formatClock(secondsLeft)}
    </Text>
  );
}

function EndImpersonationDialog({ session, onClose }: { session: ActiveImpersonation | null; onClose: () => void }) {
  const endMutation = useEndImpersonation();

  const close = () => {
    endMutation.reset();
    onClose();
  };

  const confirm = () => {
    if (!session) return;
    endMutation.mutate(session.id, {
      onSuccess: () => {
        notifications.show({
          color: 'indigo',
          title: 'Impersonation ended',
          message: `${session.impersonator.name} no longer has access to ${session.impersonated.name}'s account.`,
        });
        close();
      },
    });
  };

  return (
    <ConfirmModal
      opened={session !== null}
      title="End this impersonation?"
      confirmLabel="End impersonation"
      onConfirm={confirm}
      onClose={close}
      pending={endMutation.isPending}
      error={endMutation.error}
      errorTitle="Could not end the impersonation"
      errorDetail="The list has been refreshed."
    >
      {session && (
        <>
          {session.impersonator.name} is working as {session.impersonated.name}
          {session.team ? ` in ${session.team.name}` : ''}. Ending it now signs {session.impersonator.name} out of{' '}
          {session.impersonated.name}&apos;s account on their next click; it cannot be resumed.
        </>
      )}
    </ConfirmModal>
  );
}
