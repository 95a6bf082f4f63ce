import { ErrorCode } from '@vantage/contracts';
import { AppException } from '../common/app-exception';
import type { AuthContext } from './auth-context';

/**
 * The team a request works in: the session's team, only while the caller is a member of it (the
 * request's session query reads membership). A person removed from the team, or who left it, is
 * refused its data from their next request on every instance (403 NOT_A_TEAM_MEMBER) and can switch
 * to another of their teams; someone with no team at all gets 404 TEAM_NOT_FOUND.
 */
export function currentTeamId(auth: AuthContext): string {
  const teamId = currentTeamIdOrNone(auth);
  if (!teamId) throw AppException.notFound(ErrorCode.TEAM_NOT_FOUND);
  return teamId;
}

/** As currentTeamId, but null (not an error) for someone who has no team at all. */
export function currentTeamIdOrNone(auth: AuthContext): string | null {
  if (auth.team) return auth.team.id;
  if (auth.teamId) throw AppException.forbidden(ErrorCode.NOT_A_TEAM_MEMBER);
  return null;
}
