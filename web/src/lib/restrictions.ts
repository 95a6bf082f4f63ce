import { ErrorCode, type RestrictedAction, type Restriction } from '@vantage/contracts';
import { useSignedInUser } from './current-user';

/**
 * Whether the API refuses `action` to the signed-in person right now, and why: `GET /auth/me` lists
 * the refusals in `restrictions` from the same rule its guards enforce (e.g. nothing that changes the
 * account during a support impersonation). A control for the action is disabled and shows
 * `restriction.message`; the web app never works the rule out itself.
 */
export function useRestriction(action: RestrictedAction): Restriction | null {
  const { restrictions } = useSignedInUser();
  return restrictions[action] ?? null;
}

/**
 * The refusal is because Vantage support is working in the account (FORBIDDEN_DURING_IMPERSONATION):
 * then the controls can add that only the account owner may make the change.
 */
export function isRefusedDuringImpersonation(restriction: Restriction | null): boolean {
  return restriction?.code === ErrorCode.FORBIDDEN_DURING_IMPERSONATION;
}
