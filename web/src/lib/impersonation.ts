import { ErrorCode, messageForErrorCode, type CurrentUser } from '@vantage/contracts';

/**
 * Shown next to controls the API refuses during support impersonation (team switch and creation,
 * password, email, 2FA and impersonation settings), so the reason is visible before anyone clicks.
 */
export const BLOCKED_WHILE_IMPERSONATING =
  messageForErrorCode(ErrorCode.FORBIDDEN_DURING_IMPERSONATION) ??
  'This is not available while you are impersonating a user.';

export function isImpersonating(user: Pick<CurrentUser, 'impersonatedBy'>): boolean {
  return user.impersonatedBy !== null && user.impersonatedBy !== undefined;
}
