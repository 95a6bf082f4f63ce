import { Anchor, Card, Stack, Text, Title } from '@mantine/core';
import type { Lead } from '@vantage/contracts';
import { Link, useParams } from 'react-router-dom';
import { DetailPageFrame } from '@/components/detail-page-frame';
import { paths } from '@/config/paths';
import { useBusinessNames } from '@/features/crm/api/get-business';
import { useLead } from '@/features/crm/api/get-lead';
import { CommentThread } from '@/features/crm/components/comment-thread';
import { LeadStatusSelect } from '@/features/crm/components/lead-status-select';
import { useSignedInUser } from '@/lib/current-user';
import { formatDate } from '@/lib/format-date';

/** One lead: its status (changed in place), who it is, and the team's conversation about it. */
export default function LeadDetailPage() {
  const { leadId = '' } = useParams();
  const team = useSignedInUser().currentTeam;
  const leadQuery = useLead(leadId);

  return (
    <DetailPageFrame
      query={leadQuery}
      teamName={team?.name ?? null}
      noun="lead"
      list={{ label: 'Leads', to: paths.leads }}
      name={(lead) => lead.name}
      description={(lead) => `Added ${formatDate(lead.createdAt)}`}
      comments={(lead) => <CommentThread subject={{ type: 'lead', id: lead.id }} subjectName={lead.name} />}
      aside={(lead) => <LeadDetails lead={lead} />}
    />
  );
}

function LeadDetails({ lead }: { lead: Lead }) {
  const businessNames = useBusinessNames([lead.businessId]);
  return (
    <Card withBorder radius="md" padding="lg" component="section" aria-labelledby="lead-details-heading">
      <Stack gap="md">
        <Title order={2} size="h4" id="lead-details-heading">
          Details
        </Title>
        <LeadStatusSelect lead={lead} />
        <div>
          <Text size="sm" fw={500}>
            Email
          </Text>
          {lead.email ? (
            <Anchor href={`mailto:${lead.email}`} size="sm">
              {lead.email}
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
          {lead.businessId ? (
            <Anchor component={Link} to={paths.business(lead.businessId)} size="sm">
              {businessNames.get(lead.businessId) ?? 'Open the business'}
            </Anchor>
          ) : (
            <Text size="sm" c="dimmed">
              None
            </Text>
          )}
        </div>
      </Stack>
    </Card>
  );
}
