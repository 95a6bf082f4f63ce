import { Text } from '@mantine/core';
import { useDisclosure } from '@mantine/hooks';
import { useParams } from 'react-router-dom';
import { DetailPageFrame } from '@/components/detail-page-frame';
import { paths } from '@/config/paths';
import { useBusiness } from '@/features/crm/api/get-business';
import { BusinessLeads } from '@/features/crm/components/business-leads';
import { CommentThread } from '@/features/crm/components/comment-thread';
import { CreateLeadModal } from '@/features/crm/components/create-lead-modal';
import { useSignedInUser } from '@/lib/current-user';
import { formatDate } from '@/lib/format-date';

/** One business: what it is, its leads, and the team's conversation about it. */
export default function BusinessDetailPage() {
  const { businessId = '' } = useParams();
  const team = useSignedInUser().currentTeam;
  const businessQuery = useBusiness(businessId);
  const [leadModalOpened, leadModal] = useDisclosure(false);

  return (
    <DetailPageFrame
      query={businessQuery}
      teamName={team?.name ?? null}
      noun="business"
      list={{ label: 'Businesses', to: paths.businesses }}
      name={(business) => business.name}
      description={(business) => (
        <>
          {business.description && (
            <Text span display="block" style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>
              {business.description}
            </Text>
          )}
          <Text span size="sm" c="dimmed">
            Added {formatDate(business.createdAt)}
          </Text>
        </>
      )}
      comments={(business) => <CommentThread subject={{ type: 'business', id: business.id }} subjectName={business.name} />}
      aside={(business) => (
        <>
          <BusinessLeads business={business} onCreate={leadModal.open} />
          <CreateLeadModal opened={leadModalOpened} onClose={leadModal.close} teamName={team?.name ?? ''} business={business} />
        </>
      )}
    />
  );
}
