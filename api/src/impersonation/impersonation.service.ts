import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type ActiveImpersonation,
  ErrorCode,
  IMPERSONATION_MINUTES,
  type ImpersonationEndReason,
  type ImpersonationHistoryEntry,
  type ImpersonationMode,
  type ImpersonateResponse,
  type ReturnFromImpersonationResponse,
  type SupportAccessPolicy,
} from '@vantage/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { fullName, type AuthContext } from '../auth/auth-context';
import {
  assertCallerMayImpersonate,
  assertCanImpersonate,
  assertTeamAllowsImpersonation,
  impersonationCallerOf,
} from '../auth/impersonation-policy';
import { SessionIssuer, type IssuedSession } from '../auth/session-issuer';
import { type SessionClient, SessionService } from '../auth/session.service';
import type { AccessTokenClaims } from '../auth/token.service';
import { AppException } from '../common/app-exception';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailService } from '../mail/mail.service';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { UsersRepository } from '../users/users.repository';
import { AccessRequestRecords } from './access-requests/access-request-records';
import { ImpersonationActionLog } from './action-log/impersonation-action-log';
import { ImpersonationEndings } from './impersonation-endings';
import { impersonationStartedMail } from './impersonation-mail';
import { ImpersonationRecords } from './impersonation-records';
import type { StartImpersonationDto } from './impersonation.dto';

interface HistoryRow {
  id: string;
  first_name: string;
  last_name: string;
  email: string;
  created_at: Date;
  ended_at: Date | null;
  expires_at: Date;
  end_reason: ImpersonationEndReason | null;
  reason: string | null;
  mode: ImpersonationMode;
  action_count: number;
}

interface AdminListRow {
  id: string;
  reason: string | null;
  created_at: Date;
  expires_at: Date;
  ended_at: Date | null;
  end_reason: ImpersonationEndReason | null;
  admin_id: string;
  admin_first: string;
  admin_last: string;
  admin_email: string;
  user_id: string;
  user_first: string;
  user_last: string;
  user_email: string;
  team_id: string | null;
  team_name: string | null;
  mode: ImpersonationMode;
  action_count: number;
}

/** How many requests support made in impersonation `i` (an index-only count: the action log's index leads with the session). */
const ACTION_COUNT_SQL = `(SELECT count(*)::int FROM impersonation_actions x WHERE x.impersonation_id = i.id)`;

export interface StartedImpersonation extends IssuedSession {
  response: ImpersonateResponse;
}

export interface ReturnedFromImpersonation extends IssuedSession {
  response: ReturnFromImpersonationResponse;
}

/** How long after an impersonation ended its admin may still return from it to their own account. */
const RETURN_WITHIN_MINUTES = IMPERSONATION_MINUTES;

