import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AccessRequest, ErrorCode, type SupportAccessPolicy } from '@vantage/contracts';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { fullName, type AuthContext } from '../../auth/auth-context';
import {
  assertCallerMayImpersonate,
  assertCanImpersonate,
  assertTeamAllowsImpersonation,
  impersonationCallerOf,
} from '../../auth/impersonation-policy';
import { assertTeamTwoFactorSatisfied } from '../../auth/team-two-factor';
import { AppException } from '../../common/app-exception';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/config.module';
import { MailService } from '../../mail/mail.service';
import { UsersRepository } from '../../users/users.repository';
import { ImpersonationEndings } from '../impersonation-endings';
import { accessDecidedForYouMail, accessRequestDecidedMail, accessRequestedMail, accessRequestLink } from './access-request-mail';
import { type AccessRequestForCaller, AccessRequestRecords, type AccessRequestRow } from './access-request-records';
import type { ApproveAccessRequestDto, CreateAccessRequestDto } from './access-requests.dto';

type Decision = 'approved' | 'denied' | 'revoked';

export function accessRequestView(r: AccessRequestRow): AccessRequest {
  return {
    id: r.id,
    admin: { id: r.admin_id, name: fullName({ firstName: r.admin_first, lastName: r.admin_last }), email: r.admin_email },
    user: { id: r.user_id, name: fullName({ firstName: r.user_first, lastName: r.user_last }) },
    team: { id: r.team_id, name: r.team_name },
    reason: r.reason,
    mode: r.mode,
    durationMinutes: r.duration_minutes,
    status: r.status,
    createdAt: r.created_at.toISOString(),
    decidedAt: r.decided_at ? r.decided_at.toISOString() : null,
    decidedBy:
      r.decided_by_id && r.decided_first !== null && r.decided_last !== null
        ? { id: r.decided_by_id, name: fullName({ firstName: r.decided_first, lastName: r.decided_last }) }
        : null,
    expiresAt: r.expires_at ? r.expires_at.toISOString() : null,
  };
}

/**
 * Access requests (SPEC §10): an admin asks for a window of access to one person in one team; that
 * person or an owner of the team approves (possibly shorter), denies, or later revokes it. Who may
 * ask is the impersonation policy's, asked as "could this admin enter under the access asked for".
 */
