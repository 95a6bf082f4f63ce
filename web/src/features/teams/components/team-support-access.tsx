import { Alert, Anchor, Button, Group, Radio, Skeleton, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import type { SupportAccessPolicy, TeamSummary } from '@vantage/contracts';
import { useState, type FormEvent } from 'react';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { LoadError } from '@/components/list-states';
import { paths } from '@/config/paths';
import { RestrictedFieldset, RestrictionNote } from '@/components/restriction';
import { useRestriction } from '@/lib/restrictions';
import { SUPPORT_ACCESS_POLICY_WORDS } from '@/lib/support-access-words';
import { useTeamSettings } from '../api/get-team-settings';
import { useUpdateTeam } from '../api/update-team';
import { useOwnerRefusal } from '../hooks/use-owner-refusal';

/** From the most open to the strictest: moving right ends the support sessions the new choice does not allow. */
const POLICIES: readonly SupportAccessPolicy[] = ['allowed', 'approval', 'never'];

const isTightening = (from: SupportAccessPolicy, to: SupportAccessPolicy) => POLICIES.indexOf(to) > POLICIES.indexOf(from);

/** Who from Vantage support may enter the team: owners choose, members read the choice. */
export function TeamSupportAccess({ team }: { team: TeamSummary }) {
  const settingsQuery = useTeamSettings(team.id);

  if (settingsQuery.isPending) {
    return (
      <Stack gap="xs" aria-busy="true" aria-label="Loading support access">
        <Skeleton height={24} width="60%" />
        <Skeleton height={24} width="70%" />
        <Skeleton height={24} width="40%" />
      </Stack>
    );
  }
  if (settingsQuery.isError) {
    return <LoadError error={settingsQuery.error} title="Could not load support access" onRetry={() => void settingsQuery.refetch()} />;
  }

  const current = settingsQuery.data.supportAccess;
  if (team.role !== 'owner') {
    return (
      <Stack gap={4}>
        <Text fw={600}>{SUPPORT_ACCESS_POLICY_WORDS[current].label}</Text>
        <Text size="sm">{SUPPORT_ACCESS_POLICY_WORDS[current].meaning}</Text>
        <Text size="sm" c="dimmed">
          Only the team’s owners can change it.
        </Text>
      </Stack>
    );
  }
  // A form per saved value: after saving (here or elsewhere), the choice starts from what the API holds.
  return <SupportAccessForm key={current} teamId={team.id} current={current} />;
}

function SupportAccessForm({ teamId, current }: { teamId: string; current: SupportAccessPolicy }) {
  const restriction = useRestriction('manage_team');
  const updateTeam = useUpdateTeam(teamId);
  const noteOwnerRefusal = useOwnerRefusal();
  const [choice, setChoice] = useState<SupportAccessPolicy>(current);
  const tightening = isTightening(current, choice);

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    updateTeam.mutate(
      { supportAccess: choice },
      {
        onSuccess: (saved) =>
          notifications.show({
            color: 'indigo',
            title: 'Support access changed',
            message: `${SUPPORT_ACCESS_POLICY_WORDS[saved.supportAccess].label}: ${SUPPORT_ACCESS_POLICY_WORDS[saved.supportAccess].meaning}`,
          }),
        onError: noteOwnerRefusal,
      },
    );
  };

  return (
    <form onSubmit={handleSubmit} noValidate aria-label="Support access">
      <Stack gap="md">
        <RestrictionNote restriction={restriction} duringImpersonation="Only the team’s owners decide about support access." />
        {updateTeam.isError && <ErrorAlert error={updateTeam.error} title="Support access was not changed" />}
        <RestrictedFieldset restriction={restriction}>
          <Stack gap="md">
            <Radio.Group value={choice} onChange={(value) => setChoice(value)} label="Who from Vantage support may enter this team">
              <Stack gap="sm" mt="xs">
                {POLICIES.map((policy) => (
                  <Radio
                    key={policy}
                    value={policy}
                    label={SUPPORT_ACCESS_POLICY_WORDS[policy].label}
                    description={SUPPORT_ACCESS_POLICY_WORDS[policy].meaning}
                  />
                ))}
              </Stack>
            </Radio.Group>
            {current === 'approval' && !tightening && (
              <Text size="sm">
                Support’s requests and your answers are on the{' '}
                <Anchor component={Link} to={paths.accessRequests}>
                  Access requests
                </Anchor>{' '}
                page.
              </Text>
            )}
            {tightening && (
              <Alert color="red" variant="light" title="Running support sessions end">
                Saving ends at once any support session in this team that this choice does not allow.
              </Alert>
            )}
            <Group>
              <Button type="submit" loading={updateTeam.isPending} disabled={restriction !== null || choice === current}>
                Save support access
              </Button>
            </Group>
          </Stack>
        </RestrictedFieldset>
      </Stack>
    </form>
  );
}
