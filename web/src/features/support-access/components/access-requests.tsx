import { Card, EmptyState, Stack } from '@mantine/core';
import type { AccessRequest } from '@vantage/contracts';
import { useEffect, useRef } from 'react';
import { ShieldIcon } from '@/components/icons';
import { LoadError, TableSkeleton } from '@/components/list-states';
import { NotFoundState } from '@/components/not-found-state';
import { paths } from '@/config/paths';
import { useSignedInUser } from '@/lib/current-user';
import { useRestriction } from '@/lib/restrictions';
import { useAccessRequests } from '../api/get-access-requests';
import { AccessRequestCard } from './access-request-card';

/** Those waiting for an answer first; otherwise the API's order (newest first). */
function pendingFirst(items: AccessRequest[]): AccessRequest[] {
  return [...items.filter((request) => request.status === 'pending'), ...items.filter((request) => request.status !== 'pending')];
}

/**
 * Requests for support access concerning me or a team I own, with the answer each allows. `focusedId`
 * (the emailed link) brings that one into view and moves the focus to it.
 */
export function AccessRequests({ focusedId }: { focusedId?: string }) {
  const user = useSignedInUser();
  const restriction = useRestriction('decide_access_request');
  const requestsQuery = useAccessRequests();
  const focusedCard = useRef<HTMLDivElement>(null);
  const focusedFound = Boolean(focusedId && requestsQuery.data?.items.some((request) => request.id === focusedId));

  // Once, when the linked request first appears: later refreshes must not pull the page back to it.
  useEffect(() => {
    if (!focusedFound) return;
    const card = focusedCard.current;
    card?.scrollIntoView?.({ block: 'center' });
    card?.focus({ preventScroll: true });
  }, [focusedFound, focusedId]);

  if (requestsQuery.isPending) return <TableSkeleton label="Loading access requests" rows={3} />;
  if (requestsQuery.isError) {
    return (
      <LoadError error={requestsQuery.error} title="Could not load the access requests" onRetry={() => void requestsQuery.refetch()} />
    );
  }

  if (focusedId && !focusedFound) {
    return (
      <NotFoundState
        title="Access request not found"
        description="This request does not exist, or it concerns neither you nor a team you own."
        backTo={paths.accessRequests}
        backLabel="See all access requests"
      />
    );
  }

  const items = requestsQuery.data.items;
  if (items.length === 0) {
    return (
      <Card withBorder radius="md" padding="xl">
        <EmptyState
          icon={<ShieldIcon size={30} />}
          withIndicatorBackground
          title="No access requests"
          description="When Vantage support asks to enter your account or a team you own, the request shows here and you are emailed."
        />
      </Card>
    );
  }

  return (
    <Stack gap="md" aria-label="Access requests" component="section">
      {pendingFirst(items).map((request) => (
        <AccessRequestCard
          key={request.id}
          ref={request.id === focusedId ? focusedCard : undefined}
          request={request}
          myId={user.id}
          highlighted={request.id === focusedId}
          restriction={restriction}
        />
      ))}
    </Stack>
  );
}
