/** "45 seconds", "1 minute", "15 minutes" — for waits announced to people. */
export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.ceil(totalSeconds));
  if (seconds < 60) return `${seconds} ${seconds === 1 ? 'second' : 'seconds'}`;
  const minutes = Math.ceil(seconds / 60);
  return `${minutes} ${minutes === 1 ? 'minute' : 'minutes'}`;
}

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * The first character as a person sees it: "👩‍💻" whole (five code points), "É" with its accent,
 * where `charAt(0)` would take half of an emoji and render "�".
 */
function firstGrapheme(text: string): string {
  const first = graphemes.segment(text.trim())[Symbol.iterator]().next();
  return first.done ? '' : first.value.segment.toUpperCase();
}

/** "Jane Doe" → "JD", "👩‍💻 Nguyễn" → "👩‍💻N"; falls back to the email's first letter. */
export function initials(firstName: string, lastName: string, email: string): string {
  return `${firstGrapheme(firstName)}${firstGrapheme(lastName)}` || firstGrapheme(email);
}

/** The initials of a name as written, from its first two words: "Ada Lovelace" → "AL", "👩‍💻 Nguyễn" → "👩‍💻N". */
export function initialsOfName(name: string): string {
  const words = name.replace(/[()]/g, ' ').split(/\s+/).filter(Boolean);
  return words.slice(0, 2).map(firstGrapheme).join('');
}

/** "29:05" — minutes and seconds, for countdowns shown on screen (an impersonation's time left). */
export function formatClock(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
