import {
  ACCESS_REQUEST_MAX_MINUTES,
  ACCESS_REQUEST_MIN_MINUTES,
  type AccessRequestStatus,
  type ImpersonationMode,
} from '@vantage/contracts';

/** How a session's or a grant's mode reads on the admin's pages. */
export const MODE_LABELS: Record<ImpersonationMode, string> = {
  read: 'Read-only',
  write: 'Read and write',
};

/** What became of an access request, in words. */
export const ACCESS_REQUEST_STATUS_LABELS: Record<AccessRequestStatus, string> = {
  pending: 'Waiting for approval',
  approved: 'Approved',
  denied: 'Denied',
  revoked: 'Revoked',
  expired: 'Expired',
};

/** "15 minutes", "1 hour", "24 hours". */
export function formatMinutes(minutes: number): string {
  if (minutes < 60 || minutes % 60 !== 0) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  const hours = minutes / 60;
  return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}

/** The windows an admin may ask for, within the API's limits. */
export const ACCESS_DURATION_CHOICES: readonly number[] = [15, 30, 60, 120, 240, 480, 1440].filter(
  (minutes) => minutes >= ACCESS_REQUEST_MIN_MINUTES && minutes <= ACCESS_REQUEST_MAX_MINUTES,
);

const clock = new Intl.DateTimeFormat('en-GB', { hour: '2-digit', minute: '2-digit' });

/** "14:30": the end of a window, which is at most a day away. */
export function formatTimeOfDay(iso: string): string {
  return clock.format(new Date(iso));
}
