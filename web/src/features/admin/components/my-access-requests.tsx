import { Badge, Button, Paper, Skeleton, Stack, Table, Text, Title } from '@mantine/core';
import type { AccessRequest, AccessRequestStatus } from '@vantage/contracts';
import { ErrorAlert } from '@/components/error-alert';
import { TruncatedText } from '@/components/truncated-text';
import { formatDateTime } from '@/lib/format-date';
import { formatMinutes, MODE_LABELS } from '@/lib/support-access-words';
import { useMyAccessRequests } from '../api/get-my-access-requests';
import { ACCESS_REQUEST_STATUS_LABELS } from './support-access-words';

// Only palettes whose light badges keep 4.5:1 text contrast (see app/theme.ts).
const STATUS_COLORS: Record<AccessRequestStatus, string> = {
  pending: 'blue',
  approved: 'indigo',
  denied: 'red',
  revoked: 'red',
  expired: 'gray',
};

/** What became of the request, with who decided and until when it holds, in one sentence. */
export function accessRequestOutcome(request: AccessRequest): string {
  const by = request.decidedBy ? ` by ${request.decidedBy.name}` : '';
  switch (request.status) {
    case 'pending':
      return 'Waiting for the person or an owner to answer.';
    case 'approved':
      return request.expiresAt ? `Approved${by} until ${formatDateTime(request.expiresAt)}.` : `Approved${by}.`;
    case 'denied':
      return `Denied${by}.`;
    case 'revoked':
      return `Revoked${by}: sessions under it ended.`;
    case 'expired':
      return request.decidedAt ? 'The approved time is over.' : 'Nobody answered in time.';
  }
}

/** The access requests I made as support, newest first, with their answers: on the Teams List page. */
export function MyAccessRequests() {
  const requestsQuery = useMyAccessRequests();

  return (
    <Stack gap="sm" component="section" aria-labelledby="my-access-requests-heading">
      <div>
        <Title order={2} size="h3" id="my-access-requests-heading">
          My access requests
        </Title>
        <Text size="sm" c="dimmed">
          Teams whose owners approve support access first answer here; once approved, Impersonate is available on the team&apos;s row until
          the time is over.
        </Text>
      </div>
      {requestsQuery.isPending ? (
        <Stack gap="xs" role="status" aria-busy="true" aria-label="Loading my access requests">
          <Skeleton height={32} />
          <Skeleton height={48} />
        </Stack>
      ) : requestsQuery.isError && !requestsQuery.data ? (
        <Stack gap="sm" align="flex-start">
          <ErrorAlert error={requestsQuery.error} title="Could not load your access requests" w="100%" />
          <Button variant="default" onClick={() => void requestsQuery.refetch()}>
            Try again
          </Button>
        </Stack>
      ) : requestsQuery.data.items.length === 0 ? (
        <Text size="sm">You have not requested access to any team.</Text>
      ) : (
        <Paper withBorder radius="md" px="sm" py={4}>
          <Table.ScrollContainer minWidth={820}>
            <Table verticalSpacing="sm" aria-label="My access requests">
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">Person</Table.Th>
                  <Table.Th scope="col">Team</Table.Th>
                  <Table.Th scope="col">Access</Table.Th>
                  <Table.Th scope="col">Reason</Table.Th>
                  <Table.Th scope="col">Status</Table.Th>
                  <Table.Th scope="col">Requested</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {requestsQuery.data.items.map((request) => (
                  <Table.Tr key={request.id}>
                    <Table.Td>
                      <TruncatedText text={request.user.name} maxWidth={200} fw={500} />
                    </Table.Td>
                    <Table.Td>
                      <TruncatedText text={request.team.name} maxWidth={200} />
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Text size="sm">{MODE_LABELS[request.mode]}</Text>
                      <Text size="xs" c="dimmed">
                        {formatMinutes(request.durationMinutes)}
                      </Text>
                    </Table.Td>
                    <Table.Td maw={260}>
                      <Text size="sm" lineClamp={2} title={request.reason} style={{ overflowWrap: 'anywhere' }}>
                        {request.reason}
                      </Text>
                    </Table.Td>
                    <Table.Td maw={260}>
                      <Badge variant="light" color={STATUS_COLORS[request.status]} radius="sm">
                        {ACCESS_REQUEST_STATUS_LABELS[request.status]}
                      </Badge>
                      <Text size="xs" c="dimmed" mt={2}>
                        {accessRequestOutcome(request)}
                      </Text>
                    </Table.Td>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Text size="sm" component="time" dateTime={request.createdAt}>
                        {formatDateTime(request.createdAt)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Table.ScrollContainer>
        </Paper>
      )}
    </Stack>
  );
}
