import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { fullName, type ImpersonationMode, type SupportSession } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import type { AuthContext } from './auth-context';

export interface RunningSupportRow {
  id: string;
  first_name: string;
  last_name: string;
  /** A Date from a query, an ISO string from row_to_json. */
  created_at: Date | string;
  expires_at: Date | string;
  mode: ImpersonationMode;
}

/**
 * Whether someone from support is in a user's account right now, for the user's own `GET /auth/me`
 * (the live banner with *End now*). The auth core reads the impersonations table here as its session
 * query does, without importing the feature that owns it. Asked only where a current user is
 * described (not on every request): one indexed query on the impersonated user.
 */
/** The latest started running impersonation of user `$1`, as runningIn reads it. */
const RUNNING_SUPPORT_SQL = `SELECT i.id, a.first_name, a.last_name, i.created_at, i.expires_at, i.mode
         FROM impersonations i JOIN users a ON a.id = i.impersonator_id
        WHERE i.impersonated_user_id = $1 AND i.ended_at IS NULL AND i.expires_at > now()
        ORDER BY i.created_at DESC
        LIMIT 1`;

/**
 * The same read as a scalar subquery on `userIdSql` (one row as JSON, or null), for a statement that
 * issues a session to that user: it answers what runningIn would, without a query of its own.
 */
export function runningSupportJson(userIdSql: string): string {
  return `(SELECT row_to_json(r) FROM (${RUNNING_SUPPORT_SQL.replace('$1', userIdSql)}) r)`;
}

/** The running support session as `/auth/me` describes it, from its row (null: none). */
export function supportSessionOf(row: RunningSupportRow | null | undefined): SupportSession | null {
  if (!row) return null;
  return {
    id: row.id,
    impersonator: { name: fullName({ firstName: row.first_name, lastName: row.last_name }) },
    startedAt: new Date(row.created_at).toISOString(),
    expiresAt: new Date(row.expires_at).toISOString(),
    mode: row.mode,
  };
}

@Injectable()
export class SupportSessionReader {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The latest started running impersonation of the caller; null during an impersonation (support does
   * not see itself) and for a sign-in that has not passed its second factor yet.
   */
  async runningIn(auth: AuthContext): Promise<SupportSession | null> {
    if (auth.impersonation || auth.sessionKind !== 'full') return null;
    if (auth.user.isTwoFactorEnabled && !auth.twoFactorAuthenticated) return null;
    const [row]: RunningSupportRow[] = await this.db.query(RUNNING_SUPPORT_SQL, [auth.user.id]);
    return supportSessionOf(row);
  }

  /**
   * As runningIn, from a row already read (runningSupportJson in the statement that created the
   * session): the same rule for when there is nothing to show.
   */
  knownIn(auth: AuthContext, row: RunningSupportRow | null): SupportSession | null {
    if (auth.impersonation || auth.sessionKind !== 'full') return null;
    if (auth.user.isTwoFactorEnabled && !auth.twoFactorAuthenticated) return null;
    return supportSessionOf(row);
  }
}
