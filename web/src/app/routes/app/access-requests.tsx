import { Stack } from '@mantine/core';
import { useDocumentTitle } from '@mantine/hooks';
import { useParams } from 'react-router-dom';
import { PageHeader } from '@/components/page-header';
import { AccessRequests } from '@/features/support-access/components/access-requests';

/** `/access-requests` and `/access-requests/:requestId` (the link in the email): support asking to enter, and the answers. */
export default function AccessRequestsPage() {
  const { requestId } = useParams();
  useDocumentTitle('Access requests · Vantage');

  return (
    <Stack gap="lg" maw={960}>
      <PageHeader
        title="Access requests"
        description="Where a team’s owners chose “Only with approval”, Vantage support asks before entering. The person concerned or an owner approves for a time, or denies; an approval can be revoked at any moment."
      />
      <AccessRequests focusedId={requestId} />
    </Stack>
  );
}
