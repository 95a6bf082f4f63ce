/**
 * The email another page already knows (the sign-in form's, an invitation's), passed in the location
 * state so the next form starts filled in. Anything else in the state is ignored.
 */
export function emailFromState(state: unknown): string | undefined {
  const email = (state as { email?: unknown } | null)?.email;
  return typeof email === 'string' ? email : undefined;
}
