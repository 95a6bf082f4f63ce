import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ImpersonationMode } from '@vantage/contracts';
import { DataSource, EntityManager } from 'typeorm';

/** An approved window in which an admin may start impersonations of one user in one team (SPEC §10). */
export interface UsableGrant {
  id: string;
  mode: ImpersonationMode;
  expires_at: Date;
}

/** The owner of the `access_requests` table: every statement that writes it, and the grant lookup. */
@Injectable()
export class AccessRequestRecords {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The grant an impersonation starts under: approved, not revoked, window not over; the latest
   * ending one when there are several. Read `FOR SHARE` inside the start's transaction, so a
   * revocation committing at the same moment waits for the start and then ends what it started.
   */
  async usableGrant(
    which: { adminId: string; userId: string; teamId: string },
    manager: EntityManager = this.db.manager,
  ): Promise<UsableGrant | null> {
    const [row]: UsableGrant[] = await manager.query(
      `SELECT id, mode, expires_at FROM access_requests
        WHERE admin_id = $1 AND user_id = $2 AND team_id = $3 AND status = 'approved' AND expires_at > now()
        ORDER BY expires_at DESC
        LIMIT 1
        FOR SHARE`,
      [which.adminId, which.userId, which.teamId],
    );
    return row ?? null;
  }
}
