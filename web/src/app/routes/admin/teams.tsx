import { Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { PageLoader } from '@/components/page-loader';
import { AdminOnly } from '@/features/admin/components/admin-only';
import { MyAccessRequests } from '@/features/admin/components/my-access-requests';
import { RequestAccessDialog, type AccessRequestTarget } from '@/features/admin/components/request-access-dialog';
import { ResetTwoFactorDialog, type ResetTwoFactorTarget } from '@/features/admin/components/reset-two-factor-dialog';
import { TeamsList } from '@/features/admin/components/teams-list';
import { ImpersonateDialog, type ImpersonationTarget } from '@/features/impersonation/components/impersonate-dialog';
import { useSignedInUser } from '@/lib/current-user';
import { queryKeys } from '@/lib/query-keys';

/**
 * `/admin/teams`: every team with its owner; an admin starts an impersonation from here, and a super
 * admin resets the two-factor authentication of an owner who is locked out.
 */
export default function AdminTeamsPage() {
  useDocumentTitle('Teams List · Vantage');
  const user = useSignedInUser();
  const queryClient = useQueryClient();
  const [target, setTarget] = useState<ImpersonationTarget | null>(null);
  const [resetTarget, setResetTarget] = useState<ResetTwoFactorTarget | null>(null);
  const [accessTarget, setAccessTarget] = useState<AccessRequestTarget | null>(null);
  const [entering, setEntering] = useState<ImpersonationTarget | null>(null);

  // The session is already the user's: show where we are going, not an admin page they may not see.
  if (entering) return <PageLoader label={`Opening ${entering.userName}'s workspace…`} />;

  return (
    <AdminOnly>
      <Stack gap="lg" maw={1240}>
        <div>
          <Title order={1}>Teams List</Title>
          <Text c="dimmed" mt={4}>
            Every team on Vantage with its owner. To see the app as an owner does, impersonate them; they are told by email and everything
            you do is recorded as support.
          </Text>
        </div>
        <TeamsList
          onImpersonate={(row) =>
            setTarget({
              userId: row.owner.id,
              userName: row.owner.name || row.owner.email,
              userEmail: row.owner.email,
              teamId: row.id,
              teamName: row.name,
              grantedMode: row.accessGrant?.mode ?? null,
            })
          }
          onRequestAccess={(row) =>
            setAccessTarget({ userId: row.owner.id, userName: row.owner.name || row.owner.email, teamId: row.id, teamName: row.name })
          }
          onResetTwoFactor={
            user.role === 'super_admin'
              ? (row) => setResetTarget({ userId: row.owner.id, userName: row.owner.name || row.owner.email, userEmail: row.owner.email })
              : undefined
          }
        />
        <MyAccessRequests />
        <ResetTwoFactorDialog target={resetTarget} onClose={() => setResetTarget(null)} />
        <RequestAccessDialog target={accessTarget} onClose={() => setAccessTarget(null)} />
        <ImpersonateDialog
          target={target}
          onClose={() => setTarget(null)}
          // The owner's situation changed since the list loaded (support access switched off…).
          onRefusedByRules={() => void queryClient.invalidateQueries({ queryKey: queryKeys.admin.teams.all })}
          onStarted={setEntering}
        />
      </Stack>
    </AdminOnly>
  );
}
