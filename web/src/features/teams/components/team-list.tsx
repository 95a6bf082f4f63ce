import { Badge, Button, EmptyState, Group, Skeleton, Stack, Text } from '@mantine/core';
import { UsersIcon } from '@/components/icons';
import { LoadError } from '@/components/list-states';
import { TeamRoleBadge } from '@/components/role-badge';
import { RestrictionNote } from '@/components/restriction';
import { useSignedInUser } from '@/lib/current-user';
import { useRestriction } from '@/lib/restrictions';
import { useTeams } from '../api/get-teams';
import { useSwitchToTeam } from '../hooks/use-switch-to-team';

/** Every team the person belongs to, with their role and a way to switch. */
export function TeamList({ onCreateTeam }: { onCreateTeam: () => void }) {
  const user = useSignedInUser();
  const teamsQuery = useTeams();
  const { switchTo, switchingToTeamId, isSwitching } = useSwitchToTeam();
  const switchRestriction = useRestriction('switch_team');
  const createRestriction = useRestriction('create_team');

  if (teamsQuery.isPending) {
    return (
      <Stack gap="sm" aria-busy="true" aria-label="Loading your teams">
        <Skeleton height={44} />
        <Skeleton height={44} />
      </Stack>
    );
  }

  if (teamsQuery.isError) {
    return <LoadError error={teamsQuery.error} title="Could not load your teams" onRetry={() => void teamsQuery.refetch()} />;
  }

  if (teamsQuery.data.length === 0) {
    return (
      <EmptyState
        size="sm"
        icon={<UsersIcon size={28} />}
        withIndicatorBackground
        title="You are not in a team yet"
        description="Create a team to start tracking businesses and leads."
      >
        <EmptyState.Actions>
          <Button onClick={onCreateTeam} disabled={createRestriction !== null} title={createRestriction?.message}>
            Create team
          </Button>
        </EmptyState.Actions>
      </EmptyState>
    );
  }

  return (
    <Stack gap="xs">
      <RestrictionNote restriction={switchRestriction} />
      <Stack component="ul" gap={0} p={0} m={0} style={{ listStyle: 'none' }} aria-label="Your teams">
        {teamsQuery.data.map((team) => {
          const isCurrent = team.id === user.currentTeam?.id;
          return (
            <Group
              component="li"
              key={team.id}
              justify="space-between"
              wrap="nowrap"
              py="xs"
              style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
            >
              <Group gap="sm" wrap="nowrap" miw={0} style={{ flex: 1 }}>
                {/* Wrapped, not cut: two long names may differ only at their end. */}
                <Text fw={600} size="sm" miw={0} style={{ overflowWrap: 'anywhere' }}>
                  {team.name}
                </Text>
                <div style={{ flexShrink: 0 }}>
                  <TeamRoleBadge role={team.role} />
                </div>
              </Group>
              <div style={{ flexShrink: 0 }}>
                {isCurrent ? (
                  <Badge variant="light" color="indigo" radius="sm">
                    Current
                  </Badge>
                ) : (
                  <Button
                    variant="light"
                    size="xs"
                    onClick={() => switchTo(team)}
                    loading={switchingToTeamId === team.id}
                    disabled={switchRestriction !== null || (isSwitching && switchingToTeamId !== team.id)}
                    aria-label={`Switch to ${team.name}`}
                  >
                    Switch
                  </Button>
                )}
              </div>
            </Group>
          );
        })}
      </Stack>
    </Stack>
  );
}
