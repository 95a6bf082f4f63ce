import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ImpersonationEndReason } from '@vantage/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../auth/auth-context';

interface EndedRow {
  id: string;
  impersonator_id: string;
  impersonated_user_id: string;
  team_id: string;
  end_reason: ImpersonationEndReason;
}

/**
 * Ends impersonations that stop being allowed, from wherever that is noticed: a request that finds
 * its session over, a user switching support access off, an admin losing the role. Each record is
 * closed once (guarded UPDATE), its sessions revoked, and the end audited.
 */
@Injectable()
export class ImpersonationEvents {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** A request found its impersonation over: record why, if nobody has yet. */
  async sessionFoundOver(impersonationId: string): Promise<void> {
    await this.end(`id = $1`, [impersonationId], `CASE WHEN expires_at <= now() THEN 'expired' ELSE 'revoked' END`);
  }

  /** The impersonating admin signed out instead of returning: the impersonation ends with it. */
  async endBySignOut(impersonationId: string): Promise<void> {
    await this.end(`id = $1`, [impersonationId], `'cancelled'`);
  }

  /** The user switched support access off: their active impersonations end now. */
  async endForImpersonatedUser(userId: string, manager?: EntityManager): Promise<void> {
    await this.end(`impersonated_user_id = $1`, [userId], `'revoked'`, manager);
  }

  /** The admin lost the admin role: the impersonations they run end now. */
  async endForImpersonator(userId: string, manager?: EntityManager): Promise<void> {
    await this.end(`impersonator_id = $1`, [userId], `'revoked'`, manager);
  }

  /** A super admin ends a running impersonation; false when there is none with that id. */
  async endByAdmin(impersonationId: string, superAdmin: AuthContext): Promise<boolean> {
    return this.db.transaction((manager) =>
      this.end(`id = $1 AND expires_at > now()`, [impersonationId], `'ended_by_admin'`, manager, superAdmin),
    );
  }

  /** Closes the matching active records once each, revokes their sessions and audits why (by `by`, or the system). */
  private async end(where: string, params: unknown[], reasonSql: string, manager: EntityManager = this.db.manager, by?: AuthContext): Promise<boolean> {
    const [rows] = (await manager.query(
      `UPDATE impersonations
          SET ended_at = LEAST(now(), expires_at), end_reason = ${reasonSql}, ended_by_id = $${params.length + 1}
        WHERE ${where} AND ended_at IS NULL
        RETURNING id, impersonator_id, impersonated_user_id, team_id, end_reason`,
      [...params, by?.user.id ?? null],
    )) as [EndedRow[], number];
    if (!rows.length) return false;
    await manager.query(
      `UPDATE auth_sessions SET revoked_at = now() WHERE impersonation_id = ANY($1::uuid[]) AND revoked_at IS NULL`,
      [rows.map((r) => r.id)],
    );
    for (const ended of rows) {
      await this.audit.record(
        {
          action: `impersonation.${ended.end_reason}`,
          teamId: ended.team_id,
          actor: by ?? null,
          entityType: 'impersonation',
          entityId: ended.id,
          details: { impersonatorId: ended.impersonator_id, impersonatedUserId: ended.impersonated_user_id },
        },
        manager,
      );
    }
    return true;
  }
}
