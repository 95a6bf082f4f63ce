import { Anchor, Breadcrumbs, Button, Card, Grid, Skeleton, Stack, Text, Title } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { Link, useParams } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { NoCurrentTeam } from '@/components/no-current-team';
import { NotFoundState } from '@/components/not-found-state';
import { PageHeader } from '@/components/page-header';
import { paths } from '@/config/paths';
import { useBusinessNames } from '@/features/crm/api/get-business';
import { useLead } from '@/features/crm/api/get-lead';
import { CommentThread } from '@/features/crm/components/comment-thread';
import { LeadStatusSelect } from '@/features/crm/components/lead-status-select';
import { isApiClientError } from '@/lib/api-client';
import { useSignedInUser } from '@/lib/current-user';
import { formatDate } from '@/lib/format-date';

/** One lead: its status (changed in place), who it is, and the team's conversation about it. */
export default function LeadDetailPage() {
  const { leadId = '' } = useParams();
  const user = useSignedInUser();
  const team = user.currentTeam;
  const leadQuery = useLead(leadId);
  const lead = leadQuery.data;
  const businessNames = useBusinessNames([lead?.businessId ?? null]);
  useDocumentTitle(lead ? `${lead.name} · Leads · Vantage` : 'Lead · Vantage');

  const breadcrumbs = (
    <Breadcrumbs aria-label="Breadcrumb">
      <Anchor component={Link} to={paths.leads} size="sm">
        Leads
      </Anchor>
      <Text size="sm" aria-current="page" truncate maw={320}>
        {lead?.name ?? 'Lead'}
      </Text>
    </Breadcrumbs>
  );

  if (!team) return <NoCurrentTeam />;

  if (leadQuery.isPending) {
    return (
      <Stack gap="lg" maw={1120} aria-busy="true" aria-label="Loading the lead">
        {breadcrumbs}
        <Skeleton height={40} w="40%" />
        <Skeleton height={240} radius="md" />
      </Stack>
    );
  }

  if (leadQuery.isError) {
    const notFound = isApiClientError(leadQuery.error) && leadQuery.error.status === 404;
    return (
      <Stack gap="lg" maw={1120}>
        {breadcrumbs}
        {notFound ? (
          <NotFoundState
            title="This lead is not in your current team"
            description={`It may have been removed, the link may be wrong, or it belongs to another team than ${team.name}.`}
            backTo={paths.leads}
            backLabel="Back to leads"
          />
        ) : (
          <Stack gap="sm" align="flex-start">
            <ErrorAlert error={leadQuery.error} title="Could not load the lead" w="100%" />
            <Button variant="default" size="xs" onClick={() => void leadQuery.refetch()}>
              Try again
            </Button>
          </Stack>
        )}
      </Stack>
    );
  }

  const loaded = leadQuery.data;
  return (
    <Stack gap="lg" maw={1120}>
      {breadcrumbs}
      <PageHeader eyebrow={team.name} title={loaded.name} description={`Added ${formatDate(loaded.createdAt)}`} />
      <Grid gap="lg">
        <Grid.Col span={{ base: 12, md: 7, lg: 8 }}>
          <CommentThread subject={{ type: 'lead', id: loaded.id }} subjectName={loaded.name} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5, lg: 4 }}>
          <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="lead-details-heading">
            <Stack gap="md">
              <Title order={2} size="h4" id="lead-details-heading">
                Details
              </Title>
              <LeadStatusSelect lead={loaded} />
              <div>
                <Text size="sm" fw={500}>
                  Email
                </Text>
                {loaded.email ? (
                  <Anchor href={`mailto:${loaded.email}`} size="sm">
                    {loaded.email}
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    None
                  </Text>
                )}
              </div>
              <div>
                <Text size="sm" fw={500}>
                  Business
                </Text>
                {loaded.businessId ? (
                  <Anchor component={Link} to={paths.business(loaded.businessId)} size="sm">
                    {businessNames.get(loaded.businessId) ?? 'Open the business'}
                  </Anchor>
                ) : (
                  <Text size="sm" c="dimmed">
                    None
                  </Text>
                )}
              </div>
            </Stack>
          </Card>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
