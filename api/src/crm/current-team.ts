import { ErrorCode } from '@vantage/contracts';
import type { AuthContext } from '../auth/auth-context';
import { AppException } from '../common/app-exception';

/**
 * The team every CRM request works in: the session's team, only while the caller is a member of
 * it (the request's session query checks membership), so a removed member sees nothing.
 */
export function currentTeamId(auth: AuthContext): string {
  if (!auth.team) throw AppException.notFound(ErrorCode.TEAM_NOT_FOUND);
  return auth.team.id;
}
