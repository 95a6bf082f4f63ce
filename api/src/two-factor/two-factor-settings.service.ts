import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  type AuditAction,
  ErrorCode,
  type RecoveryCodes,
  type TotpSetup,
  type TwoFactorMethod,
  type TwoFactorStatus,
} from '@vantage/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../auth/auth-context';
import { SessionService } from '../auth/session.service';
import { AppException } from '../common/app-exception';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailService } from '../mail/mail.service';
import { recoveryCodesReplacedMail, twoFactorDisabledMail, twoFactorEnabledMail, twoFactorMethodChangedMail } from '../mail/messages';
import { TeamsService } from '../teams/teams.service';
import { PasswordConfirmation } from '../users/password-confirmation';
import { UsersRepository } from '../users/users.repository';
import { EmailCodeService } from './email-codes.service';
import { PasskeyStore } from './passkey-store';
import { RecoveryCodeService } from './recovery-codes.service';
import { TwoFactorLockout } from './lockout.service';
import { TotpService } from './totp.service';
import type { EnableTwoFactorDto } from './two-factor.dto';
import { TwoFactorCrypto } from './two-factor-crypto';

interface TwoFactorState {
  enabled: boolean;
  method: TwoFactorMethod | null;
}

/**
 * A signed-in user's own 2FA settings (`/api/user/two-factor`). Every change emails the user, ends
 * their other sessions (a thief's session must not outlive the owner's change) and is audited.
 */
