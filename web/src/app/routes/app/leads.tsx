import { Group, NativeSelect, Stack } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { useSearchParams } from 'react-router-dom';
import { PlusIcon } from '@/components/icons';
import { NoCurrentTeam } from '@/components/no-current-team';
import { PageHeader } from '@/components/page-header';
import { RestrictedButton } from '@/components/restricted-button';
import { CreateLeadModal } from '@/features/crm/components/create-lead-modal';
import { LeadList } from '@/features/crm/components/lead-list';
import { isLeadStatus, LEAD_STATUS_OPTIONS } from '@/features/crm/components/lead-status';
import { useSignedInUser } from '@/lib/current-user';
import { useRestriction } from '@/lib/restrictions';
import { usePageParam } from '@/lib/use-page-param';

const ALL_STATUSES = '';

/** The current team's leads, filterable by status (kept in the URL, like the page). */
export default function LeadsPage() {
  const user = useSignedInUser();
  const changeDataRestriction = useRestriction('change_data');
  const team = user.currentTeam;
  const [page, setPage] = usePageParam();
  const [searchParams, setSearchParams] = useSearchParams();
  const [createOpened, createModal] = useDisclosure(false);
  const statusParam = searchParams.get('status');
  const status = isLeadStatus(statusParam) ? statusParam : undefined;
  useDocumentTitle(team ? `Leads · ${team.name} · Vantage` : 'Leads · Vantage');

  const setStatus = (next: string) => {
    setSearchParams((previous) => {
      const params = new URLSearchParams(previous);
      params.delete('page');
      if (isLeadStatus(next)) params.set('status', next);
      else params.delete('status');
      return params;
    });
  };

  return (
    <Stack gap="xl" maw={1120}>
      <PageHeader
        eyebrow={team?.name}
        title="Leads"
        description="People and opportunities, from New to Won or Lost."
        actions={
          team && (
            <RestrictedButton restriction={changeDataRestriction} leftSection={<PlusIcon size={16} />} onClick={createModal.open}>
              New lead
            </RestrictedButton>
          )
        }
      />
      {team ? (
        <>
          <Group>
            <NativeSelect
              label="Status"
              data={[{ value: ALL_STATUSES, label: 'All statuses' }, ...LEAD_STATUS_OPTIONS]}
              value={status ?? ALL_STATUSES}
              onChange={(event) => setStatus(event.currentTarget.value)}
              w={220}
            />
          </Group>
          <LeadList
            page={page}
            onPageChange={setPage}
            status={status}
            onCreate={createModal.open}
            onClearFilter={() => setStatus(ALL_STATUSES)}
          />
          <CreateLeadModal opened={createOpened} onClose={createModal.close} teamName={team.name} />
        </>
      ) : (
        <NoCurrentTeam />
      )}
    </Stack>
  );
}
