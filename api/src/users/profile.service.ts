import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CurrentUser, ErrorCode } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../auth/auth-context';
import { PasswordAttempts } from '../auth/password-attempts.service';
import { PasswordService } from '../auth/password.service';
import { SessionService } from '../auth/session.service';
import { AppException } from '../common/app-exception';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ImpersonationEvents } from '../impersonation/impersonation-events';
import { MailService } from '../mail/mail.service';
import { passwordChangedMail } from '../mail/messages';
import type { ChangePasswordDto, UpdateProfileDto } from './profile.dto';
import { User } from './user.entity';
import { UsersService } from './users.service';

/** A user's own profile: names, support access, password. */
@Injectable()
export class ProfileService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersService,
    private readonly passwords: PasswordService,
    private readonly passwordAttempts: PasswordAttempts,
    private readonly sessions: SessionService,
    private readonly impersonationEvents: ImpersonationEvents,
    private readonly audit: AuditService,
    private readonly mail: MailService,
  ) {}

  /**
   * Support may correct names while impersonating; only the user decides about support access.
   * Switching it off ends the user's active impersonations at once.
   */
  async update(auth: AuthContext, dto: UpdateProfileDto): Promise<CurrentUser> {
    if (dto.impersonationAllowed !== undefined && auth.impersonation) {
      throw AppException.forbidden(ErrorCode.FORBIDDEN_DURING_IMPERSONATION);
    }
    const names: Partial<Pick<User, 'firstName' | 'lastName'>> = {};
    if (dto.firstName !== undefined && dto.firstName !== auth.user.firstName) names.firstName = dto.firstName;
    if (dto.lastName !== undefined && dto.lastName !== auth.user.lastName) names.lastName = dto.lastName;
    const accessChanged = dto.impersonationAllowed !== undefined && dto.impersonationAllowed !== auth.user.impersonationAllowed;
    if (!Object.keys(names).length && !accessChanged) return this.users.describe(auth);

    const audited = { teamId: auth.teamId, actor: auth, entityType: 'user', entityId: auth.user.id };
    await this.db.transaction(async (manager) => {
      await manager.getRepository(User).update(
        { id: auth.user.id },
        { ...names, ...(accessChanged ? { impersonationAllowed: dto.impersonationAllowed } : {}) },
      );
      if (Object.keys(names).length) {
        await this.audit.record(
          { ...audited, action: 'user.profile_updated', details: { fields: Object.keys(names), previous: pick(auth.user, Object.keys(names)) } },
          manager,
        );
      }
      if (accessChanged) {
        await this.audit.record({ ...audited, action: 'user.impersonation_access_changed', details: { allowed: dto.impersonationAllowed } }, manager);
        if (dto.impersonationAllowed === false) await this.impersonationEvents.endForImpersonatedUser(auth.user.id, manager);
      }
    });
    return this.users.describe({
      ...auth,
      user: { ...auth.user, ...names, impersonationAllowed: dto.impersonationAllowed ?? auth.user.impersonationAllowed },
    });
  }

  /** Needs the current password; ends the user's other sessions and tells them by email. */
  async changePassword(auth: AuthContext, dto: ChangePasswordDto, ipAddress: string | null): Promise<void> {
    // A stolen session must not become a password oracle: wrong current passwords count toward
    // the same per-account limit as wrong passwords at sign-in.
    const lockedForMs = await this.passwordAttempts.reserve(auth.user.email);
    const [row]: { password_hash: string }[] = await this.db.query(`SELECT password_hash FROM users WHERE id = $1`, [auth.user.id]);
    const passwordOk = await this.passwords.verify(dto.currentPassword, row?.password_hash);
    if (lockedForMs > 0) throw this.passwordAttempts.lockedError(lockedForMs);
    if (!passwordOk) {
      await this.audit.record({ action: 'auth.password_change_refused', teamId: auth.teamId, actor: auth, entityType: 'user', entityId: auth.user.id, ipAddress });
      throw AppException.unauthorized(ErrorCode.WRONG_PASSWORD);
    }
    await this.passwordAttempts.succeeded(auth.user.email);
    if (dto.newPassword === dto.currentPassword) {
      throw AppException.validation([{ field: 'newPassword', message: 'must be different from the current password' }]);
    }
    const passwordHash = await this.passwords.hash(dto.newPassword);
    await this.db.transaction(async (manager) => {
      await manager.getRepository(User).update({ id: auth.user.id }, { passwordHash });
      await this.sessions.revokeAllExcept(auth.user.id, auth.sessionId, manager);
      await this.audit.record(
        { action: 'auth.password_changed', teamId: auth.teamId, actor: auth, entityType: 'user', entityId: auth.user.id, ipAddress },
        manager,
      );
    });
    await this.mail.notify(passwordChangedMail(auth.user.email, this.config.appUrl));
  }
}

function pick(source: object, keys: string[]): Record<string, unknown> {
  return Object.fromEntries(keys.map((key) => [key, (source as Record<string, unknown>)[key]]));
}
