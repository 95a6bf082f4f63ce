import { Stack, Switch, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IMPERSONATION_MINUTES } from '@vantage/contracts';
import { useId } from 'react';
import { ErrorAlert } from '@/components/error-alert';
import { useSignedInUser } from '@/lib/current-user';
import { isRefusedDuringImpersonation, useRestriction } from '@/lib/restrictions';
import { useUpdateProfile } from '../api/update-profile';

export const SUPPORT_ACCESS_EXPLANATION = `When this is on, a Vantage support admin can work in your account as you for up to ${IMPERSONATION_MINUTES} minutes to help you, after confirming their own two-factor code. Every access is logged in the audit log and you are emailed when it starts. Switching this off ends any support session at once.`;

/** The impersonationAllowed setting: only the account owner may change it, never support. */
export function SupportAccessSwitch() {
  const user = useSignedInUser();
  const restriction = useRestriction('change_support_access');
  const updateProfile = useUpdateProfile();
  const explanationId = useId();
  const checked =
    updateProfile.isPending && updateProfile.variables?.impersonationAllowed !== undefined
      ? updateProfile.variables.impersonationAllowed
      : user.impersonationAllowed;

  const handleChange = (allowed: boolean) => {
    updateProfile.mutate(
      { impersonationAllowed: allowed },
      {
        onSuccess: (saved) =>
          notifications.show({
            color: 'indigo',
            title: saved.impersonationAllowed ? 'Support access allowed' : 'Support access switched off',
            message: saved.impersonationAllowed
              ? 'Vantage support can help you from inside your account. You will be emailed each time.'
              : 'Vantage support cannot access your account; any running support session has ended.',
          }),
      },
    );
  };

  return (
    <Stack gap="xs">
      {/* The explanation sits outside the switch's <label>, so the switch's name stays short. */}
      <Switch
        checked={checked}
        onChange={(event) => handleChange(event.currentTarget.checked)}
        disabled={restriction !== null || updateProfile.isPending}
        label="Allow Vantage support to access my account"
        aria-describedby={explanationId}
        size="md"
      />
      <Text size="sm" c="dimmed" id={explanationId} maw={640}>
        {SUPPORT_ACCESS_EXPLANATION}
        {restriction && ` ${restriction.message}`}
        {isRefusedDuringImpersonation(restriction) && ' Only the account owner decides about support access.'}
      </Text>
      {updateProfile.isError && <ErrorAlert error={updateProfile.error} title="Support access was not changed" />}
    </Stack>
  );
}
