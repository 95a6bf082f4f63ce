import { Button, Loader, Menu, Text, Tooltip } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { Link } from 'react-router-dom';
import { BuildingIcon, CheckIcon, PlusIcon, SelectorIcon, SettingsIcon } from '@/components/icons';
import { teamRoleLabel } from '@/components/role-badge';
import { paths } from '@/config/paths';
import { errorSentence } from '@/lib/api-client';
import { useSignedInUser } from '@/lib/current-user';
import { useRestriction } from '@/lib/restrictions';
import { useTeams } from '../api/get-teams';
import { useSwitchToTeam } from '../hooks/use-switch-to-team';
import { CreateTeamModal } from './create-team-modal';

/** Header control: shows the current team, lists the person's teams, switches, creates, and leads to the team's settings. */
// Roomy where the header has room (a team name is cut only when it really does not fit), narrow on a phone
// beside the menu button and the account menu.
const SWITCHER_MAX_WIDTH = { base: 230, sm: 360, lg: 480 };

export function TeamSwitcher() {
  const user = useSignedInUser();
  const teamsQuery = useTeams();
  const { switchTo, isSwitching } = useSwitchToTeam();
  const [createOpened, createModal] = useDisclosure(false);
  const switchRestriction = useRestriction('switch_team');
  const createRestriction = useRestriction('create_team');
  const currentTeam = user.currentTeam;
  const currentName = currentTeam?.name ?? 'No team';

  // The API refuses team changes (e.g. during support impersonation): say why instead of failing later.
  if (switchRestriction) {
    return (
      <Tooltip label={switchRestriction.message} withArrow>
        <Button
          variant="default"
          data-disabled
          aria-disabled="true"
          onClick={(event) => event.preventDefault()}
          leftSection={<BuildingIcon size={16} />}
          aria-label={`Current team: ${currentName}. ${switchRestriction.message}`}
          maw={SWITCHER_MAX_WIDTH}
        >
          <Text span truncate fz="sm" fw={600}>
            {currentName}
          </Text>
        </Button>
      </Tooltip>
    );
  }

  return (
    <>
      <Menu position="bottom-start" width={280} shadow="md" withinPortal>
        <Menu.Target>
          <Button
            variant="default"
            loading={isSwitching}
            leftSection={<BuildingIcon size={16} />}
            rightSection={<SelectorIcon size={14} />}
            aria-label={`Current team: ${currentName}. Switch team`}
            maw={SWITCHER_MAX_WIDTH}
          >
            <Text span truncate fz="sm" fw={600}>
              {currentName}
            </Text>
          </Button>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>Your teams</Menu.Label>
          {teamsQuery.isPending && (
            <Menu.Item disabled leftSection={<Loader size={14} />}>
              Loading your teams…
            </Menu.Item>
          )}
          {teamsQuery.isError && (
            <Menu.Item color="red.9" onClick={() => void teamsQuery.refetch()} closeMenuOnClick={false}>
              {errorSentence(teamsQuery.error)} Select to try again.
            </Menu.Item>
          )}
          {teamsQuery.data?.map((team) => {
            const isCurrent = team.id === currentTeam?.id;
            return (
              <Menu.Item
                key={team.id}
                onClick={() => switchTo(team)}
                aria-current={isCurrent ? 'true' : undefined}
                leftSection={isCurrent ? <CheckIcon size={16} /> : <span style={{ width: 16, display: 'inline-block' }} />}
              >
                {/* Wrapped, not cut: two long names may differ only at their end. */}
                <Text span display="block" size="sm" fw={isCurrent ? 600 : 400} maw={210} style={{ overflowWrap: 'anywhere' }}>
                  {team.name}
                </Text>
                <Text span display="block" size="xs" c="dimmed">
                  {teamRoleLabel(team.role)}
                </Text>
              </Menu.Item>
            );
          })}
          <Menu.Divider />
          {currentTeam && (
            <Menu.Item component={Link} to={paths.teamSettings} leftSection={<SettingsIcon size={16} />}>
              Team settings
              <Text span display="block" size="xs" c="dimmed">
                Members and invitations
              </Text>
            </Menu.Item>
          )}
          <Menu.Item leftSection={<PlusIcon size={16} />} onClick={createModal.open} disabled={createRestriction !== null}>
            Create team
            {createRestriction && (
              <Text span display="block" size="xs" c="dimmed">
                {createRestriction.message}
              </Text>
            )}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      <CreateTeamModal opened={createOpened} onClose={createModal.close} />
    </>
  );
}