@Injectable()
export class TwoFactorSettingsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly totp: TotpService,
    private readonly crypto: TwoFactorCrypto,
    private readonly recoveryCodes: RecoveryCodeService,
    private readonly emailCodes: EmailCodeService,
    private readonly passwordConfirmation: PasswordConfirmation,
    private readonly users: UsersRepository,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
    private readonly lockout: TwoFactorLockout,
    private readonly teams: TeamsService,
    private readonly passkeys: PasskeyStore,
  ) {}

  status(auth: AuthContext): TwoFactorStatus {
    return { enabled: auth.user.isTwoFactorEnabled, method: auth.user.isTwoFactorEnabled ? auth.user.twoFactorMethod : null };
  }

  /**
   * The state with what is left of the recovery codes, and their last use (a use the person did not
   * make is a warning), and the lock after too many wrong codes, if one is running.
   */
  async statusWithRecoveryCodes(auth: AuthContext): Promise<TwoFactorStatus> {
    const [{ left, lastUsedAt }, lockedUntil, passkeys] = await Promise.all([
      this.recoveryCodes.summary(auth.user.id),
      this.lockout.lockedUntil(auth.user.id),
      this.passkeys.count(auth.user.id),
    ]);
    return {
      ...this.status(auth),
      recoveryCodesLeft: left,
      recoveryCodeUsedAt: lastUsedAt?.toISOString() ?? null,
      lockedUntil: lockedUntil?.toISOString() ?? null,
      passkeys,
    };
  }

  /**
   * Starts authenticator-app setup: a new secret, kept as *pending* until a code from it is
   * confirmed. A live secret is never shown again; it stays in force until a new one is confirmed.
   */
  async startTotpSetup(auth: AuthContext): Promise<TotpSetup> {
    const secret = this.totp.newSecret();
    await this.users.setPendingTotpSecret(auth.user.id, this.crypto.sealTotpSecret(auth.user.id, secret));
    const otpauthUrl = this.totp.otpauthUrl(auth.user.email, secret);
    return { secret, otpauthUrl, qrCodeDataUrl: await this.totp.qrCodeDataUrl(otpauthUrl) };
  }

  async enable(auth: AuthContext, dto: EnableTwoFactorDto): Promise<TwoFactorStatus> {
    if (dto.method === 'totp') return this.confirmTotp(auth, dto.code!);
    if (dto.code !== undefined) throw AppException.validation([{ field: 'code', message: 'is only used with method "totp"' }]);
    return this.enableEmail(auth);
  }

  /** Email codes need no confirmation (SPEC §5): the user chose it while signed in. */
  private async enableEmail(auth: AuthContext): Promise<TwoFactorStatus> {
    const before = this.status(auth);
    if (before.enabled && before.method === 'email') return before;
    await this.db.transaction(async (manager) => {
      // The authenticator secret is dropped: switching back means setting up an app again.
      await this.users.enableEmailTwoFactor(auth.user.id, manager);
      await this.recordChange(manager, auth, before, { enabled: true, method: 'email' });
    });
    return { enabled: true, method: 'email' };
  }

  /**
   * Activates the pending secret once a code from it is right. The code's step is recorded as
   * used, so the code that confirmed the setup cannot also sign in. New recovery codes replace
   * the old ones and are returned this once.
   */
  private async confirmTotp(auth: AuthContext, code: string): Promise<TwoFactorStatus> {
    const before = this.status(auth);
    const pending = await this.users.pendingTotpSecret(auth.user.id);
    if (!pending) throw new AppException(ErrorCode.TWO_FACTOR_SETUP_NOT_STARTED, HttpStatus.CONFLICT);
    const step = await this.totp.matchStep(this.crypto.openTotpSecret(auth.user.id, pending), code, null);
    if (step === null) throw AppException.unauthorized(ErrorCode.INVALID_TWO_FACTOR_CODE);

    const recoveryCodes = await this.db.transaction(async (manager) => {
      // Guarded by the pending value just checked: a setup restarted meanwhile is not activated.
      const activated = await this.users.activatePendingTotp(auth.user.id, pending, step, manager);
      if (!activated) throw new AppException(ErrorCode.TWO_FACTOR_SETUP_NOT_STARTED, HttpStatus.CONFLICT);
      const codes = await this.recoveryCodes.replace(auth.user.id, manager);
      await this.recordChange(manager, auth, before, { enabled: true, method: 'totp' });
      return codes;
    });
    return { enabled: true, method: 'totp', recoveryCodes };
  }

  /**
   * Turning 2FA off needs the account password, and a session that passed 2FA (the global guard).
   * While one of the user's teams requires 2FA it is refused (409 TWO_FACTOR_REQUIRED_BY_TEAM, naming
   * the team) rather than allowed and then locking them out of that team's data.
   */
  async disable(auth: AuthContext, password: string): Promise<TwoFactorStatus> {
    const before = this.status(auth);
    if (!before.enabled) throw new AppException(ErrorCode.TWO_FACTOR_NOT_ENABLED, HttpStatus.CONFLICT);
    const requiring = await this.teams.teamRequiringTwoFactorFor(auth.user.id);
    if (requiring) throw new AppException(ErrorCode.TWO_FACTOR_REQUIRED_BY_TEAM, HttpStatus.CONFLICT, undefined, { details: requiring });
    await this.passwordConfirmation.confirm(auth, password, {
      action: 'two_factor.disable_refused',
      details: { reason: 'wrong_password' },
    });
    await this.db.transaction(async (manager) => {
      await this.removeAllFactors(auth.user.id, manager);
      await this.recordChange(manager, auth, before, { enabled: false, method: null });
    });
    return { enabled: false, method: null };
  }

  /**
   * Every second factor of a user goes: the method, the authenticator secret, recovery and email codes,
   * and passkeys (an additional factor of a 2FA that is off; kept, they would come back unannounced
   * when 2FA is turned on again).
   */
  async removeAllFactors(userId: string, manager: EntityManager): Promise<void> {
    await this.users.disableTwoFactor(userId, manager);
    await this.recoveryCodes.removeAll(userId, manager);
    await this.emailCodes.removeAll(userId, manager);
    await this.passkeys.removeAll(userId, manager);
  }

  /** Ten new recovery codes for a user with 2FA on (password confirmed); the earlier ones stop working. */
  async newRecoveryCodes(auth: AuthContext, password: string): Promise<RecoveryCodes> {
    if (!auth.user.isTwoFactorEnabled) throw new AppException(ErrorCode.TWO_FACTOR_NOT_ENABLED, HttpStatus.CONFLICT);
    await this.passwordConfirmation.confirm(auth, password, {
      action: 'two_factor.recovery_codes_refused',
      details: { reason: 'wrong_password' },
    });
    const recoveryCodes = await this.db.transaction(async (manager) => {
      const codes = await this.recoveryCodes.replace(auth.user.id, manager);
      await this.audit.record(
        { action: 'two_factor.recovery_codes_replaced', teamId: auth.teamId, actor: auth, entityType: 'user', entityId: auth.user.id },
        manager,
      );
      await this.mail.queue(recoveryCodesReplacedMail(auth.user.email, this.config.appUrl), manager);
      return codes;
    });
    return { recoveryCodes };
  }

  /**
   * In the transaction of the change: end the user's other sessions, count this session as having
   * passed 2FA (enabling proves a code for TOTP, and is the user's own choice while signed in for
   * email), audit, and queue the email that tells the user.
   */
  private async recordChange(manager: EntityManager, auth: AuthContext, before: TwoFactorState, after: TwoFactorState): Promise<void> {
    await this.sessions.revokeAllExcept(auth.user.id, auth.sessionId, manager);
    if (after.enabled) await this.sessions.markTwoFactorPassed(auth.sessionId, manager);
    const action: AuditAction = !after.enabled
      ? 'two_factor.disabled'
      : !before.enabled
        ? 'two_factor.enabled'
        : before.method !== after.method
          ? 'two_factor.method_changed'
          : 'two_factor.authenticator_replaced';
    await this.audit.record(
      {
        action,
        teamId: auth.teamId,
        actor: auth,
        entityType: 'user',
        entityId: auth.user.id,
        details: { method: after.method, previousMethod: before.method },
      },
      manager,
    );
    const notice = !after.method
      ? twoFactorDisabledMail(auth.user.email, this.config.appUrl)
      : before.enabled && before.method
        ? twoFactorMethodChangedMail(auth.user.email, before.method, after.method, this.config.appUrl)
        : twoFactorEnabledMail(auth.user.email, after.method, this.config.appUrl);
    await this.mail.queue(notice, manager);
  }
}
