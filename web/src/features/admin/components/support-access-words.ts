import type { AccessRequestStatus } from '@vantage/contracts';

/** What became of an access request, in words, on the admin's pages. */
export const ACCESS_REQUEST_STATUS_LABELS: Record<AccessRequestStatus, string> = {
  pending: 'Waiting for approval',
  approved: 'Approved',
  denied: 'Denied',
  revoked: 'Revoked',
  expired: 'Expired',
};

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** "14:30": the end of a window, which is at most a day away. */
export function formatTimeOfDay(iso: string): string {
  return clock.format(new Date(iso));
}
