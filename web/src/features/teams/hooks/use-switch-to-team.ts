import { notifications } from '@mantine/notifications';
import type { TeamSummary } from '@vantage/contracts';
import { errorSentence } from '@/lib/api-client';
import { useSignedInUser } from '@/lib/current-user';
import { useSwitchTeam } from '../api/switch-team';

/** Switches team and tells the person what happened, wherever the switch was started from. */
export function useSwitchToTeam() {
  const user = useSignedInUser();
  const mutation = useSwitchTeam();

  const switchTo = (team: TeamSummary) => {
    if (team.id === user.currentTeam?.id || mutation.isPending) return;
    mutation.mutate(team.id, {
      onSuccess: () => notifications.show({ color: 'indigo', title: 'Team switched', message: `You are now working in ${team.name}.` }),
      onError: (error) => notifications.show({ color: 'red', title: 'Could not switch team', message: errorSentence(error) }),
    });
  };

  return { switchTo, isSwitching: mutation.isPending, switchingToTeamId: mutation.isPending ? mutation.variables : null };
}
