import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type AdminUserSummary, ErrorCode, type Role, type TwoFactorStatus } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { actingPerson, fullName, type AuthContext } from '../auth/auth-context';
import { ROLE_RANK } from '../auth/roles';
import { AppException } from '../common/app-exception';
import { ImpersonationEndings } from '../impersonation/impersonation-endings';
import { SessionService } from '../auth/session.service';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailService } from '../mail/mail.service';
import { twoFactorResetBySupportMail } from '../mail/messages';
import { TwoFactorSettingsService } from '../two-factor/two-factor-settings.service';
import { TwoFactorService } from '../two-factor/two-factor.service';
import { UsersRepository } from '../users/users.repository';

@Injectable()
export class AdminUsersService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    private readonly impersonationEndings: ImpersonationEndings,
    private readonly users: UsersRepository,
    private readonly twoFactor: TwoFactorService,
    private readonly twoFactorSettings: TwoFactorSettingsService,
    private readonly sessions: SessionService,
    private readonly mail: MailService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Sets a user's role (super admins only, never their own: 403 ROLE_CHANGE_SELF, so the last
   * super admin cannot lock everyone out by accident). The guards read the role from the database on
   * every request, so the change applies to the user's very next request. Impersonations started
   * under the old role end with it: those the user runs when they lose rank, those of the user
   * when they gain it (an admin may not be impersonated by a plain admin, a super admin by anyone).
   */
  async changeRole(auth: AuthContext, userId: string, role: Role): Promise<AdminUserSummary> {
    const actor = actingPerson(auth);
    if (userId === actor.id) throw AppException.forbidden(ErrorCode.ROLE_CHANGE_SELF);
    return this.db.transaction(async (manager) => {
      const user = await this.users.findForUpdate(userId, manager);
      if (!user) throw AppException.notFound(ErrorCode.USER_NOT_FOUND);
      const from = user.role;
      if (from !== role) {
        await this.users.setRole(userId, role, manager);
        await this.audit.record(
          { action: 'user.role_changed', teamId: auth.teamId, actor, entityType: 'user', entityId: userId, details: { from, to: role } },
          manager,
        );
        // The impersonation rules were checked against the ranks a session started with.
        if (ROLE_RANK[role] < ROLE_RANK[from]) await this.impersonationEndings.end({ impersonatorId: userId }, 'revoked', { manager });
        if (ROLE_RANK[role] > ROLE_RANK[from]) await this.impersonationEndings.end({ impersonatedUserId: userId }, 'revoked', { manager });
      }
      return { id: user.id, email: user.email, name: fullName(user), role };
    });
  }

  /**
   * A super admin turns off the 2FA of a user who lost every factor (SPEC §9), after a fresh 2FA
   * code of their own and with a reason the user is sent: the user's 2FA method, authenticator
   * secret, recovery and email codes go, every session of theirs ends, and the log has it.
   * Never for oneself or another super admin (403 FORBIDDEN).
   */
  async resetTwoFactor(auth: AuthContext, userId: string, code: string, reason: string): Promise<TwoFactorStatus> {
    if (userId === auth.user.id) throw AppException.forbidden(ErrorCode.FORBIDDEN);
    await this.twoFactor.verify(auth.user.id, code, 'step_up', { teamId: auth.teamId });
    const target = await this.users.findById(userId);
    if (!target) throw AppException.notFound(ErrorCode.USER_NOT_FOUND);
    if (target.role === 'super_admin') throw AppException.forbidden(ErrorCode.FORBIDDEN);
    await this.db.transaction(async (manager) => {
      await this.twoFactorSettings.removeAllFactors(target.id, manager);
      await this.sessions.revokeAllExcept(target.id, null, manager);
      await this.audit.record(
        {
          action: 'two_factor.reset_by_admin',
          teamId: target.currentTeamId,
          actor: auth,
          entityType: 'user',
          entityId: target.id,
          details: { reason, previousMethod: target.isTwoFactorEnabled ? target.twoFactorMethod : null },
        },
        manager,
      );
      await this.mail.queue(twoFactorResetBySupportMail(target.email, reason, this.config.appUrl), manager);
    });
    return { enabled: false, method: null };
  }
}
