import { HttpStatus, Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode, type TotpSetup, type TwoFactorMethod, type TwoFactorStatus } from '@vantage/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../auth/auth-context';
import { PasswordAttempts } from '../auth/password-attempts.service';
import { PasswordService } from '../auth/password.service';
import { SessionService } from '../auth/session.service';
import { AppException } from '../common/app-exception';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailService } from '../mail/mail.service';
import { twoFactorDisabledMail, twoFactorEnabledMail, twoFactorMethodChangedMail } from '../mail/messages';
import { EmailCodeService } from './email-codes.service';
import { RecoveryCodeService } from './recovery-codes.service';
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
    private readonly passwords: PasswordService,
    private readonly passwordAttempts: PasswordAttempts,
    private readonly sessions: SessionService,
    private readonly audit: AuditService,
    private readonly mail: MailService,
  ) {}

  status(auth: AuthContext): TwoFactorStatus {
    return { enabled: auth.user.isTwoFactorEnabled, method: auth.user.isTwoFactorEnabled ? auth.user.twoFactorMethod : null };
  }

  /**
   * Starts authenticator-app setup: a new secret, kept as *pending* until a code from it is
   * confirmed. A live secret is never shown again; it stays in force until a new one is confirmed.
   */
  async startTotpSetup(auth: AuthContext): Promise<TotpSetup> {
    const secret = this.totp.newSecret();
    await this.db.query(`UPDATE users SET totp_pending_secret_encrypted = $2 WHERE id = $1`, [
      auth.user.id,
      this.crypto.sealTotpSecret(auth.user.id, secret),
    ]);
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
      await manager.query(
        `UPDATE users SET is_two_factor_enabled = true, two_factor_method = 'email',
                totp_secret_encrypted = NULL, totp_pending_secret_encrypted = NULL, totp_last_used_step = NULL
          WHERE id = $1`,
        [auth.user.id],
      );
      await this.recordChange(manager, auth, before, { enabled: true, method: 'email' });
    });
    await this.notifyChange(auth, before, 'email');
    return { enabled: true, method: 'email' };
  }

  /**
   * Activates the pending secret once a code from it is right. The code's step is recorded as
   * used, so the code that confirmed the setup cannot also sign in. New recovery codes replace
   * the old ones and are returned this once.
   */
  private async confirmTotp(auth: AuthContext, code: string): Promise<TwoFactorStatus> {
    const before = this.status(auth);
    const [row]: { pending: string | null }[] = await this.db.query(
      `SELECT totp_pending_secret_encrypted AS pending FROM users WHERE id = $1`,
      [auth.user.id],
    );
    if (!row?.pending) throw new AppException(ErrorCode.TWO_FACTOR_SETUP_NOT_STARTED, HttpStatus.CONFLICT);
    const step = await this.totp.matchStep(this.crypto.openTotpSecret(auth.user.id, row.pending), code, null);
    if (step === null) throw AppException.unauthorized(ErrorCode.INVALID_TWO_FACTOR_CODE);

    const recoveryCodes = await this.db.transaction(async (manager) => {
      // Guarded by the pending value just checked: a setup restarted meanwhile is not activated.
      const [activated] = (await manager.query(
        `UPDATE users SET totp_secret_encrypted = totp_pending_secret_encrypted, totp_pending_secret_encrypted = NULL,
                totp_last_used_step = $3, is_two_factor_enabled = true, two_factor_method = 'totp'
          WHERE id = $1 AND totp_pending_secret_encrypted = $2 RETURNING id`,
        [auth.user.id, row.pending, step],
      )) as [unknown[], number];
      if (!activated.length) throw new AppException(ErrorCode.TWO_FACTOR_SETUP_NOT_STARTED, HttpStatus.CONFLICT);
      const codes = await this.recoveryCodes.replace(auth.user.id, manager);
      await this.recordChange(manager, auth, before, { enabled: true, method: 'totp' });
      return codes;
    });
    await this.notifyChange(auth, before, 'totp');
    return { enabled: true, method: 'totp', recoveryCodes };
  }

  /** Turning 2FA off needs the account password, and a session that passed 2FA (the global guard). */
  async disable(auth: AuthContext, password: string): Promise<TwoFactorStatus> {
    const before = this.status(auth);
    if (!before.enabled) throw new AppException(ErrorCode.TWO_FACTOR_NOT_ENABLED, HttpStatus.CONFLICT);
    // Wrong passwords here count toward the per-account limit of sign-in (a stolen session is no oracle).
    const lockedForMs = await this.passwordAttempts.reserve(auth.user.email);
    const [row]: { password_hash: string }[] = await this.db.query(`SELECT password_hash FROM users WHERE id = $1`, [auth.user.id]);
    const passwordOk = await this.passwords.verify(password, row?.password_hash);
    if (lockedForMs > 0) throw this.passwordAttempts.lockedError(lockedForMs);
    if (!passwordOk) {
      await this.audit.record({ action: 'two_factor.disable_refused', teamId: auth.teamId, actor: auth, entityType: 'user', entityId: auth.user.id, details: { reason: 'wrong_password' } });
      throw AppException.unauthorized(ErrorCode.WRONG_PASSWORD);
    }
    await this.passwordAttempts.succeeded(auth.user.email);
    await this.db.transaction(async (manager) => {
      await manager.query(
        `UPDATE users SET is_two_factor_enabled = false, two_factor_method = NULL,
                totp_secret_encrypted = NULL, totp_pending_secret_encrypted = NULL, totp_last_used_step = NULL
          WHERE id = $1`,
        [auth.user.id],
      );
      await this.recoveryCodes.removeAll(auth.user.id, manager);
      await this.emailCodes.removeAll(auth.user.id, manager);
      await this.recordChange(manager, auth, before, { enabled: false, method: null });
    });
    await this.mail.notify(twoFactorDisabledMail(auth.user.email, this.config.appUrl));
    return { enabled: false, method: null };
  }

  /**
   * In the transaction of the change: end the user's other sessions, count this session as having
   * passed 2FA (enabling proves a code for TOTP, and is the user's own choice while signed in for
   * email), and audit.
   */
  private async recordChange(manager: EntityManager, auth: AuthContext, before: TwoFactorState, after: TwoFactorState): Promise<void> {
    await this.sessions.revokeAllExcept(auth.user.id, auth.sessionId, manager);
    if (after.enabled) await manager.query(`UPDATE auth_sessions SET two_factor_authenticated = true WHERE id = $1`, [auth.sessionId]);
    const action = !after.enabled
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
  }

  private async notifyChange(auth: AuthContext, before: TwoFactorState, method: TwoFactorMethod): Promise<void> {
    const mail =
      before.enabled && before.method
        ? twoFactorMethodChangedMail(auth.user.email, before.method, method, this.config.appUrl)
        : twoFactorEnabledMail(auth.user.email, method, this.config.appUrl);
    await this.mail.notify(mail);
  }
}
