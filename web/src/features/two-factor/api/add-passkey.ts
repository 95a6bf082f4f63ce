import type { Passkey, PasskeyRegistrationOptions, RegisterPasskeyRequest } from '@vantage/contracts';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@/lib/api-client';
import { createPasskey } from '@/lib/passkeys';
import { queryKeys } from '@/lib/query-keys';

/**
 * Adds a passkey in three moves: the API's registration options (a fresh challenge bound to me), the
 * browser's prompt that creates the key on this device or a security key, and the API's check of the
 * answer, which stores it under `name`. The prompt's failures arrive as a `PasskeyProblem`.
 */
export async function addPasskey(name: string): Promise<Passkey> {
  const options = await api.post<PasskeyRegistrationOptions>('/user/passkeys/options');
  const response = await createPasskey(options);
  return api.post<Passkey>('/user/passkeys', { name, response } satisfies RegisterPasskeyRequest);
}

export function useAddPasskey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: addPasskey,
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.profile.passkeys }),
        // `passkeys` (how many) is part of the two-factor state the step-up dialogs read.
        queryClient.invalidateQueries({ queryKey: queryKeys.profile.twoFactorStatus }),
        queryClient.invalidateQueries({ queryKey: queryKeys.auditLogs.all }),
      ]),
  });
}
