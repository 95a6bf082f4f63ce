import { Badge, Button, Group, NativeSelect, Stack, Table, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { TeamMember, TeamRole, TeamSummary } from '@vantage/contracts';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ConfirmModal } from '@/components/confirm-modal';
import { ErrorAlert } from '@/components/error-alert';
import { LoadError, TableSkeleton } from '@/components/list-states';
import { TeamRoleBadge, teamRoleLabel } from '@/components/role-badge';
import { RestrictionNote } from '@/components/restriction';
import { TableCard, type TableColumn } from '@/components/table-card';
import { TruncatedText } from '@/components/truncated-text';
import { paths } from '@/config/paths';
import { useSignedInUser } from '@/lib/current-user';
import { formatDate } from '@/lib/format-date';
import { useRestriction } from '@/lib/restrictions';
import { useChangeMemberRole } from '../api/change-member-role';
import { useTeamMembers } from '../api/get-team-members';
import { useLeaveTeam } from '../api/leave-team';
import { useRemoveMember } from '../api/remove-member';
import { useOwnerRefusal } from '../hooks/use-owner-refusal';

const MEMBER_COLUMNS: TableColumn[] = [
  { label: 'Member' },
  { label: 'Role' },
  { label: 'Two-factor' },
  { label: 'Joined' },
  { label: 'Actions', labelHidden: true },
];

const ROLE_OPTIONS = (['member', 'owner'] as const).map((role) => ({ value: role, label: teamRoleLabel(role) }));

const displayName = (member: TeamMember) => member.user.name.trim() || member.user.email;
const withArticle = (role: TeamRole) => (role === 'owner' ? 'an owner' : 'a member');

/** What the confirmation dialog is asking about. */
type Confirmation = { kind: 'remove'; member: TeamMember } | { kind: 'leave' } | { kind: 'step-down'; member: TeamMember };

/**
 * The team's members: name, email, role, two-factor, when they joined. Owners change roles and remove
 * people; everyone can leave. The API refuses what would leave the team without an owner (LAST_OWNER),
 * and the page says so in words.
 */
