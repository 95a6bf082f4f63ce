import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { ImpersonateResponse, PasskeyAuthenticationOptions, StartImpersonationRequest } from '@vantage/contracts';
import { api } from '@/lib/api-client';
import { useCurrentUser } from '@/lib/current-user';
import { getPasskeyOptions, PASSKEY_OPTIONS_QUERY, signWithPasskey } from '@/lib/passkeys';
import { queryKeys } from '@/lib/query-keys';

/**
 * Confirmed by a fresh code, or by one of the admin's passkeys (its prompt opens when the request starts,
 * with `options` asked for when the dialog opened if they are still unused, else fresh ones).
 */
export type StartImpersonationInput = Omit<StartImpersonationRequest, 'code' | 'passkey'> &
  ({ code: string } | { withPasskey: true; options?: PasskeyAuthenticationOptions });

/** The admin's passkey challenge, asked for while the dialog offers the passkey, so the click reaches the prompt at once. */
export function useStepUpPasskeyOptions({ enabled }: { enabled: boolean }) {
  return useQuery({
    queryKey: queryKeys.profile.stepUpPasskeyOptions,
    queryFn: () => getPasskeyOptions(),
    enabled,
    ...PASSKEY_OPTIONS_QUERY,
  });
}

/**
 * Starts an impersonation (IMPERSONATION_MINUTES long) of `userId` (a team's owner on the Teams List)
 * in `teamId` (the API defaults to the user's current team), confirmed by a fresh `code` from the
 * admin's authenticator app or email, or by the admin's passkey; `reason` is shown to the user in their access history.
 * The API ends the admin's own session in this browser and answers with the impersonated user's
 * tokens (the refresh cookie now belongs to the impersonation).
 */
export async function startImpersonation(input: StartImpersonationInput): Promise<ImpersonateResponse> {
  if ('withPasskey' in input) {
    const { withPasskey: _withPasskey, options, ...request } = input;
    const passkey = await signWithPasskey(options ?? (await getPasskeyOptions()));
    return api.post<ImpersonateResponse>('/2fa/impersonate', { ...request, passkey } satisfies StartImpersonationRequest);
  }
  return api.post<ImpersonateResponse>('/2fa/impersonate', input satisfies StartImpersonationRequest);
}

/** Starts the impersonation and, on success, makes it this browser's session. */
export function useStartImpersonation() {
  const queryClient = useQueryClient();
  const { startSession } = useCurrentUser();
  return useMutation({
    mutationFn: startImpersonation,
    onSuccess: (response) => {
      // Everything cached was read as the admin. Dropping it (rather than refetching it) means the
      // admin's pages, still mounted for a moment, do not ask the API again with the user's token.
      queryClient.removeQueries();
      startSession(response);
    },
  });
}
