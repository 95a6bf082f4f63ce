import {
  imitatesSupport,
  NAME_MAX_LENGTH,
  NAME_RULE_SENTENCES,
  nameProblem,
  PASSWORD_MAX_LENGTH,
  PASSWORD_MIN_LENGTH,
  type PersonNamePart,
} from '@vantage/contracts';

/**
 * Client-side checks with the API's own limits (contracts), so most mistakes are caught before a
 * round trip and a form never accepts what the API will refuse.
 */

// Deliberately loose: the API is the authority; this only catches obvious typos.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function requiredText(value: string, label: string): string | undefined {
  return value.trim() ? undefined : `Enter ${label}.`;
}

export function emailError(value: string): string | undefined {
  if (!value.trim()) return 'Enter your email address.';
  return EMAIL_PATTERN.test(value.trim()) ? undefined : 'Enter an email address like name@example.com.';
}

/** A new password field's description: the API's limits, the same on every form that sets one. */
export const NEW_PASSWORD_HELP = `${PASSWORD_MIN_LENGTH} to ${PASSWORD_MAX_LENGTH} characters.`;

export function newPasswordError(value: string): string | undefined {
  if (value.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (value.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  return undefined;
}

/**
 * The limit's sentence for a text that is too long. Counted like the API counts: without surrounding
 * spaces, and an emoji such as 🚚 as one character (a string's `length` counts it as two).
 */
export function tooLongError(value: string, maxLength: number): string | undefined {
  return Array.from(value.trim()).length > maxLength ? `Keep it to ${maxLength} characters or fewer.` : undefined;
}

/**
 * A name (team, business, lead) by the API's own rule (contracts' `nameProblem`): real names in
 * every script and with emoji pass; control characters and text-direction overrides do not.
 */
export function nameError(value: string, label: string, maxLength = NAME_MAX_LENGTH): string | undefined {
  const missing = requiredText(value, label);
  if (missing) return missing;
  const tooLong = tooLongError(value, maxLength);
  if (tooLong) return tooLong;
  const problem = nameProblem(value, maxLength);
  return problem ? `A name ${problem}.` : undefined;
}

/** A person's first or last name: a name that does not start with the words that mark Vantage staff. */
export function personNameError(value: string, label: string, part: PersonNamePart): string | undefined {
  return nameError(value, label) ?? (imitatesSupport(value, part) ? `A name ${NAME_RULE_SENTENCES.imitatesSupport(part)}.` : undefined);
}

/** Drops undefined entries so "no errors" is an empty object. */
export function collectErrors<Keys extends string>(checks: Record<Keys, string | undefined>): Partial<Record<Keys, string>> {
  const errors: Partial<Record<Keys, string>> = {};
  for (const key of Object.keys(checks) as Keys[]) {
    const message = checks[key];
    if (message) errors[key] = message;
  }
  return errors;
}
