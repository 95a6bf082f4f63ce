import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { actingPerson, type ActingPerson, type AuthContext } from '../auth/auth-context';
import { ImpersonationOverHandler } from '../auth/impersonation-over.port';
import { SessionService } from '../auth/session.service';
import type { SupportAccessPolicy } from '@vantage/contracts';
import { SupportAccessTightening } from '../teams/support-access-tightening.port';
import { AccessRequestRecords } from './access-requests/access-request-records';
import { ImpersonationRecords, type EndedRecord, type EndReason, type RunningImpersonations } from './impersonation-records';

export interface EndOptions {
  /** Who ended it: audited as the actor (null: the system), and the person acting stored as `ended_by`. */
  by?: AuthContext | ActingPerson | null;
  /** Pass a transaction's manager to end together with the change that causes it. */
  manager?: EntityManager;
}

/**
 * The one way an impersonation ends — returning (cancel), expiry, a super admin's end, the user
 * switching support access off, the admin losing the role, signing out, or a request finding it
 * over: the record is closed once, its sessions revoked, and the end audited with its reason.
 */
@Injectable()
export class ImpersonationEndings implements ImpersonationOverHandler, SupportAccessTightening {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly records: ImpersonationRecords,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly accessRequests: AccessRequestRecords,
  ) {}

  /** Ends the matching running impersonations; answers the records it closed (empty when none was running). */
  async end(which: RunningImpersonations, reason: EndReason, options: EndOptions = {}): Promise<EndedRecord[]> {
    const by = options.by ?? null;
    const endedById = by ? ('sessionId' in by ? actingPerson(by) : by).id : null;
    const run = async (manager: EntityManager): Promise<EndedRecord[]> => {
      const ended = await this.records.end(which, reason, endedById, manager);
      if (!ended.length) return ended;
      await this.sessions.revokeForImpersonations(
        ended.map((record) => record.id),
        manager,
      );
      for (const record of ended) {
        await this.audit.record(
          {
            action: `impersonation.${record.end_reason}`,
            teamId: record.team_id,
            actor: by,
            entityType: 'impersonation',
            entityId: record.id,
            details: { impersonatorId: record.impersonator_id, impersonatedUserId: record.impersonated_user_id },
          },
          manager,
        );
      }
      return ended;
    };
    return options.manager ? run(options.manager) : this.db.transaction(run);
  }

  /**
   * An owner tightened the team's policy (SPEC §10): what it would not let start ends now, as revoked.
   * Under `never` the team's approved access windows are revoked too, so that switching back to
   * `approval` later does not bring an old approval back to life.
   */
  async endSessionsNotAllowedBy(teamId: string, policy: SupportAccessPolicy, by: AuthContext, manager: EntityManager): Promise<void> {
    if (policy === 'allowed') return;
    if (policy === 'never') {
      const revoked = await this.accessRequests.revokeAllInTeam(teamId, by.user.id, manager);
      for (const grant of revoked) {
        await this.audit.record(
          {
            action: 'access_request.revoked',
            teamId,
            actor: by,
            entityType: 'access_request',
            entityId: grant.id,
            details: { adminId: grant.admin_id, userId: grant.user_id, byTeamPolicy: 'never' },
          },
          manager,
        );
      }
    }
    await this.end({ teamId, withoutGrantOnly: policy === 'approval' }, 'revoked', { by, manager });
  }

  /** A request found its impersonation over (time ran out, or its rules no longer hold): record why, if nobody has yet. */
  async closeFoundOver(impersonationId: string): Promise<void> {
    await this.end({ id: impersonationId }, 'found_over');
  }
}
