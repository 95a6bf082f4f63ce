import {
  ACCESS_REQUEST_MAX_MINUTES,
  ACCESS_REQUEST_MIN_MINUTES,
  type ImpersonationMode,
  type SupportAccessPolicy,
} from '@vantage/contracts';

/** How a support session's or an access grant's mode reads, wherever it is shown. */
export const MODE_LABELS: Record<ImpersonationMode, string> = {
  read: 'Read-only',
  write: 'Read and write',
};

/** A team's support access policy: its name and what it means, in the words Team settings offers it with. */
export const SUPPORT_ACCESS_POLICY_WORDS: Record<SupportAccessPolicy, { label: string; meaning: string }> = {
  allowed: { label: 'Allowed', meaning: 'Support may enter after a fresh two-factor check; the person is emailed.' },
  approval: {
    label: 'Only with approval',
    meaning: 'Support asks first; the person or an owner approves for a time and read-only or read-and-write.',
  },
  never: { label: 'Never', meaning: 'Nobody from Vantage support may enter this team.' },
};

/** "15 minutes", "1 hour", "24 hours", "90 minutes". */
export function formatMinutes(minutes: number): string {
  if (minutes < 60 || minutes % 60 !== 0) return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
  const hours = minutes / 60;
  return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
}

/** The windows offered when asking for or granting access, within the API's limits. */
export const ACCESS_DURATION_CHOICES: readonly number[] = [15, 30, 60, 120, 240, 480, 1440].filter(
  (minutes) => minutes >= ACCESS_REQUEST_MIN_MINUTES && minutes <= ACCESS_REQUEST_MAX_MINUTES,
);
