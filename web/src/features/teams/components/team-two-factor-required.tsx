import { Alert, Button, Group, Stack, Text } from '@mantine/core';
import type { TeamRequiringTwoFactor } from '@vantage/contracts';
import { useEffect, useRef } from 'react';
import { useNavigate } from 'react-router-dom';
import { paths } from '@/config/paths';
import { useSignedInUser } from '@/lib/current-user';
import { useTeams } from '../api/get-teams';
import { useSwitchToTeam } from '../hooks/use-switch-to-team';

/** Buttons that carry a team's name wrap it onto more lines rather than widen the notice past a phone's width. */
const NAMED_BUTTON_STYLES = {
  root: { height: 'auto', maxWidth: '100%', paddingBlock: 6 },
  label: { whiteSpace: 'normal', overflowWrap: 'anywhere', textAlign: 'left', lineHeight: 1.35 },
} as const;

interface TeamTwoFactorRequiredProps {
  /** Where the person was going when their team sent them here (an internal path), to go back to once 2FA is on. */
  returnTo: string | null;
}

/**
 * At the top of the two-factor setup: why the person was brought here (their team requires 2FA), with
 * the other teams they can switch to instead; once 2FA is on, the way back to the team's pages. It does
 * not leave by itself: an authenticator app's recovery codes are shown once, on this page.
 */
export function TeamTwoFactorRequired({ returnTo }: TeamTwoFactorRequiredProps) {
  const user = useSignedInUser();
  const navigate = useNavigate();
  const requiredBy = user.twoFactorRequiredBy;
  // The team that asked, remembered once its requirement is met (the answer from /auth/me is then null).
  const askedBy = useRef<TeamRequiringTwoFactor | null>(requiredBy);
  const currentTeamId = user.currentTeam?.id ?? null;
  useEffect(() => {
    if (requiredBy) {
      askedBy.current = requiredBy;
      return;
    }
    // They chose to work in another team instead: its pages, not this one, are where they were going.
    if (askedBy.current && currentTeamId !== askedBy.current.teamId) {
      askedBy.current = null;
      void navigate(paths.businesses);
    }
  }, [requiredBy, currentTeamId, navigate]);

  if (requiredBy) return <RequiredNotice team={requiredBy} />;

  const met = askedBy.current;
  if (!met || user.currentTeam?.id !== met.teamId || !user.isTwoFactorEnabled) return null;
  return (
    <Alert color="indigo" variant="light" title="Two-factor authentication is on">
      <Stack gap="sm" miw={0}>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          You can work in {met.teamName} again.
        </Text>
        <Group>
          <Button onClick={() => void navigate(returnTo ?? paths.businesses)} styles={NAMED_BUTTON_STYLES}>
            Continue to {met.teamName}
          </Button>
        </Group>
      </Stack>
    </Alert>
  );
}

function RequiredNotice({ team }: { team: TeamRequiringTwoFactor }) {
  const teamsQuery = useTeams();
  const { switchTo, isSwitching, switchingToTeamId } = useSwitchToTeam();
  const otherTeams = (teamsQuery.data ?? []).filter((other) => other.id !== team.teamId);

  return (
    <Alert color="indigo" variant="light" title="Two-factor authentication required">
      <Stack gap="sm" miw={0}>
        <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
          {team.teamName} requires two-factor authentication for its members. Set it up to continue.
        </Text>
        {otherTeams.length > 0 && (
          <Stack gap={6}>
            <Text size="sm">Or work in another of your teams:</Text>
            <Group gap="xs">
              {otherTeams.map((other) => (
                <Button
                  key={other.id}
                  variant="default"
                  size="xs"
                  loading={switchingToTeamId === other.id}
                  disabled={isSwitching}
                  onClick={() => switchTo(other)}
                  aria-label={`Switch to ${other.name}`}
                  styles={NAMED_BUTTON_STYLES}
                >
                  {other.name}
                </Button>
              ))}
            </Group>
          </Stack>
        )}
      </Stack>
    </Alert>
  );
}
