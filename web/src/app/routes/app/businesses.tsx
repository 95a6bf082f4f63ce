import { Stack } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { useNavigate } from 'react-router-dom';
import { PlusIcon } from '@/components/icons';
import { NoCurrentTeam } from '@/components/no-current-team';
import { PageHeader } from '@/components/page-header';
import { RestrictedButton } from '@/components/restricted-button';
import { paths } from '@/config/paths';
import { BusinessList } from '@/features/crm/components/business-list';
import { CreateBusinessModal } from '@/features/crm/components/create-business-modal';
import { useSignedInUser } from '@/lib/current-user';
import { useRestriction } from '@/lib/restrictions';
import { usePageParam } from '@/lib/use-page-param';

/** The current team's businesses: the first page after signing in. */
export default function BusinessesPage() {
  const user = useSignedInUser();
  const changeDataRestriction = useRestriction('change_data');
  const team = user.currentTeam;
  const [page, setPage] = usePageParam();
  const [createOpened, createModal] = useDisclosure(false);
  const navigate = useNavigate();
  useDocumentTitle(team ? `Businesses · ${team.name} · Vantage` : 'Businesses · Vantage');

  return (
    <Stack gap="xl" maw={1120}>
      <PageHeader
        eyebrow={team?.name}
        title="Businesses"
        description="The companies your team works with, and the conversation around each."
        actions={
          team && (
            <RestrictedButton restriction={changeDataRestriction} leftSection={<PlusIcon size={16} />} onClick={createModal.open}>
              New business
            </RestrictedButton>
          )
        }
      />
      {team ? (
        <>
          <BusinessList page={page} onPageChange={setPage} onCreate={createModal.open} />
          <CreateBusinessModal
            opened={createOpened}
            onClose={createModal.close}
            teamName={team.name}
            onCreated={(business) => void navigate(paths.business(business.id))}
          />
        </>
      ) : (
        <NoCurrentTeam />
      )}
    </Stack>
  );
}
