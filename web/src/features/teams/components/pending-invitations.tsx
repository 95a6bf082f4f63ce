import { Button, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { PendingInvitation, TeamSummary } from '@vantage/contracts';
import { useState } from 'react';
import { ErrorAlert } from '@/components/error-alert';
import { LoadError, TableSkeleton } from '@/components/list-states';
import { TeamRoleBadge } from '@/components/role-badge';
import { RestrictionNote } from '@/components/restriction';
import { TableCard, type TableColumn } from '@/components/table-card';
import { formatDateTime, formatRelativeTime } from '@/lib/format-date';
import { useRestriction } from '@/lib/restrictions';
import { usePendingInvitations } from '../api/get-invitations';
import { useWithdrawInvitation } from '../api/withdraw-invitation';
import { useOwnerRefusal } from '../hooks/use-owner-refusal';

const INVITATION_COLUMNS: TableColumn[] = [
  { label: 'Email' },
  { label: 'Role' },
  { label: 'Invited by' },
  { label: 'Expires' },
  { label: 'Actions', labelHidden: true },
];

/**
 * Owners only: invitations sent and not yet used, with Withdraw (the emailed link stops working).
 * During an impersonation the API refuses the list itself, so it is not asked for.
 */
export function PendingInvitations({ team }: { team: TeamSummary }) {
  const restriction = useRestriction('manage_team');
  const invitationsQuery = usePendingInvitations(team.id, restriction === null);
  const withdraw = useWithdrawInvitation(team.id);
  const noteOwnerRefusal = useOwnerRefusal();
  const [withdrawError, setWithdrawError] = useState<unknown>(null);

  if (restriction) return <RestrictionNote restriction={restriction} />;
  if (invitationsQuery.isPending) return <TableSkeleton label="Loading pending invitations" rows={2} />;
  if (invitationsQuery.isError) {
    return (
      <LoadError error={invitationsQuery.error} title="Could not load the invitations" onRetry={() => void invitationsQuery.refetch()} />
    );
  }

  const invitations = invitationsQuery.data.items;
  if (invitations.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No invitations are waiting for an answer.
      </Text>
    );
  }

  const handleWithdraw = (invitation: PendingInvitation) => {
    setWithdrawError(null);
    withdraw.mutate(invitation.id, {
      onSuccess: () =>
        notifications.show({
          color: 'indigo',
          title: 'Invitation withdrawn',
          message: `The link sent to ${invitation.email} no longer works.`,
        }),
      onError: (error) => {
        noteOwnerRefusal(error);
        setWithdrawError(error);
      },
    });
  };

  const now = Date.now();
  return (
    <Stack gap="sm">
      {withdrawError !== null && <ErrorAlert error={withdrawError} title="The invitation was not withdrawn" />}
      <TableCard label="Pending invitations" columns={INVITATION_COLUMNS} minWidth={640}>
        {invitations.map((invitation) => {
          const withdrawing = withdraw.isPending && withdraw.variables === invitation.id;
          return (
            <Table.Tr key={invitation.id}>
              {/* Wide enough on a phone that a long address breaks at its dots and dashes, not every few letters. */}
              <Table.Td miw={260} maw={300}>
                <Text size="sm" fw={600} style={{ overflowWrap: 'anywhere' }}>
                  {invitation.email}
                </Text>
              </Table.Td>
              <Table.Td>
                <TeamRoleBadge role={invitation.role} />
              </Table.Td>
              <Table.Td maw={200}>
                <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                  {invitation.invitedBy.name}
                </Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{formatRelativeTime(invitation.expiresAt, now)}</Text>
                <Text size="xs" c="dimmed" component="time" dateTime={invitation.expiresAt}>
                  {formatDateTime(invitation.expiresAt)}
                </Text>
              </Table.Td>
              <Table.Td ta="right">
                <Button
                  variant="subtle"
                  color="red"
                  size="xs"
                  onClick={() => handleWithdraw(invitation)}
                  loading={withdrawing}
                  disabled={withdraw.isPending && !withdrawing}
                  aria-label={`Withdraw the invitation to ${invitation.email}`}
                >
                  Withdraw
                </Button>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </TableCard>
    </Stack>
  );
}
