import type { AuthResponse, TeamSummary } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useCurrentUser } from '@/lib/current-user';
import { queryKeys } from '@/lib/query-keys';
import { teamsQueryOptions } from './get-teams';
import { removeMember } from './remove-member';
import { switchTeam } from './switch-team';

export interface LeftTeam {
  /** The team the person works in from now on, or null when they have no other. */
  nextTeam: TeamSummary | null;
  /**
   * Makes this browser's session follow: the new team's tokens, or the current user read again. The
   * caller runs it once the page that showed the old team is gone, so that page never asks for the new one.
   */
  moveOn: () => Promise<void>;
}

/**
 * Leaves a team (DELETE of my own membership; the last owner gets 409 LAST_OWNER). The access token still
 * names the team just left, whose data the API now refuses (NOT_A_TEAM_MEMBER), so the answer also
 * carries a session in another of my teams when there is one.
 */
export function useLeaveTeam() {
  const queryClient = useQueryClient();
  const { user, startSession, reloadUser } = useCurrentUser();
  const userId = user?.id ?? '';

  const switchElsewhere = async (leftTeamId: string): Promise<{ team: TeamSummary; auth: AuthResponse } | null> => {
    const teams = await queryClient.fetchQuery({ ...teamsQueryOptions(), staleTime: 0 }).catch((): TeamSummary[] => []);
    const team = teams.find((candidate) => candidate.id !== leftTeamId);
    if (!team) return null;
    try {
      return { team, auth: await switchTeam(team.id) };
    } catch {
      return null;
    }
  };

  return useMutation({
    // The team is a variable, not the hook's: once the session moves on, the page shows another team.
    mutationFn: async (teamId: string): Promise<LeftTeam> => {
      await removeMember(teamId, userId);
      const next = await switchElsewhere(teamId);
      return {
        nextTeam: next?.team ?? null,
        moveOn: async () => {
          if (next) {
            startSession(next.auth);
            return;
          }
          await reloadUser().catch(() => undefined);
          await queryClient.invalidateQueries({ queryKey: queryKeys.teams.mine });
        },
      };
    },
  });
}
