import { Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { INVITATION_DAYS } from '@vantage/contracts';
import { NoCurrentTeam } from '@/components/no-current-team';
import { PageHeader } from '@/components/page-header';
import { SettingsNavigation } from '@/components/settings-navigation';
import { SettingsSection } from '@/components/settings-section';
import { InviteMemberForm } from '@/features/teams/components/invite-member-form';
import { PendingInvitations } from '@/features/teams/components/pending-invitations';
import { TeamMembers } from '@/features/teams/components/team-members';
import { TeamNameForm } from '@/features/teams/components/team-name-form';
import { TeamSupportAccess } from '@/features/teams/components/team-support-access';
import { TeamTwoFactorRequirement } from '@/features/teams/components/team-two-factor-requirement';
import { useSignedInUser } from '@/lib/current-user';

/** `/team`: the current team's name, members and invitations. Owners manage them; members read them. */
export default function TeamSettingsPage() {
  const user = useSignedInUser();
  const team = user.currentTeam;
  useDocumentTitle(team ? `Team settings · ${team.name} · Vantage` : 'Team settings · Vantage');

  if (!team) {
    return (
      <Stack gap="xl" maw={960}>
        <PageHeader title="Team settings" />
        <NoCurrentTeam />
      </Stack>
    );
  }

  const isOwner = team.role === 'owner';
  return (
    <Stack gap="lg" maw={1120}>
      <PageHeader
        eyebrow={team.name}
        title="Team settings"
        description={
          isOwner
            ? 'Who is in this team and what they may do. Owners rename the team, invite people and change their roles.'
            : 'Who is in this team. Only its owners can invite people or change roles.'
        }
      />

      <SettingsNavigation
        label="Team settings sections"
        sections={[
          {
            id: 'team-name',
            label: 'Team name',
            content: (
              <SettingsSection title="Team name">
                {/* A form per team: a name typed for one team never carries over to the next. */}
                <TeamNameForm key={team.id} team={team} />
              </SettingsSection>
            ),
          },
          {
            id: 'members',
            label: 'Members',
            content: (
              <SettingsSection title="Members" description="Owners manage the team; members work with its businesses and leads.">
                <TeamMembers team={team} />
              </SettingsSection>
            ),
          },
          {
            id: 'two-factor',
            label: 'Two-factor',
            content: (
              <SettingsSection
                title="Two-factor authentication"
                description="Whether everyone in this team must sign in with a second factor."
              >
                <TeamTwoFactorRequirement team={team} />
              </SettingsSection>
            ),
          },
          {
            id: 'support-access',
            label: 'Support access',
            content: (
              <SettingsSection
                title="Support access"
                description="Whether Vantage support may enter this team to help, and how. Each person can also switch support access off for themselves in Profile settings. A stricter choice ends the support sessions it does not allow at once."
              >
                <TeamSupportAccess team={team} />
              </SettingsSection>
            ),
          },
          ...(isOwner
            ? [
                {
                  id: 'invite',
                  label: 'Invite someone',
                  content: (
                    <SettingsSection
                      title="Invite someone"
                      description={`We email them a link to join that works for ${INVITATION_DAYS} days. Inviting the same address again replaces the earlier link.`}
                    >
                      <InviteMemberForm key={team.id} team={team} />
                    </SettingsSection>
                  ),
                },
                {
                  id: 'invitations',
                  label: 'Pending invitations',
                  content: (
                    <SettingsSection title="Pending invitations">
                      <PendingInvitations team={team} />
                    </SettingsSection>
                  ),
                },
              ]
            : []),
        ]}
      />
    </Stack>
  );
}
