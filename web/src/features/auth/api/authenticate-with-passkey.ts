import type { AuthenticateRequest, AuthResponse, PasskeyAuthenticationOptions } from '@vantage/contracts';
import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { getPasskeyOptions, PASSKEY_OPTIONS_QUERY, signWithPasskey } from '@/lib/passkeys';
import { queryKeys } from '@/lib/query-keys';

/**
 * The passkey challenge of the sign-in step, asked once when the step opens: its `allowCredentials`
 * says whether to offer "Use a passkey" at all, and a click then reaches the browser's prompt without
 * a request in between (some browsers drop the click's permission to open the prompt while waiting).
 */
export const signInPasskeyOptionsQuery = (userId: string, pendingToken: string) =>
  queryOptions({
    queryKey: queryKeys.signInPasskeyOptions(userId),
    queryFn: () => getPasskeyOptions(pendingToken),
    ...PASSKEY_OPTIONS_QUERY,
  });

export function useSignInPasskeyOptions(userId: string, pendingToken: string) {
  return useQuery(signInPasskeyOptionsQuery(userId, pendingToken));
}

export interface AuthenticateWithPasskeyInput {
  /** The limited token from the password step. */
  pendingToken: string;
  /** A challenge asked for earlier and not used yet; without it, a fresh one is asked for first. */
  options?: PasskeyAuthenticationOptions;
}

/** The browser's passkey prompt, then `POST /2fa/authenticate` with the assertion in place of a code. */
export async function authenticateWithPasskey({ pendingToken, options }: AuthenticateWithPasskeyInput): Promise<AuthResponse> {
  const passkey = await signWithPasskey(options ?? (await getPasskeyOptions(pendingToken)));
  return api.post<AuthResponse>('/2fa/authenticate', { passkey } satisfies AuthenticateRequest, { token: pendingToken });
}

export function useAuthenticateWithPasskey() {
  return useMutation({ mutationFn: authenticateWithPasskey });
}
