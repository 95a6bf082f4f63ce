import { Badge } from '@mantine/core';
import { usePendingAccessRequestCount } from '../api/get-access-requests';

/** The navigation's count of access requests waiting for my answer; nothing at 0. */
export function PendingAccessRequestsBadge() {
  const count = usePendingAccessRequestCount();
  if (count === 0) return null;
  return (
    <Badge size="sm" circle={count < 10} color="red" variant="filled" aria-label={`${count} waiting for an answer`}>
      {count}
    </Badge>
  );
}
