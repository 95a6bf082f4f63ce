import { Injectable, Logger } from '@nestjs/common';
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
} from '@vantage/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { DataSource } from 'typeorm';
import { actingPerson, fullName, type AuthContext } from '../auth/auth-context';
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
import { TwoFactorService } from '../two-factor/two-factor.service';
import { UsersRepository } from '../users/users.repository';
import { ImpersonationActionLog } from './action-log/impersonation-action-log';
import { ImpersonationEndings } from './impersonation-endings';
import { ImpersonationNotices } from './impersonation-notices';
import { ImpersonationRecords } from './impersonation-records';
import { ImpersonationStarts } from './impersonation-starts';
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

/** Reads and starts tried when the team's policy or the grant changes between the read and the start. */
const START_ATTEMPTS = 2;

/** How long after an impersonation ended its admin may still return from it to their own account. */
const RETURN_WITHIN_MINUTES = IMPERSONATION_MINUTES;

@Injectable()
export class ImpersonationService {
  /** The start and the return write their audit entries in their own statement; the security log line is written here. */
  private readonly auditLog = new Logger('Audit');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly issuer: SessionIssuer,
    private readonly sessions: SessionService,
    private readonly twoFactor: TwoFactorService,
    private readonly users: UsersRepository,
    private readonly records: ImpersonationRecords,
    private readonly endings: ImpersonationEndings,
    private readonly actionLog: ImpersonationActionLog,
    private readonly starts: ImpersonationStarts,
    private readonly notices: ImpersonationNotices,
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

    // Everything the rules need in one read; the rules about the target are still checked (and
    // reported) before anything about the team. The start itself re-checks, locked, that the policy
    // and the grant are still those the rules saw; if either changed meanwhile it writes nothing and
    // the rules are asked again on what is there now.
    for (let attempt = 1; ; attempt++) {
      const facts = await this.starts.startFacts(caller.user.id, dto.userId, dto.teamId);
      assertCanImpersonate(callerFacts, facts.target);
      const { target, team, grant } = facts;
      if (!team) {
        throw dto.teamId
          ? new AppException(ErrorCode.IMPERSONATION_TEAM_INVALID, 400)
          : new AppException(ErrorCode.IMPERSONATION_TEAM_INVALID, 400, 'This user does not belong to any team.');
      }
      const mode = assertTeamAllowsImpersonation({ policy: team.supportAccess, grant }, dto.mode);
      const started = await this.starts.start({
        caller,
        targetId: target.id,
        targetEmail: target.email,
        team,
        grant: team.supportAccess === 'approval' ? grant : null,
        mode,
        reason: dto.reason || null,
        minutes: IMPERSONATION_MINUTES,
      });
      if (!started) {
        if (attempt < START_ATTEMPTS) continue;
        // Changed again between a second read and its start: refusing is the safe answer.
        throw AppException.forbidden(ErrorCode.IMPERSONATION_TEAM_POLICY);
      }
      this.auditLog.log(`impersonation.started by ${fullName(caller.user)} on impersonation:${started.impersonationId}`);
      // The user is told (SPEC §4) from the outbox the start wrote: after the answer, and if this
      // instance stops first, by the next one to start or sweep.
      this.notices.sendAfterAnswer(started.impersonationId);

      const issued = await this.issuer.issue(started.sessionId, target.id, started.refreshToken, started.selected);
      return {
        ...issued,
        response: {
          ...issued.response,
          impersonation: { id: started.impersonationId, expiresAt: started.expiresAt.toISOString(), mode: started.mode },
        },
      };
    }
  }

  /**
   * "Return to my account": the record is found from the token's own claims — user, code and start
   * time — and ended, and the admin gets a fresh session, in one statement (ImpersonationStarts.cancel).
   */
  async cancel(
    auth: AuthContext,
    claims: AccessTokenClaims,
    client: SessionClient,
    http: { request: FastifyRequest; reply: FastifyReply },
  ): Promise<IssuedSession> {
    if (!auth.impersonation || !claims.impersonationCode || typeof claims.impersonatedAt !== 'number') {
      throw AppException.notFound(ErrorCode.IMPERSONATION_NOT_FOUND, 'You are not impersonating anyone.');
    }
    const { actionEntryId, returned } = await this.starts.cancel(
      auth,
      claims.impersonationCode,
      claims.impersonatedAt,
      client,
      this.actionLog.entryOf(http.request, http.reply),
    );
    this.actionLog.adopt(http.request, actionEntryId);
    if (!returned) throw AppException.unauthorized(ErrorCode.IMPERSONATION_ENDED);
    this.auditLog.log(`impersonation.cancelled by ${actingPerson(auth).name}`);
    return this.issuer.issue(returned.sessionId, returned.adminId, returned.refreshToken, returned.selected);
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
}
