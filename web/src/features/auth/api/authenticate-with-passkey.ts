import {
  PASSKEY_CHALLENGE_MINUTES,
  type AuthenticateRequest,
  type AuthResponse,
  type PasskeyAuthenticationOptions,
} from '@vantage/contracts';
import { queryOptions, useMutation, useQuery } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { getPasskeyOptions, signWithPasskey } from '@/lib/passkeys';
import { queryKeys } from '@/lib/query-keys';

/** A challenge is used a little before it expires, so it cannot run out while the browser's prompt is open. */
const FRESH_FOR_MS = (PASSKEY_CHALLENGE_MINUTES * 60 - 60) * 1000;

/**
 * The passkey challenge of the sign-in step, asked once when the step opens: its `allowCredentials`
 * says whether to offer "Use a passkey" at all, and a click then reaches the browser's prompt without
 * a request in between (some browsers drop the click's permission to open the prompt while waiting).
 */
export const signInPasskeyOptionsQuery = (userId: string, pendingToken: string) =>
  queryOptions({
    queryKey: queryKeys.signInPasskeyOptions(userId),
    queryFn: () => getPasskeyOptions(pendingToken),
    staleTime: FRESH_FOR_MS,
    gcTime: 0,
    retry: false,
    refetchOnWindowFocus: false,
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

/** The challenge read when the step opened, while it is still unused and fresh; else undefined (a new one is asked for). */
export function readyPasskeyOptions(query: ReturnType<typeof useSignInPasskeyOptions>): PasskeyAuthenticationOptions | undefined {
  if (!query.data || query.isFetching) return undefined;
  return Date.now() - query.dataUpdatedAt < FRESH_FOR_MS ? query.data : undefined;
}
