/** Client-side checks that mirror the API's rules, so most mistakes are caught before a round trip. */

export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
export const NAME_MAX_LENGTH = 100;

// Deliberately loose: the API is the authority; this only catches obvious typos.
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function requiredText(value: string, label: string): string | undefined {
  return value.trim() ? undefined : `Enter ${label}.`;
}

export function emailError(value: string): string | undefined {
  if (!value.trim()) return 'Enter your email address.';
  return EMAIL_PATTERN.test(value.trim()) ? undefined : 'Enter an email address like name@example.com.';
}

export function newPasswordError(value: string): string | undefined {
  if (value.length < PASSWORD_MIN_LENGTH) return `Use at least ${PASSWORD_MIN_LENGTH} characters.`;
  if (value.length > PASSWORD_MAX_LENGTH) return `Use at most ${PASSWORD_MAX_LENGTH} characters.`;
  return undefined;
}

export function nameError(value: string, label: string): string | undefined {
  const missing = requiredText(value, label);
  if (missing) return missing;
  return value.trim().length > NAME_MAX_LENGTH ? `Keep it to ${NAME_MAX_LENGTH} characters or fewer.` : undefined;
}

/** Drops undefined entries so "no errors" is an empty object. */
export function collectErrors<Keys extends string>(
  checks: Record<Keys, string | undefined>,
): Partial<Record<Keys, string>> {
  const errors: Partial<Record<Keys, string>> = {};
  for (const key of Object.keys(checks) as Keys[]) {
    const message = checks[key];
    if (message) errors[key] = message;
  }
  return errors;
}
