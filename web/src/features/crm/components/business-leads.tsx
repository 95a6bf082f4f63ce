import { Anchor, Button, Card, Group, Skeleton, Stack, Text, Title } from '@mantine/core';
import type { Business } from '@vantage/contracts';
import { useState } from 'react';
import { Link } from 'react-router-dom';
import { ErrorAlert } from '@/components/error-alert';
import { PlusIcon } from '@/components/icons';
import { RestrictedButton } from '@/components/restricted-button';
import { paths } from '@/config/paths';
import { hasNextPage, pagesToOffer } from '@/lib/capped-total';
import { useRestriction } from '@/lib/restrictions';
import { useLeads } from '../api/get-leads';
import { LeadStatusBadge } from './lead-status';

/** Leads shown on a business's page; the rest are one click away on the Leads page. */
const BUSINESS_LEADS_SHOWN = 10;

interface BusinessLeadsProps {
  business: Business;
  onCreate: () => void;
}

/** A business's leads, newest first, with their status. */
export function BusinessLeads({ business, onCreate }: BusinessLeadsProps) {
  const [page, setPage] = useState(1);
  const changeDataRestriction = useRestriction('change_data');
  const leadsQuery = useLeads({ page, pageSize: BUSINESS_LEADS_SHOWN, businessId: business.id });
  const total = leadsQuery.data?.total ?? 0;
  const pages = leadsQuery.data ? pagesToOffer(leadsQuery.data) : 0;
  // Past the cap the count stopped: "of 200+" pages, the last one unknown until a page comes back short.
  const pagesText = leadsQuery.data?.totalIsCapped
    ? `${Math.max(page, Math.ceil(total / BUSINESS_LEADS_SHOWN)).toLocaleString('en-US')}+`
    : String(pages);

  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="business-leads-heading">
      <Group justify="space-between" mb="md" wrap="nowrap">
        <Title order={2} size="h4" id="business-leads-heading">
          Leads
        </Title>
        <RestrictedButton
          restriction={changeDataRestriction}
          variant="light"
          size="xs"
          leftSection={<PlusIcon size={14} />}
          onClick={onCreate}
        >
          New lead
        </RestrictedButton>
      </Group>

      {leadsQuery.isPending && (
        <Stack gap="xs" aria-busy="true" aria-label="Loading leads">
          <Skeleton height={40} />
          <Skeleton height={40} />
        </Stack>
      )}

      {leadsQuery.isError && (
        <Stack gap="sm" align="flex-start">
          <ErrorAlert error={leadsQuery.error} title="Could not load the leads" w="100%" />
          <Button variant="default" size="xs" onClick={() => void leadsQuery.refetch()}>
            Try again
          </Button>
        </Stack>
      )}

      {leadsQuery.isSuccess && total === 0 && (
        <Text size="sm" c="dimmed">
          No leads for {business.name} yet.
        </Text>
      )}

      {leadsQuery.isSuccess && leadsQuery.data.items.length > 0 && (
        <Stack component="ul" gap={0} p={0} m={0} style={{ listStyle: 'none' }} aria-label={`Leads of ${business.name}`}>
          {leadsQuery.data.items.map((lead) => (
            <Group
              component="li"
              key={lead.id}
              justify="space-between"
              wrap="nowrap"
              py="xs"
              style={{ borderBottom: '1px solid var(--mantine-color-gray-2)' }}
            >
              <Stack gap={0} miw={0}>
                <Anchor component={Link} to={paths.lead(lead.id)} fw={600} size="sm" truncate>
                  {lead.name}
                </Anchor>
                {lead.email && (
                  <Text size="xs" c="dimmed" truncate>
                    {lead.email}
                  </Text>
                )}
              </Stack>
              <LeadStatusBadge status={lead.status} />
            </Group>
          ))}
        </Stack>
      )}

      {pages > 1 && (
        <Group justify="space-between" mt="sm">
          <Text size="xs" c="dimmed">
            Page {page} of {pagesText}
          </Text>
          <Group gap={4}>
            <Button variant="subtle" size="compact-xs" disabled={page <= 1} onClick={() => setPage(page - 1)}>
              Previous
            </Button>
            <Button
              variant="subtle"
              size="compact-xs"
              disabled={!leadsQuery.data || !hasNextPage(leadsQuery.data)}
              onClick={() => setPage(page + 1)}
            >
              Next
            </Button>
          </Group>
        </Group>
      )}
    </Card>
  );
}