@Injectable()
export class AccessRequestsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly records: AccessRequestRecords,
    private readonly users: UsersRepository,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly endings: ImpersonationEndings,
  ) {}

  async create(caller: AuthContext, dto: CreateAccessRequestDto): Promise<AccessRequest> {
    const callerFacts = impersonationCallerOf(caller);
    assertCallerMayImpersonate(callerFacts);
    return this.db.transaction(async (manager) => {
      // The team row is read FOR SHARE: an owner switching the team to `never` at this moment waits,
      // then finds this request (and it can no longer lead anywhere: starting checks the policy again).
      const target = await this.users.findById(dto.userId, manager);
      const team = await this.teamOfMember(dto.userId, dto.teamId, manager);
      assertCanImpersonate(callerFacts, target);
      if (!team) throw new AppException(ErrorCode.IMPERSONATION_TEAM_INVALID, 400);
      // The request is allowed where a session under the access it asks for would be: not in a `never` team.
      assertTeamAllowsImpersonation({ policy: team.support_access, grant: { mode: dto.mode } }, dto.mode);

      const id = await this.records.insert(
        {
          adminId: caller.user.id,
          userId: target.id,
          teamId: team.id,
          reason: dto.reason,
          mode: dto.mode,
          durationMinutes: dto.durationMinutes,
        },
        manager,
      );
      await this.audit.record(
        {
          action: 'access_request.created',
          teamId: team.id,
          actor: caller,
          entityType: 'access_request',
          entityId: id,
          details: {
            userId: target.id,
            userName: fullName(target),
            reason: dto.reason,
            mode: dto.mode,
            durationMinutes: dto.durationMinutes,
          },
        },
        manager,
      );
      const adminName = fullName(caller.user);
      const userName = fullName(target);
      // Queued with the request: a rolled-back request emails nobody, a committed one is not lost to a mail outage.
      for (const recipient of await this.records.recipientsOf(target.id, team.id, manager)) {
        await this.mail.queue(
          accessRequestedMail({
            to: recipient.email,
            firstName: recipient.first_name,
            isTheUser: recipient.email === target.email,
            adminName,
            userName,
            teamName: team.name,
            reason: dto.reason,
            mode: dto.mode,
            durationMinutes: dto.durationMinutes,
            url: accessRequestLink(this.config.appUrl, id),
          }),
          manager,
        );
      }
      return accessRequestView((await this.records.find(id, manager))!);
    });
  }

  async listMadeBy(caller: AuthContext): Promise<AccessRequest[]> {
    return (await this.records.listMadeBy(caller.user.id)).map(accessRequestView);
  }

  async listConcerning(caller: AuthContext): Promise<AccessRequest[]> {
    return (await this.records.listConcerning(caller.user.id)).map(accessRequestView);
  }

  /**
   * Approves for the time asked for or less; the window starts now. Approving opens the team's data
   * to support, so a team that requires two-factor asks it of the approver too (denying and revoking
   * only close access and stay open to everyone who may decide).
   */
  async approve(caller: AuthContext, id: string, dto: ApproveAccessRequestDto): Promise<AccessRequest> {
    return this.decide(caller, id, 'approved', async (request, manager) => {
      assertTeamTwoFactorSatisfied(caller, {
        id: request.team_id,
        name: request.team_name,
        requireTwoFactor: request.team_require_two_factor,
      });
      const minutes = dto.durationMinutes ?? request.duration_minutes;
      if (minutes > request.duration_minutes) throw new AppException(ErrorCode.ACCESS_REQUEST_DURATION_TOO_LONG, 400);
      return this.records.approve(id, minutes, caller.user.id, manager);
    });
  }

  async deny(caller: AuthContext, id: string): Promise<AccessRequest> {
    return this.decide(caller, id, 'denied', (_request, manager) => this.records.deny(id, caller.user.id, manager));
  }

  /** Ends the window now, and with it every session running under it, in the same transaction. */
  async revoke(caller: AuthContext, id: string): Promise<AccessRequest> {
    return this.decide(caller, id, 'revoked', async (_request, manager) => {
      if (!(await this.records.revoke(id, caller.user.id, manager))) return false;
      await this.endings.end({ accessRequestId: id }, 'revoked', { by: caller, manager });
      return true;
    });
  }

  /**
   * The rules every decision shares: only the person concerned or an owner of the team now may
   * decide (anyone else is told the request does not exist); the admin who asked never approves or
   * denies it, even as an owner, but may give the access back (revoke). `apply` makes the guarded
   * change and answers whether it applied: false means another decision got there first.
   */
  private async decide(
    caller: AuthContext,
    id: string,
    decision: Decision,
    apply: (request: AccessRequestForCaller, manager: EntityManager) => Promise<boolean>,
  ): Promise<AccessRequest> {
    const notInTheState =
      decision === 'revoked'
        ? new AppException(ErrorCode.ACCESS_REQUEST_NOT_APPROVED, 409)
        : new AppException(ErrorCode.ACCESS_REQUEST_NOT_PENDING, 409);
    return this.db.transaction(async (manager) => {
      const request = await this.records.findForCaller(id, caller.user.id, manager);
      const isRequester = request?.admin_id === caller.user.id;
      const isParty = !!request && (request.caller_is_user || request.caller_is_owner);
      if (!request || !(isParty || (decision === 'revoked' && isRequester)))
        throw AppException.notFound(ErrorCode.ACCESS_REQUEST_NOT_FOUND);
      if (decision !== 'revoked' && isRequester) throw AppException.forbidden(ErrorCode.ACCESS_REQUEST_OWN);
      if (request.status !== (decision === 'revoked' ? 'approved' : 'pending')) throw notInTheState;
      if (!(await apply(request, manager))) throw notInTheState;

      const decided = (await this.records.find(id, manager))!;
      await this.audit.record(
        {
          action: `access_request.${decision}`,
          teamId: decided.team_id,
          actor: caller,
          entityType: 'access_request',
          entityId: id,
          details: {
            adminId: decided.admin_id,
            userId: decided.user_id,
            userName: fullName({ firstName: decided.user_first, lastName: decided.user_last }),
            mode: decided.mode,
            durationMinutes: decided.duration_minutes,
            expiresAt: decided.expires_at,
          },
        },
        manager,
      );
      await this.tellOfDecision(caller, decided, decision, manager);
      return accessRequestView(decided);
    });
  }

  /** The admin hears of every decision but their own; the person concerned, of one made for them by someone else. */
  private async tellOfDecision(caller: AuthContext, request: AccessRequestRow, decision: Decision, manager: EntityManager): Promise<void> {
    const deciderName = fullName(caller.user);
    const common = {
      decision,
      deciderName,
      teamName: request.team_name,
      mode: request.mode,
      expiresAt: decision === 'approved' ? request.expires_at : null,
    };
    if (request.admin_id !== caller.user.id) {
      await this.mail.queue(
        accessRequestDecidedMail({
          ...common,
          to: request.admin_email,
          userName: fullName({ firstName: request.user_first, lastName: request.user_last }),
          // The Teams List shows the admin's grants and requests.
          url: `${this.config.appUrl}/admin/teams`,
        }),
        manager,
      );
    }
    if (request.user_id !== caller.user.id) {
      await this.mail.queue(
        accessDecidedForYouMail({
          ...common,
          to: request.user_email,
          firstName: request.user_first,
          decidedAs: request.admin_id === caller.user.id ? 'requester' : 'owner',
          adminName: fullName({ firstName: request.admin_first, lastName: request.admin_last }),
          url: accessRequestLink(this.config.appUrl, request.id),
        }),
        manager,
      );
    }
  }

  /** The team, when the person belongs to it; read FOR SHARE so its policy holds until the request is written. */
  private async teamOfMember(
    userId: string,
    teamId: string,
    manager: EntityManager,
  ): Promise<{ id: string; name: string; support_access: SupportAccessPolicy } | null> {
    const [row]: { id: string; name: string; support_access: SupportAccessPolicy }[] = await manager.query(
      `SELECT t.id, t.name, t.support_access
         FROM team_members m JOIN teams t ON t.id = m.team_id
        WHERE m.user_id = $1 AND m.team_id = $2
        FOR SHARE OF t`,
      [userId, teamId],
    );
    return row ?? null;
  }
}