@Injectable()
export class ImpersonationService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly issuer: SessionIssuer,
    private readonly sessions: SessionService,
    private readonly twoFactor: TwoFactorService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly users: UsersRepository,
    private readonly records: ImpersonationRecords,
    private readonly endings: ImpersonationEndings,
    private readonly actionLog: ImpersonationActionLog,
    private readonly accessRequests: AccessRequestRecords,
  ) {}

  /**
   * An admin starts working as a user: caller rules, then a fresh 2FA code or passkey assertion
   * (replay-protected, counted toward the lockout), then the target rules, then the team's policy and the admin's grant
   * (SPEC §10). Refusals are audited by the route's filter.
   */
  async start(caller: AuthContext, dto: StartImpersonationDto): Promise<StartedImpersonation> {
    const callerFacts = impersonationCallerOf(caller);
    assertCallerMayImpersonate(callerFacts);
    await this.twoFactor.verifyProof(caller.user.id, dto, 'step_up');

    // The target and the team to enter are read side by side; the rules about the target are
    // still checked (and reported) before anything about the team.
    const [target, team] = await Promise.all([this.users.findById(dto.userId), this.teamToEnter(dto.userId, dto.teamId)]);
    assertCanImpersonate(callerFacts, target);
    if (!team) {
      throw dto.teamId
        ? new AppException(ErrorCode.IMPERSONATION_TEAM_INVALID, 400)
        : new AppException(ErrorCode.IMPERSONATION_TEAM_INVALID, 400, 'This user does not belong to any team.');
    }
    const teamId = team.id;

    const { impersonation, sessionId, refreshToken } = await this.db.transaction(async (manager) => {
      // The policy and the grant are read locked (FOR SHARE) until this start commits: an owner
      // tightening the policy, or a revocation, waits for it and then ends what it started.
      const policy = await this.supportAccessOf(teamId, manager);
      const grant =
        policy === 'approval'
          ? await this.accessRequests.usableGrant({ adminId: caller.user.id, userId: target.id, teamId }, manager)
          : null;
      const mode = assertTeamAllowsImpersonation({ policy, grant }, dto.mode);

      // One running impersonation per admin: one left behind (a closed tab keeps it alive for 30 minutes)
      // ends here, as if the admin had returned from it, so no two rows are ever "Still active" for one admin.
      // One whose 30 minutes already ran out is left for the sweep, which ends it truthfully as expired.
      await this.endings.end({ impersonatorId: caller.user.id, unexpiredOnly: true }, 'cancelled', { by: caller, manager });
      const record = await this.records.insert(
        {
          impersonatorId: caller.user.id,
          impersonatedUserId: target.id,
          impersonatorTeamId: caller.teamId,
          impersonatorSessionId: caller.sessionId,
          teamId,
          reason: dto.reason || null,
          minutes: IMPERSONATION_MINUTES,
          mode,
          grant: grant ? { id: grant.id, expiresAt: grant.expires_at } : null,
        },
        manager,
      );
      const { session, refreshToken } = await this.sessions.create(
        {
          userId: target.id,
          kind: 'impersonation',
          teamId,
          twoFactorAuthenticated: false,
          impersonationId: record.id,
          expiresAt: record.expires_at,
        },
        manager,
      );
      // The admin's own sign-in ends here: this browser's cookie now belongs to the impersonation,
      // and "Return to my account" issues the admin a fresh session.
      await this.sessions.revoke(caller.sessionId, manager);
      await this.audit.record(
        {
          action: 'impersonation.started',
          teamId,
          actor: caller,
          entityType: 'impersonation',
          entityId: record.id,
          details: {
            impersonatedUserId: target.id,
            impersonatedEmail: target.email,
            reason: dto.reason || null,
            expiresAt: record.expires_at,
            mode: record.mode,
            accessRequestId: grant?.id ?? null,
          },
        },
        manager,
      );
      // The user is told (SPEC §4). Queued with the record: a mail outage does not block support,
      // and the notice goes out when the mail server is back.
      await this.mail.queue(
        impersonationStartedMail({
          to: target.email,
          userFirstName: target.firstName,
          adminName: fullName(caller.user),
          teamName: team.name,
          startedAt: record.created_at,
          expiresAt: record.expires_at,
          reason: dto.reason || null,
          mode: record.mode,
          appUrl: this.config.appUrl,
        }),
        manager,
      );
      return { impersonation: record, sessionId: session.id, refreshToken: refreshToken! };
    });

    const issued = await this.issuer.issue(sessionId, target.id, refreshToken);
    return {
      ...issued,
      response: {
        ...issued.response,
        impersonation: { id: impersonation.id, expiresAt: impersonation.expires_at.toISOString(), mode: impersonation.mode },
      },
    };
  }

  /**
   * "Return to my account": the record is found from the token's own claims — user, code and start
   * time. PostgreSQL keeps microseconds and the token milliseconds, so the start time is compared
   * truncated to the millisecond.
   */
  async cancel(auth: AuthContext, claims: AccessTokenClaims, client: SessionClient): Promise<IssuedSession> {
    if (!auth.impersonation || !claims.impersonationCode || typeof claims.impersonatedAt !== 'number') {
      throw AppException.notFound(ErrorCode.IMPERSONATION_NOT_FOUND, 'You are not impersonating anyone.');
    }
    const { adminId, sessionId, refreshToken } = await this.db.transaction(async (manager) => {
      const [record] = await this.endings.end(
        { impersonatedUserId: auth.user.id, code: claims.impersonationCode!, startedAtMs: claims.impersonatedAt! },
        'cancelled',
        { by: auth, manager },
      );
      if (!record) throw AppException.unauthorized(ErrorCode.IMPERSONATION_ENDED);
      await this.records.markReturned(record.id, manager);
      // Back to the team the admin started from if they still belong to it, else their current team.
      const adminTeamId = await this.users.returnToTeam(record.impersonator_id, record.impersonator_team_id, manager);
      // The admin proved a fresh second factor to start; the new session carries that.
      const { session, refreshToken } = await this.sessions.create(
        { userId: record.impersonator_id, kind: 'full', teamId: adminTeamId, twoFactorAuthenticated: true, client },
        manager,
      );
      return { adminId: record.impersonator_id, sessionId: session.id, refreshToken: refreshToken! };
    });
    return this.issuer.issue(sessionId, adminId, refreshToken);
  }

  /**
   * "Return to my account" after the session was ended by someone or something else — the user, a
   * super admin, a revocation, the team's policy, its time — so the admin lands back in their own
   * account instead of on the sign-in page. The browser's refresh cookie still names the impersonation
   * session: its impersonation must have ended within RETURN_WITHIN_MINUTES and not been returned
   * from (single use, on every instance), and the admin must still hold an admin role. The admin gets
   * a fresh session in the team they started from, as with cancel: they proved a fresh second factor
   * to start, at most an hour before.
   */
  async returnFromEnded(refreshToken: string | undefined, client: SessionClient): Promise<ReturnedFromImpersonation> {
    const session = await this.sessions.findByRefreshToken(refreshToken);
    const impersonationId = session?.kind === 'impersonation' ? session.impersonationId : null;
    if (!impersonationId || (await this.records.isRunning(impersonationId)))
      throw AppException.unauthorized(ErrorCode.RETURN_NOT_AVAILABLE);
    // Its time ran out and neither a request nor the sweep has closed it yet: it ends here, as expired.
    await this.endings.closeFoundOver(impersonationId);
    const {
      adminId,
      sessionId,
      refreshToken: adminRefreshToken,
      endReason,
    } = await this.db.transaction(async (manager) => {
      const claimed = await this.records.claimReturn(impersonationId, RETURN_WITHIN_MINUTES, manager);
      if (!claimed) throw AppException.unauthorized(ErrorCode.RETURN_NOT_AVAILABLE);
      const adminTeamId = await this.users.returnToTeam(claimed.impersonator_id, claimed.impersonator_team_id, manager);
      const created = await this.sessions.create(
        { userId: claimed.impersonator_id, kind: 'full', teamId: adminTeamId, twoFactorAuthenticated: true, client },
        manager,
      );
      return {
        adminId: claimed.impersonator_id,
        sessionId: created.session.id,
        refreshToken: created.refreshToken!,
        endReason: claimed.end_reason,
      };
    });
    const issued = await this.issuer.issue(sessionId, adminId, adminRefreshToken);
    return { ...issued, response: { ...issued.response, endReason } };
  }

  /**
   * Ends a running impersonation from Active impersonations: a super admin any of them, an admin only
   * their own (a session left running in a closed tab), which counts as their return from it.
   */
  async endByAdmin(caller: AuthContext, impersonationId: string): Promise<void> {
    if (caller.user.role === 'super_admin') {
      const ended = await this.endings.end({ id: impersonationId, unexpiredOnly: true }, 'ended_by_admin', { by: caller });
      if (!ended.length) throw AppException.notFound(ErrorCode.IMPERSONATION_NOT_FOUND);
      return;
    }
    const ended = await this.endings.end({ id: impersonationId, unexpiredOnly: true, impersonatorId: caller.user.id }, 'cancelled', {
      by: caller,
    });
    if (ended.length) return;
    if (await this.records.isRunning(impersonationId))
      throw AppException.forbidden(ErrorCode.FORBIDDEN, 'Only a super admin can end an impersonation started by someone else.');
    throw AppException.notFound(ErrorCode.IMPERSONATION_NOT_FOUND);
  }

  /** Who accessed my account, newest first. */
  async historyFor(userId: string): Promise<ImpersonationHistoryEntry[]> {
    await this.actionLog.flush(); // this instance's buffered reads count too
    const rows: HistoryRow[] = await this.db.query(
      `SELECT i.id, a.first_name, a.last_name, a.email, i.created_at, i.ended_at, i.expires_at, i.end_reason, i.reason, i.mode,
              ${ACTION_COUNT_SQL} AS action_count
         FROM impersonations i JOIN users a ON a.id = i.impersonator_id
        WHERE i.impersonated_user_id = $1
        ORDER BY i.created_at DESC, i.id
        LIMIT 100`,
      [userId],
    );
    return rows.map((r) => ({
      id: r.id,
      impersonator: { name: fullName({ firstName: r.first_name, lastName: r.last_name }), email: r.email },
      startedAt: r.created_at.toISOString(),
      endedAt: r.ended_at ? r.ended_at.toISOString() : null,
      expiresAt: r.expires_at.toISOString(),
      endReason: r.end_reason,
      reason: r.reason,
      mode: r.mode,
      actionCount: r.action_count,
    }));
  }

  /** Impersonations for the admin page: running ones, or the latest 100 of any state. */
  async list(activeOnly: boolean): Promise<ActiveImpersonation[]> {
    await this.actionLog.flush(); // this instance's buffered reads count too
    const rows: AdminListRow[] = await this.db.query(
      `SELECT i.id, i.reason, i.created_at, i.expires_at, i.ended_at, i.end_reason,
              a.id AS admin_id, a.first_name AS admin_first, a.last_name AS admin_last, a.email AS admin_email,
              u.id AS user_id, u.first_name AS user_first, u.last_name AS user_last, u.email AS user_email,
              t.id AS team_id, t.name AS team_name, i.mode, ${ACTION_COUNT_SQL} AS action_count
         FROM impersonations i
         JOIN users a ON a.id = i.impersonator_id
         JOIN users u ON u.id = i.impersonated_user_id
         LEFT JOIN teams t ON t.id = i.team_id
        WHERE ($1::boolean IS FALSE OR (i.ended_at IS NULL AND i.expires_at > now()))
        ORDER BY i.created_at DESC, i.id
        LIMIT 100`,
      [activeOnly],
    );
    return rows.map((r) => ({
      id: r.id,
      impersonator: { id: r.admin_id, name: fullName({ firstName: r.admin_first, lastName: r.admin_last }), email: r.admin_email },
      impersonated: { id: r.user_id, name: fullName({ firstName: r.user_first, lastName: r.user_last }), email: r.user_email },
      team: r.team_id ? { id: r.team_id, name: r.team_name ?? '' } : null,
      reason: r.reason,
      startedAt: r.created_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
      endedAt: r.ended_at ? r.ended_at.toISOString() : null,
      endReason: r.end_reason,
      mode: r.mode,
      actionCount: r.action_count,
    }));
  }

  /** The team's support access policy, held (FOR SHARE) until the caller's transaction ends. */
  private async supportAccessOf(teamId: string, manager: EntityManager): Promise<SupportAccessPolicy> {
    const [row]: { support_access: SupportAccessPolicy }[] = await manager.query(
      `SELECT support_access FROM teams WHERE id = $1 FOR SHARE`,
      [teamId],
    );
    if (!row) throw new AppException(ErrorCode.IMPERSONATION_TEAM_INVALID, 400);
    return row.support_access;
  }

  /**
   * The team the impersonation happens in: the one asked for if the user belongs to it; otherwise
   * the user's current team, or else their first. Null when there is none.
   */
  private async teamToEnter(userId: string, requested: string | undefined): Promise<{ id: string; name: string } | null> {
    const [row]: { id: string; name: string }[] = await this.db.query(
      `SELECT t.id, t.name
         FROM team_members m
         JOIN teams t ON t.id = m.team_id
         JOIN users u ON u.id = m.user_id
        WHERE m.user_id = $1 AND ($2::uuid IS NULL OR m.team_id = $2::uuid)
        ORDER BY (m.team_id = u.current_team_id) DESC, m.created_at
        LIMIT 1`,
      [userId, requested ?? null],
    );
    return row ?? null;
  }
}
