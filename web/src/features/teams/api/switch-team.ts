import type { AuthResponse } from '@vantage/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/current-user';

/** The current team is part of the access token, so switching answers with new tokens. */
export function switchTeam(teamId: string): Promise<AuthResponse> {
  return api.post<AuthResponse>(`/teams/${encodeURIComponent(teamId)}/switch`);
}

export function useSwitchTeam() {
  const { startSession } = useCurrentUser();
  return useMutation({
    mutationFn: switchTeam,
    onSuccess: (auth) => startSession(auth),
  });
}
