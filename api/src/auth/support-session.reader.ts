import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { fullName, type ImpersonationMode, type SupportSession } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import type { AuthContext } from './auth-context';

interface RunningSupportRow {
  id: string;
  first_name: string;
  last_name: string;
  created_at: Date;
  expires_at: Date;
  mode: ImpersonationMode;
}

/**
 * Whether someone from support is in a user's account right now, for the user's own `GET /auth/me`
 * (the live banner with *End now*). The auth core reads the impersonations table here as its session
 * query does, without importing the feature that owns it. Asked only where a current user is
 * described (not on every request): one indexed query on the impersonated user.
 */
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
    const [row]: RunningSupportRow[] = await this.db.query(
      `SELECT i.id, a.first_name, a.last_name, i.created_at, i.expires_at, i.mode
         FROM impersonations i JOIN users a ON a.id = i.impersonator_id
        WHERE i.impersonated_user_id = $1 AND i.ended_at IS NULL AND i.expires_at > now()
        ORDER BY i.created_at DESC
        LIMIT 1`,
      [auth.user.id],
    );
    if (!row) return null;
    return {
      id: row.id,
      impersonator: { name: fullName({ firstName: row.first_name, lastName: row.last_name }) },
      startedAt: row.created_at.toISOString(),
      expiresAt: row.expires_at.toISOString(),
      mode: row.mode,
    };
  }
}
