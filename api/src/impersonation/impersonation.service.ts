import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type ActiveImpersonation, ErrorCode, type ImpersonationHistoryEntry, type ImpersonateResponse } from '@vantage/contracts';
import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { fullName, type AuthContext } from '../auth/auth-context';
import { AuthService, type IssuedSession } from '../auth/auth.service';
import { SessionService } from '../auth/session.service';
import type { AccessTokenClaims } from '../auth/token.service';
import { AppException } from '../common/app-exception';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailService } from '../mail/mail.service';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { User } from '../users/user.entity';
import { ImpersonationEvents } from './impersonation-events';
import { impersonationStartedMail } from './impersonation-mail';
import { assertCallerMayImpersonate, assertCanImpersonate, IMPERSONATION_DURATION_MINUTES } from './impersonation-rules';
import type { StartImpersonationDto } from './impersonation.dto';

const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const CODE_LENGTH = 24;
/** Records that ran out with nobody calling are marked expired by this sweep (on every instance; the update is guarded). */
const EXPIRY_SWEEP_MS = 60_000;

export interface StartedImpersonation extends IssuedSession {
  response: ImpersonateResponse;
}

@Injectable()
export class ImpersonationService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('Impersonation');
  private sweep: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly auth: AuthService,
    private readonly sessions: SessionService,
    private readonly twoFactor: TwoFactorService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly events: ImpersonationEvents,
  ) {}

  onModuleInit(): void {
    this.sweep = setInterval(() => void this.expireOverdue().catch(() => undefined), EXPIRY_SWEEP_MS);
    this.sweep.unref();
  }

  onModuleDestroy(): void {
    if (this.sweep) clearInterval(this.sweep);
  }

  /**
   * An admin starts working as a user: caller rules, then a fresh 2FA code (replay-protected,
   * counted toward the lockout), then the target rules. Refusals are audited by the route's filter.
   */
  async start(caller: AuthContext, dto: StartImpersonationDto): Promise<StartedImpersonation> {
    const callerFacts = {
      id: caller.user.id,
      role: caller.user.role,
      isTwoFactorEnabled: caller.user.isTwoFactorEnabled,
      isImpersonating: caller.impersonation !== null,
    };
    assertCallerMayImpersonate(callerFacts);
    await this.twoFactor.verify(caller.user.id, dto.code, 'step_up');

    // The target and the team to enter are read side by side; the rules about the target are
    // still checked (and reported) before anything about the team.
    const [target, team] = await Promise.all([this.db.getRepository(User).findOne({ where: { id: dto.userId } }), this.teamToEnter(dto.userId, dto.teamId)]);
    assertCanImpersonate(callerFacts, target);
    if (!team) {
      throw dto.teamId
        ? new AppException(ErrorCode.IMPERSONATION_TEAM_INVALID, 400)
        : new AppException(ErrorCode.IMPERSONATION_TEAM_INVALID, 400, 'This user does not belong to any team.');
    }
    const teamId = team.id;

    const { impersonation, sessionId, refreshToken, teamName } = await this.db.transaction(async (manager) => {
      const [record] = await manager.query(
        `INSERT INTO impersonations (code, impersonator_id, impersonated_user_id, impersonator_team_id, team_id, reason, expires_at)
         VALUES ($1, $2, $3, $4, $5, $6, now() + make_interval(mins => $7))
         RETURNING id, created_at, expires_at`,
        [newImpersonationCode(), caller.user.id, target!.id, caller.teamId, teamId, dto.reason || null, IMPERSONATION_DURATION_MINUTES],
      );
      const { session, refreshToken } = await this.sessions.create(
        { userId: target!.id, kind: 'impersonation', teamId, twoFactorAuthenticated: false, impersonationId: record.id, expiresAt: record.expires_at },
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
          details: { impersonatedUserId: target!.id, impersonatedEmail: target!.email, reason: dto.reason || null, expiresAt: record.expires_at },
        },
        manager,
      );
      return { impersonation: record as { id: string; created_at: Date; expires_at: Date }, sessionId: session.id, refreshToken: refreshToken!, teamName: team.name };
    });

    await this.notifyUser(target!, fullName(caller.user), teamName, impersonation.created_at, impersonation.expires_at, dto.reason || null);
    const issued = await this.auth.issue(sessionId, target!.id, refreshToken);
    return {
      ...issued,
      response: { ...issued.response, impersonation: { id: impersonation.id, expiresAt: impersonation.expires_at.toISOString() } },
    };
  }

  /**
   * "Return to my account": the record is found from the token's own claims — user, code and start
   * time. PostgreSQL keeps microseconds and the token milliseconds, so the start time is compared
   * truncated to the millisecond.
   */
  async cancel(auth: AuthContext, claims: AccessTokenClaims): Promise<IssuedSession> {
    if (!auth.impersonation || !claims.impersonationCode || typeof claims.impersonatedAt !== 'number') {
      throw AppException.notFound(ErrorCode.IMPERSONATION_NOT_FOUND, 'You are not impersonating anyone.');
    }
    const { adminId, sessionId, refreshToken } = await this.db.transaction(async (manager) => {
      const [rows] = await manager.query(
        `UPDATE impersonations SET ended_at = now(), end_reason = 'cancelled', ended_by_id = impersonator_id
          WHERE impersonated_user_id = $1 AND code = $2
            AND floor(extract(epoch FROM created_at) * 1000)::bigint = $3::bigint
            AND ended_at IS NULL AND expires_at > now()
          RETURNING id, impersonator_id, impersonator_team_id, team_id`,
        [auth.user.id, claims.impersonationCode, claims.impersonatedAt],
      );
      const record = rows[0];
      if (!record) throw AppException.unauthorized(ErrorCode.IMPERSONATION_ENDED);
      await manager.query(`UPDATE auth_sessions SET revoked_at = now() WHERE impersonation_id = $1 AND revoked_at IS NULL`, [record.id]);
      await this.audit.record(
        { action: 'impersonation.cancelled', teamId: record.team_id, actor: auth, entityType: 'impersonation', entityId: record.id, details: { impersonatedUserId: auth.user.id } },
        manager,
      );
      // Back to the team the admin started from if they still belong to it, else their current team.
      const [[admin]] = await manager.query(
        `UPDATE users u
            SET current_team_id = COALESCE(
                  (SELECT m.team_id FROM team_members m WHERE m.team_id = $2::uuid AND m.user_id = u.id), u.current_team_id)
          WHERE u.id = $1
          RETURNING u.current_team_id`,
        [record.impersonator_id, record.impersonator_team_id],
      );
      const adminTeamId: string | null = admin.current_team_id;
      // The admin proved a fresh second factor to start; the new session carries that.
      const { session, refreshToken } = await this.sessions.create(
        { userId: record.impersonator_id, kind: 'full', teamId: adminTeamId, twoFactorAuthenticated: true },
        manager,
      );
      return { adminId: record.impersonator_id as string, sessionId: session.id, refreshToken: refreshToken! };
    });
    return this.auth.issue(sessionId, adminId, refreshToken);
  }

  /** A super admin ends someone's impersonation (closed, sessions revoked and audited by ImpersonationEvents). */
  async endByAdmin(superAdmin: AuthContext, impersonationId: string): Promise<void> {
    if (!(await this.events.endByAdmin(impersonationId, superAdmin))) throw AppException.notFound(ErrorCode.IMPERSONATION_NOT_FOUND);
  }

  /** Who accessed my account, newest first. */
  async historyFor(userId: string): Promise<ImpersonationHistoryEntry[]> {
    const rows = await this.db.query(
      `SELECT i.id, a.first_name, a.last_name, a.email, i.created_at, i.ended_at, i.expires_at, i.end_reason, i.reason
         FROM impersonations i JOIN users a ON a.id = i.impersonator_id
        WHERE i.impersonated_user_id = $1
        ORDER BY i.created_at DESC, i.id
        LIMIT 100`,
      [userId],
    );
    return rows.map((r: Record<string, any>) => ({
      id: r.id,
      impersonator: { name: fullName({ firstName: r.first_name, lastName: r.last_name }), email: r.email },
      startedAt: r.created_at.toISOString(),
      endedAt: r.ended_at ? r.ended_at.toISOString() : null,
      expiresAt: r.expires_at.toISOString(),
      endReason: r.end_reason,
      reason: r.reason,
    }));
  }

  /** Impersonations for the admin page: running ones, or the latest 100 of any state. */
  async list(activeOnly: boolean): Promise<ActiveImpersonation[]> {
    const rows = await this.db.query(
      `SELECT i.id, i.reason, i.created_at, i.expires_at, i.ended_at, i.end_reason,
              a.id AS admin_id, a.first_name AS admin_first, a.last_name AS admin_last, a.email AS admin_email,
              u.id AS user_id, u.first_name AS user_first, u.last_name AS user_last, u.email AS user_email,
              t.id AS team_id, t.name AS team_name
         FROM impersonations i
         JOIN users a ON a.id = i.impersonator_id
         JOIN users u ON u.id = i.impersonated_user_id
         LEFT JOIN teams t ON t.id = i.team_id
        WHERE ($1::boolean IS FALSE OR (i.ended_at IS NULL AND i.expires_at > now()))
        ORDER BY i.created_at DESC, i.id
        LIMIT 100`,
      [activeOnly],
    );
    return rows.map((r: Record<string, any>) => ({
      id: r.id,
      impersonator: { id: r.admin_id, name: fullName({ firstName: r.admin_first, lastName: r.admin_last }), email: r.admin_email },
      impersonated: { id: r.user_id, name: fullName({ firstName: r.user_first, lastName: r.user_last }), email: r.user_email },
      team: r.team_id ? { id: r.team_id, name: r.team_name } : null,
      reason: r.reason,
      startedAt: r.created_at.toISOString(),
      expiresAt: r.expires_at.toISOString(),
      endedAt: r.ended_at ? r.ended_at.toISOString() : null,
      endReason: r.end_reason,
    }));
  }

  /** Marks records whose 30 minutes ran out as expired (and audits it), once each. */
  async expireOverdue(): Promise<number> {
    const [rows] = await this.db.query(
      `UPDATE impersonations SET ended_at = expires_at, end_reason = 'expired'
        WHERE ended_at IS NULL AND expires_at <= now()
        RETURNING id, team_id, impersonator_id, impersonated_user_id`,
    );
    for (const record of rows) {
      await this.audit.record({
        action: 'impersonation.expired',
        teamId: record.team_id,
        actor: null,
        entityType: 'impersonation',
        entityId: record.id,
        details: { impersonatorId: record.impersonator_id, impersonatedUserId: record.impersonated_user_id },
      });
    }
    return rows.length;
  }

  /**
   * The team the impersonation happens in: the one asked for if the user belongs to it; otherwise
   * the user's current team, or else their first. Null when there is none.
   */
  private async teamToEnter(userId: string, requested: string | undefined): Promise<{ id: string; name: string } | null> {
    const [row] = await this.db.query(
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

  /** The user is told at once. A mail outage must not block support, so it is logged and audited instead. */
  private async notifyUser(target: User, adminName: string, teamName: string, startedAt: Date, expiresAt: Date, reason: string | null): Promise<void> {
    try {
      await this.mail.send(
        impersonationStartedMail({ to: target.email, userFirstName: target.firstName, adminName, teamName, startedAt, expiresAt, reason, appUrl: this.config.appUrl }),
      );
    } catch (error) {
      this.logger.warn(`Could not email ${target.email} about a support access: ${(error as Error).message}`);
      await this.audit.record({ action: 'impersonation.notification_failed', teamId: target.currentTeamId, actor: null, entityType: 'user', entityId: target.id });
    }
  }
}

function newImpersonationCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}