export function TeamMembers({ team }: { team: TeamSummary }) {
  const me = useSignedInUser();
  const navigate = useNavigate();
  const restriction = useRestriction('manage_team');
  const membersQuery = useTeamMembers(team.id);
  const changeRole = useChangeMemberRole(team.id);
  const removeMember = useRemoveMember(team.id);
  const leaveTeam = useLeaveTeam();
  const noteOwnerRefusal = useOwnerRefusal();
  const [roleError, setRoleError] = useState<unknown>(null);
  const [confirming, setConfirming] = useState<Confirmation | null>(null);

  const isOwner = team.role === 'owner';
  const canManage = isOwner && restriction === null;
  // Leaving is refused with the owner routes (e.g. support working in the account must not take the customer out of their team).
  const leavingBlocked = restriction !== null;

  const applyRole = (member: TeamMember, role: TeamRole) => {
    setRoleError(null);
    changeRole.mutate(
      { userId: member.user.id, role },
      {
        onSuccess: () => {
          setConfirming(null);
          const who = member.user.id === me.id ? 'You are' : `${displayName(member)} is`;
          notifications.show({ color: 'indigo', title: 'Role changed', message: `${who} now ${withArticle(role)} of ${team.name}.` });
        },
        onError: (error) => {
          noteOwnerRefusal(error);
          setRoleError(error);
        },
      },
    );
  };

  const requestRole = (member: TeamMember, role: TeamRole) => {
    if (role === member.role) return;
    if (member.user.id === me.id && role === 'member') {
      changeRole.reset();
      setConfirming({ kind: 'step-down', member });
      return;
    }
    applyRole(member, role);
  };

  const openConfirmation = (confirmation: Confirmation) => {
    changeRole.reset();
    removeMember.reset();
    leaveTeam.reset();
    setRoleError(null);
    setConfirming(confirmation);
  };

  const confirm = () => {
    if (!confirming) return;
    if (confirming.kind === 'step-down') {
      applyRole(confirming.member, 'member');
      return;
    }
    if (confirming.kind === 'remove') {
      const { member } = confirming;
      removeMember.mutate(member.user.id, {
        onSuccess: () => {
          setConfirming(null);
          notifications.show({
            color: 'indigo',
            title: 'Member removed',
            message: `${displayName(member)} no longer has access to ${team.name}. We emailed them about it.`,
          });
        },
        onError: noteOwnerRefusal,
      });
      return;
    }
    leaveTeam.mutate(team.id, {
      onSuccess: ({ nextTeam, moveOn }) => {
        setConfirming(null);
        void (async () => {
          // Leave this page before the session moves on, so it never shows (or asks for) the next team.
          await navigate(paths.home, { flushSync: true });
          await moveOn();
          notifications.show({
            color: 'indigo',
            title: `You left ${team.name}`,
            message: nextTeam
              ? `You are now working in ${nextTeam.name}.`
              : 'You are not in any team now. Create one, or ask to be invited, from the team menu.',
          });
        })();
      },
    });
  };

  const renderActions = (member: TeamMember) => {
    const name = displayName(member);
    if (member.user.id === me.id) {
      return (
        <Button variant="light" color="red" size="xs" onClick={() => openConfirmation({ kind: 'leave' })} disabled={leavingBlocked}>
          Leave team
        </Button>
      );
    }
    if (!isOwner) return null;
    return (
      <Button
        variant="subtle"
        color="red"
        size="xs"
        onClick={() => openConfirmation({ kind: 'remove', member })}
        disabled={!canManage}
        aria-label={`Remove ${name}`}
      >
        Remove
      </Button>
    );
  };

  const renderRole = (member: TeamMember) => {
    if (!isOwner) return <TeamRoleBadge role={member.role} />;
    const requested = changeRole.isPending && changeRole.variables?.userId === member.user.id ? changeRole.variables.role : null;
    return (
      <NativeSelect
        aria-label={`Role of ${displayName(member)}`}
        data={ROLE_OPTIONS}
        value={requested ?? member.role}
        onChange={(event) => requestRole(member, event.currentTarget.value as TeamRole)}
        disabled={!canManage || requested !== null}
        size="xs"
        w={120}
      />
    );
  };

  if (membersQuery.isPending) return <TableSkeleton label="Loading the team’s members" rows={3} />;
  if (membersQuery.isError) {
    return <LoadError error={membersQuery.error} title="Could not load the team’s members" onRetry={() => void membersQuery.refetch()} />;
  }

  const members = membersQuery.data.items;
  const dialog = dialogWords(confirming, team);
  const dialogMutation = confirming?.kind === 'remove' ? removeMember : confirming?.kind === 'leave' ? leaveTeam : changeRole;

  return (
    <Stack gap="sm">
      <RestrictionNote restriction={restriction} />
      {roleError !== null && <ErrorAlert error={roleError} title="The role was not changed" />}
      {members.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody is in this team yet.
        </Text>
      ) : (
        <TableCard label="Members" columns={MEMBER_COLUMNS} minWidth={680}>
          {members.map((member) => (
            <Table.Tr key={member.user.id}>
              <Table.Td maw={320}>
                <Group gap={6} wrap="nowrap" align="flex-start">
                  <TruncatedText text={displayName(member)} maxWidth={240} fw={600} />
                  {member.user.id === me.id && (
                    <Badge variant="light" color="indigo" radius="sm" size="sm" style={{ flexShrink: 0 }}>
                      You
                    </Badge>
                  )}
                </Group>
                <TruncatedText text={member.user.email} maxWidth={280} size="xs" c="dimmed" />
              </Table.Td>
              <Table.Td>{renderRole(member)}</Table.Td>
              <Table.Td>
                <Badge variant="light" color={member.isTwoFactorEnabled ? 'indigo' : 'gray'} radius="sm">
                  {member.isTwoFactorEnabled ? 'On' : 'Off'}
                </Badge>
              </Table.Td>
              <Table.Td>
                <Text size="sm" component="time" dateTime={member.joinedAt}>
                  {formatDate(member.joinedAt)}
                </Text>
              </Table.Td>
              <Table.Td ta="right">{renderActions(member)}</Table.Td>
            </Table.Tr>
          ))}
        </TableCard>
      )}
      <ConfirmModal
        opened={confirming !== null}
        title={dialog.title}
        confirmLabel={dialog.confirmLabel}
        errorTitle={dialog.errorTitle}
        onConfirm={confirm}
        onClose={() => {
          if (!dialogMutation.isPending) setConfirming(null);
        }}
        pending={dialogMutation.isPending}
        error={dialogMutation.error}
      >
        {dialog.body}
      </ConfirmModal>
    </Stack>
  );
}

function dialogWords(confirming: Confirmation | null, team: TeamSummary) {
  if (confirming?.kind === 'remove') {
    const name = displayName(confirming.member);
    return {
      title: `Remove ${name}?`,
      body: `${name} loses access to ${team.name} — its businesses, leads and audit log — at once, and is emailed about it. You can invite them again later.`,
      confirmLabel: 'Remove from team',
      errorTitle: `${name} is still a member`,
    };
  }
  if (confirming?.kind === 'step-down') {
    return {
      title: 'Stop being an owner?',
      body: `You will be a member of ${team.name}: you can no longer rename it, invite people or change their roles. Another owner can make you an owner again.`,
      confirmLabel: 'Make me a member',
      errorTitle: 'You are still an owner',
    };
  }
  return {
    title: `Leave ${team.name}?`,
    body: `You lose access to its businesses, leads and audit log at once. To come back, an owner has to invite you again.`,
    confirmLabel: 'Leave team',
    errorTitle: 'You are still a member',
  };
}
