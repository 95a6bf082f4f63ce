import type { Passkey, PasskeyRegistrationOptions, RegisterPasskeyRequest } from '@vantage/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { createPasskey, PASSKEY_OPTIONS_QUERY } from '@/lib/passkeys';
import { queryKeys } from '@/lib/query-keys';

/** `POST /user/passkeys/options`: a fresh registration challenge bound to me, listing my passkeys to exclude. */
export function getRegistrationOptions(): Promise<PasskeyRegistrationOptions> {
  return api.post<PasskeyRegistrationOptions>('/user/passkeys/options');
}

/** Asked for when the Add form opens, so "Create passkey" reaches the browser's prompt without a request in between. */
export function useRegistrationOptions() {
  return useQuery({ queryKey: queryKeys.profile.passkeyRegistrationOptions, queryFn: getRegistrationOptions, ...PASSKEY_OPTIONS_QUERY });
}

export interface AddPasskeyInput {
  name: string;
  /** Options asked for earlier and not used yet; without them, fresh ones are asked for first. */
  options?: PasskeyRegistrationOptions;
}

/**
 * Adds a passkey in three moves: the API's registration options (a fresh challenge bound to me), the
 * browser's prompt that creates the key on this device or a security key, and the API's check of the
 * answer, which stores it under `name`. The prompt's failures arrive as a `PasskeyProblem`.
 */
export async function addPasskey({ name, options }: AddPasskeyInput): Promise<Passkey> {
  const response = await createPasskey(options ?? (await getRegistrationOptions()));
  return api.post<Passkey>('/user/passkeys', { name, response } satisfies RegisterPasskeyRequest);
}

export function useAddPasskey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: addPasskey,
    onSettled: () =>
      Promise.all([
        // The list only: its key also heads the challenges', which the form renews itself after a failed try.
        queryClient.invalidateQueries({ queryKey: queryKeys.profile.passkeys, exact: true }),
        // `passkeys` (how many) is part of the two-factor state the step-up dialogs read.
        queryClient.invalidateQueries({ queryKey: queryKeys.profile.twoFactorStatus }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all }),
      ]),
  });
}
