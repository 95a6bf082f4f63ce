import { ErrorCode } from '@vantage/contracts';
import type { AuthContext } from '../auth/auth-context';
import { AppException } from '../common/app-exception';

/**
 * The team every CRM request works in. Sessions always carry one (registration creates a team),
 * unless that team was deleted under the session: then there is nothing to show or write to.
 */
export function currentTeamId(auth: AuthContext): string {
  if (!auth.teamId) throw AppException.notFound(ErrorCode.TEAM_NOT_FOUND);
  return auth.teamId;
}
