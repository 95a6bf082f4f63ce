import { Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { NoCurrentTeam } from '@/components/no-current-team';
import { PageHeader } from '@/components/page-header';
import { AuditLogTable } from '@/features/audit/components/audit-log-table';
import { useSignedInUser } from '@/lib/current-user';
import { usePageParam } from '@/lib/use-page-param';

/** Everything recorded in the current team, newest first; support's actions are marked. */
export default function AuditLogPage() {
  const user = useSignedInUser();
  const team = user.currentTeam;
  const [page, setPage] = usePageParam();
  useDocumentTitle(team ? `Audit log · ${team.name} · Vantage` : 'Audit log · Vantage');

  return (
    <Stack gap="xl" maw={1120}>
      <PageHeader
        eyebrow={team?.name}
        title="Audit log"
        description="Every change in this team — who did it and when, newest first. Actions by Vantage support are marked Support."
      />
      {team ? <AuditLogTable page={page} onPageChange={setPage} /> : <NoCurrentTeam />}
    </Stack>
  );
}
