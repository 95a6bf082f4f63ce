import { Anchor, Skeleton, Stack, Switch, Text } from '@mantine/core';
import { useDisclosure, useId } from '@mantine/hooks';
import { notifications } from '@mantine/notifications';
import type { TeamMember, TeamSummary } from '@vantage/contracts';
import { Link } from 'react-router-dom';
import { ConfirmModal } from '@/components/confirm-modal';
import { ErrorAlert } from '@/components/error-alert';
import { LoadError } from '@/components/list-states';
import { paths } from '@/config/paths';
import { useSignedInUser } from '@/lib/current-user';
import { countOf } from '@/lib/plural';
import { useRestriction } from '@/lib/restrictions';
import { useTeamMembers } from '../api/get-team-members';
import { useTeamSettings } from '../api/get-team-settings';
import { useUpdateTeam } from '../api/update-team';
import { useOwnerRefusal } from '../hooks/use-owner-refusal';

const MEMBER = { one: 'member', other: 'members' };

/** What the requirement means for the people of the team, under the switch. */
const EXPLANATION =
  'Members without two-factor authentication are asked to set it up before they can see the team’s businesses, leads, audit log and members. While it is required, nobody in the team can turn their own two-factor off.';

/** The people who will be asked to set two-factor up, in words for the confirmation. */
export function withoutTwoFactorSentence(members: TeamMember[] | undefined): string {
  if (!members) return 'Members without two-factor authentication will be asked to set it up before they can continue.';
  const count = members.filter((member) => !member.isTwoFactorEnabled).length;
  if (count === 0) return 'Everyone in the team already uses two-factor authentication.';
  return `${countOf(count, MEMBER)} ${count === 1 ? 'does' : 'do'} not have two-factor authentication yet. They’ll be asked to set it up the next time they open the team’s pages, and cannot see its data until they do.`;
}

/** Team settings: owners require two-factor of everyone in the team (SPEC §11); members read whether it is required. */
export function TeamTwoFactorRequirement({ team }: { team: TeamSummary }) {
  const user = useSignedInUser();
  const settingsQuery = useTeamSettings(team.id);
  const isOwner = team.role === 'owner';
  // Only an owner's confirmation counts the people without 2FA; the list is the one the Members section reads.
  const membersQuery = useTeamMembers(team.id);
  const restriction = useRestriction('manage_team');
  const updateTeam = useUpdateTeam(team.id);
  const noteOwnerRefusal = useOwnerRefusal();
  const [confirming, confirmModal] = useDisclosure(false);
  const explanationId = useId();

  if (settingsQuery.isPending) {
    return (
      <Stack gap="xs" aria-busy="true" aria-label="Loading the two-factor requirement">
        <Skeleton height={24} width="50%" />
        <Skeleton height={16} width="80%" />
      </Stack>
    );
  }
  if (settingsQuery.isError) {
    return (
      <LoadError
        error={settingsQuery.error}
        title="Could not load the two-factor requirement"
        onRetry={() => void settingsQuery.refetch()}
      />
    );
  }

  const required = settingsQuery.data.requireTwoFactor;
  if (!isOwner) {
    return (
      <Stack gap={4}>
        <Text fw={600}>
          {required ? 'Two-factor authentication is required for everyone' : 'Two-factor authentication is not required'}
        </Text>
        <Text size="sm" c="dimmed">
          {required ? EXPLANATION : 'Each member decides for themselves.'} Only the team’s owners can change it.
        </Text>
      </Stack>
    );
  }

  // Switching it on needs the owner's own 2FA; switching it off never does (the API says the same).
  const ownTwoFactorMissing = !required && !user.isTwoFactorEnabled;
  const disabled = restriction !== null || updateTeam.isPending || ownTwoFactorMissing;

  const save = (requireTwoFactor: boolean) =>
    updateTeam.mutate(
      { requireTwoFactor },
      {
        onSuccess: (saved) => {
          confirmModal.close();
          notifications.show({
            color: 'indigo',
            title: saved.requireTwoFactor ? 'Two-factor required' : 'Two-factor no longer required',
            message: saved.requireTwoFactor
              ? `Everyone in ${saved.name} now needs two-factor authentication to see the team’s data.`
              : `Members of ${saved.name} may work without two-factor authentication again.`,
          });
        },
        onError: noteOwnerRefusal,
      },
    );

  return (
    <Stack gap="xs">
      <Switch
        checked={required}
        onChange={(event) => {
          updateTeam.reset();
          if (event.currentTarget.checked) confirmModal.open();
          else save(false);
        }}
        disabled={disabled}
        label="Require two-factor for everyone"
        aria-describedby={explanationId}
        size="md"
      />
      <Text size="sm" c="dimmed" id={explanationId} maw={640}>
        {EXPLANATION}
        {restriction && ` ${restriction.message}`}
      </Text>
      {ownTwoFactorMissing && (
        <Text size="sm">
          Turn on two-factor authentication for your own account first.{' '}
          <Anchor component={Link} to={paths.twoFactorSettings}>
            Set up two-factor authentication
          </Anchor>
        </Text>
      )}
      {updateTeam.isError && !confirming && <ErrorAlert error={updateTeam.error} title="The requirement was not changed" />}
      <ConfirmModal
        opened={confirming}
        title={`Require two-factor for everyone in ${team.name}?`}
        confirmLabel="Require two-factor"
        onConfirm={() => save(true)}
        onClose={confirmModal.close}
        pending={updateTeam.isPending}
        error={updateTeam.error}
        errorTitle="The requirement was not changed"
      >
        {withoutTwoFactorSentence(membersQuery.data?.items)}
      </ConfirmModal>
    </Stack>
  );
}
