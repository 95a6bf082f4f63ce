import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { CurrentUser } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../auth/auth-context';
import { describeCurrentUser } from '../auth/current-user.view';
import { restrictionsOf } from '../auth/no-impersonation.guard';
import { PasswordService } from '../auth/password.service';
import { SessionService } from '../auth/session.service';
import { SupportSessionReader } from '../auth/support-session.reader';
import { AppException } from '../common/app-exception';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ImpersonationEndings } from '../impersonation/impersonation-endings';
import { MailService } from '../mail/mail.service';
import { passwordChangedMail } from '../mail/messages';
import { PasswordConfirmation } from '../users/password-confirmation';
import type { ProfileChanges } from '../users/users.repository';
import { UsersRepository } from '../users/users.repository';
import type { ChangePasswordDto, UpdateProfileDto } from './profile.dto';

/** A user's own profile: names, support access, password. */
@Injectable()
export class ProfileService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly passwordConfirmation: PasswordConfirmation,
    private readonly sessions: SessionService,
    private readonly impersonationEndings: ImpersonationEndings,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly supportSessions: SupportSessionReader,
  ) {}

  /**
   * Support may correct names while impersonating; only the user decides about support access.
   * Switching it off ends the user's active impersonations at once.
   */
  async update(auth: AuthContext, dto: UpdateProfileDto): Promise<CurrentUser> {
    const blocked = restrictionsOf(auth).change_support_access;
    if (dto.impersonationAllowed !== undefined && blocked) throw AppException.forbidden(blocked.code);
    const names: Pick<ProfileChanges, 'firstName' | 'lastName'> = {};
    if (dto.firstName !== undefined && dto.firstName !== auth.user.firstName) names.firstName = dto.firstName;
    if (dto.lastName !== undefined && dto.lastName !== auth.user.lastName) names.lastName = dto.lastName;
    const accessChanged = dto.impersonationAllowed !== undefined && dto.impersonationAllowed !== auth.user.impersonationAllowed;
    if (!Object.keys(names).length && !accessChanged) return describeCurrentUser(auth, await this.supportSessions.runningIn(auth));

    const audited = { teamId: auth.teamId, actor: auth, entityType: 'user', entityId: auth.user.id };
    await this.db.transaction(async (manager) => {
      await this.users.updateProfile(
        auth.user.id,
        { ...names, ...(accessChanged ? { impersonationAllowed: dto.impersonationAllowed } : {}) },
        manager,
      );
      if (Object.keys(names).length) {
        await this.audit.record(
          {
            ...audited,
            action: 'user.profile_updated',
            details: { fields: Object.keys(names), previous: pick(auth.user, Object.keys(names)) },
          },
          manager,
        );
      }
      if (accessChanged) {
        await this.audit.record(
          { ...audited, action: 'user.impersonation_access_changed', details: { allowed: dto.impersonationAllowed } },
          manager,
        );
        if (dto.impersonationAllowed === false)
          await this.impersonationEndings.end({ impersonatedUserId: auth.user.id }, 'revoked', { manager });
      }
    });
    // Read after the change: switching support access off has just ended any running session.
    return describeCurrentUser(
      { ...auth, user: { ...auth.user, ...names, impersonationAllowed: dto.impersonationAllowed ?? auth.user.impersonationAllowed } },
      await this.supportSessions.runningIn(auth),
    );
  }

  /** Needs the current password; ends the user's other sessions and tells them by email. */
  async changePassword(auth: AuthContext, dto: ChangePasswordDto, ipAddress: string | null): Promise<void> {
    await this.passwordConfirmation.confirm(auth, dto.currentPassword, { action: 'auth.password_change_refused', ipAddress });
    if (dto.newPassword === dto.currentPassword) {
      throw AppException.validation([{ field: 'newPassword', message: 'must be different from the current password' }]);
    }
    const passwordHash = await this.passwords.hash(dto.newPassword);
    await this.db.transaction(async (manager) => {
      await this.users.setPassword(auth.user.id, passwordHash, manager);
      await this.sessions.revokeAllExcept(auth.user.id, auth.sessionId, manager);
      await this.audit.record(
        { action: 'auth.password_changed', teamId: auth.teamId, actor: auth, entityType: 'user', entityId: auth.user.id, ipAddress },
        manager,
      );
      await this.mail.queue(passwordChangedMail(auth.user.email, this.config.appUrl), manager);
    });
  }
}

function pick(source: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, (source as Record<string, unknown>)[key]]));
}
