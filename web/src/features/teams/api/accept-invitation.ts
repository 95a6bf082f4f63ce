import type { AcceptInvitationRequest, AuthResponse } from '@vantage/contracts';
import { useMutation } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/current-user';

/**
 * Signed in (`{}`): joins the team and answers new tokens with it as the current team; another email
 * than the invited one is 403 INVITATION_EMAIL_MISMATCH. Anonymous, with the new account's names and
 * password: creates the account (no team of its own), joins and signs in; an existing account is 409
 * SIGN_IN_TO_ACCEPT.
 */
export function acceptInvitation(token: string, input: AcceptInvitationRequest): Promise<AuthResponse> {
  return api.post<AuthResponse>(`/invitations/${encodeURIComponent(token)}/accept`, input);
}

/** Accepts and makes the answer this browser's session, in the team just joined. */
export function useAcceptInvitation(token: string) {
  const { startSession } = useCurrentUser();
  return useMutation({
    mutationFn: (input: AcceptInvitationRequest) => acceptInvitation(token, input),
    onSuccess: startSession,
  });
}
