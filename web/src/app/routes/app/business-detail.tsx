import { Anchor, Breadcrumbs, Button, Grid, Skeleton, Stack, Text } from '@mantine/core';
import { useDisclosure, useDocumentTitle } from '@mantine/hooks';
import { Link, useParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { NoCurrentTeam } from '@/components/no-current-team';
import { NotFoundState } from '@/components/not-found-state';
import { PageHeader } from '@/components/page-header';
import { paths } from '@/config/paths';
import { useBusiness } from '@/features/crm/api/get-business';
import { BusinessLeads } from '@/features/crm/components/business-leads';
import { CommentThread } from '@/features/crm/components/comment-thread';
import { CreateLeadModal } from '@/features/crm/components/create-lead-modal';
import { isApiClientError } from '@/lib/api-client';
import { useSignedInUser } from '@/lib/current-user';
import { formatDate } from '@/lib/format-date';

/** One business: what it is, its leads, and the team's conversation about it. */
export default function BusinessDetailPage() {
  const { businessId = '' } = useParams();
  const user = useSignedInUser();
  const team = user.currentTeam;
  const businessQuery = useBusiness(businessId);
  const [leadModalOpened, leadModal] = useDisclosure(false);
  const business = businessQuery.data;
  useDocumentTitle(business ? `${business.name} · Businesses · Vantage` : 'Business · Vantage');

  const breadcrumbs = (
    <Breadcrumbs aria-label="Breadcrumb">
      <Anchor component={Link} to={paths.businesses} size="sm">
        Businesses
      </Anchor>
      <Text size="sm" aria-current="page" truncate maw={320}>
        {business?.name ?? 'Business'}
      </Text>
    </Breadcrumbs>
  );

  if (!team) return <NoCurrentTeam />;

  if (businessQuery.isPending) {
    return (
      <Stack gap="lg" maw={1120} aria-busy="true" aria-label="Loading the business">
        {breadcrumbs}
        <Skeleton height={40} w="40%" />
        <Skeleton height={20} w="70%" />
        <Skeleton height={240} radius="md" />
      </Stack>
    );
  }

  if (businessQuery.isError) {
    const notFound = isApiClientError(businessQuery.error) && businessQuery.error.status === 404;
    return (
      <Stack gap="lg" maw={1120}>
        {breadcrumbs}
        {notFound ? (
          <NotFoundState
            title="This business is not in your current team"
            description={`It may have been removed, the link may be wrong, or it belongs to another team than ${team.name}.`}
            backTo={paths.businesses}
            backLabel="Back to businesses"
          />
        ) : (
          <Stack gap="sm" align="flex-start">
            <ErrorAlert error={businessQuery.error} title="Could not load the business" w="100%" />
            <Button variant="default" size="xs" onClick={() => void businessQuery.refetch()}>
              Try again
            </Button>
          </Stack>
        )}
      </Stack>
    );
  }

  const loaded = businessQuery.data;
  return (
    <Stack gap="lg" maw={1120}>
      {breadcrumbs}
      <PageHeader
        eyebrow={team.name}
        title={loaded.name}
        description={
          <>
            {loaded.description && (
              <Text span display="block" style={{ whiteSpace: 'pre-wrap' }}>
                {loaded.description}
              </Text>
            )}
            <Text span size="sm" c="dimmed">
              Added {formatDate(loaded.createdAt)}
            </Text>
          </>
        }
      />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <CommentThread subject={{ type: 'business', id: loaded.id }} subjectName={loaded.name} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <BusinessLeads business={loaded} onCreate={leadModal.open} />
        </Grid.Col>
      </Grid>
      <CreateLeadModal opened={leadModalOpened} onClose={leadModal.close} teamName={team.name} business={loaded} />
    </Stack>
  );
}
