import { Button, Stack } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { PlusIcon } from '@/components/icons';
import { PageHeader } from '@/components/page-header';
import { SettingsNavigation } from '@/components/settings-navigation';
import { SettingsSection } from '@/components/settings-section';
import { ChangePasswordForm } from '@/features/profile/components/change-password-form';
import { ImpersonationHistory } from '@/features/profile/components/impersonation-history';
import { ProfileForm } from '@/features/profile/components/profile-form';
import { SignInSessions } from '@/features/profile/components/sign-in-sessions';
import { SupportAccessSwitch } from '@/features/profile/components/support-access-switch';
import { CreateTeamModal } from '@/features/teams/components/create-team-modal';
import { TeamList } from '@/features/teams/components/team-list';
import { TeamTwoFactorRequired } from '@/features/teams/components/team-two-factor-required';
import { PasskeysSettings } from '@/features/two-factor/components/passkeys-settings';
import { RecoveryCodesSettings } from '@/features/two-factor/components/recovery-codes-settings';
import { TwoFactorSettings } from '@/features/two-factor/components/two-factor-settings';
import { useLocation } from 'react-router-dom';
import { useSignedInUser } from '@/lib/current-user';
import { useRestriction } from '@/lib/restrictions';
import type { TeamTwoFactorState } from '../guards';

/** The page a team that requires 2FA sent the person from (only internal paths), or null. */
function teamTwoFactorReturnPath(state: unknown): string | null {
  const from = (state as TeamTwoFactorState | null)?.teamTwoFactorFrom;
  return typeof from === 'string' && from.startsWith('/') && !from.startsWith('//') ? from : null;
}

/** Profile settings: name, two-factor with passkeys and recovery codes, password, sessions, support access and its history, teams. */
export default function SettingsPage() {
  const user = useSignedInUser();
  const createTeamRestriction = useRestriction('create_team');
  const [createTeamOpened, createTeamModal] = useDisclosure(false);
  const location = useLocation();
  // Sent here by a team that requires 2FA: the setup stays first until they leave (recovery codes show there once).
  const teamTwoFactorReturn = teamTwoFactorReturnPath(location.state);
  useDocumentTitle('Profile settings · Vantage');

  return (
    <Stack gap="lg" maw={1120}>
      <PageHeader
        title="Profile settings"
        description={
          user.impersonatedBy
            ? `You are viewing ${user.email}’s settings as Vantage support. Security settings stay with the account owner.`
            : 'Your name, how you sign in, and whether Vantage support may help from inside your account.'
        }
      />

      <TeamTwoFactorRequired returnTo={teamTwoFactorReturn} />

      <SettingsNavigation
        label="Profile settings sections"
        sections={orderedForTeamTwoFactor(user.twoFactorRequiredBy !== null || teamTwoFactorReturn !== null, [
          {
            id: 'profile',
            label: 'Profile',
            content: (
              <SettingsSection title="Profile">
                <ProfileForm />
              </SettingsSection>
            ),
          },
          {
            id: 'two-factor',
            label: 'Two-factor authentication',
            // Recovery codes exist only while two-factor is on: one section, never an empty one to jump to.
            content: (
              <Stack gap="lg">
                <TwoFactorSettings />
                <PasskeysSettings />
                <RecoveryCodesSettings />
              </Stack>
            ),
          },
          {
            id: 'password',
            label: 'Password',
            content: (
              <SettingsSection title="Password" description="Changing it signs out your other sessions, on every device.">
                <ChangePasswordForm />
              </SettingsSection>
            ),
          },
          {
            id: 'sessions',
            label: 'Sessions',
            content: (
              <SettingsSection
                title="Sessions"
                description="Where your account is signed in. Sign out any session you do not recognise, then change your password."
              >
                <SignInSessions />
              </SettingsSection>
            ),
          },
          {
            id: 'support-access',
            label: 'Support access',
            content: (
              <Stack gap="lg">
                <SettingsSection title="Support access">
                  <SupportAccessSwitch />
                </SettingsSection>
                <SettingsSection
                  title="Support access history"
                  description="Every time someone from Vantage support accessed your account: who, when, for how long, why, and how it ended."
                >
                  <ImpersonationHistory />
                </SettingsSection>
              </Stack>
            ),
          },
          {
            id: 'teams',
            label: 'Your teams',
            content: (
              <SettingsSection title="Your teams" description="Each team has its own businesses, leads and audit log.">
                <Stack gap="sm">
                  <div>
                    <Button
                      variant="light"
                      size="xs"
                      leftSection={<PlusIcon size={14} />}
                      onClick={createTeamModal.open}
                      disabled={createTeamRestriction !== null}
                      title={createTeamRestriction?.message}
                    >
                      Create team
                    </Button>
                  </div>
                  <TeamList onCreateTeam={createTeamModal.open} />
                </Stack>
              </SettingsSection>
            ),
          },
        ])}
      />
      <CreateTeamModal opened={createTeamOpened} onClose={createTeamModal.close} />
    </Stack>
  );
}

/** A team that requires 2FA sent the person here: setting it up comes first, right under the reason. */
function orderedForTeamTwoFactor<T extends { id: string }>(required: boolean, sections: T[]): T[] {
  if (!required) return sections;
  return [...sections.filter((section) => section.id === 'two-factor'), ...sections.filter((section) => section.id !== 'two-factor')];
}
