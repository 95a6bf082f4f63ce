/** "45 seconds", "1 minute", "15 minutes" — for waits announced to people. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.ceil(totalSeconds));
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

/** "Jane Doe" → "JD"; falls back to the email's first letter. */
export function initials(firstName: string, lastName: string, email: string): string {
  const fromNames = `${firstName.trim().charAt(0)}${lastName.trim().charAt(0)}`.toUpperCase();
  return fromNames || email.charAt(0).toUpperCase();
}

/** "29:05" — minutes and seconds, for countdowns shown on screen (an impersonation's time left). */
export function formatClock(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
