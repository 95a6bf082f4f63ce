import { HttpStatus, Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode, PASSWORD_RESET_MINUTES } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { personActing } from '../auth/auth-context';
import { PasswordAttempts } from '../auth/password-attempts.service';
import { PasswordService } from '../auth/password.service';
import { RateLimiter } from '../auth/rate-limiter';
import { SessionService } from '../auth/session.service';
import { AppException } from '../common/app-exception';
import { linkTokenHash, newLinkToken } from '../common/link-token';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { MailService } from '../mail/mail.service';
import { passwordResetDoneMail, passwordResetLinkMail } from '../mail/messages';
import { UsersRepository } from '../users/users.repository';

/** Reset links one email address may ask for per hour (whether or not an account has it). */
export const RESET_REQUESTS_PER_ACCOUNT_PER_HOUR = 5;

/**
 * Getting back in with a forgotten password (SPEC §9), the owner of `password_reset_tokens`.
 *
 * Asking reveals nothing: the answer is 204 for every email, the same work is done before answering
 * whether or not an account exists, and the email is sent after the answer (its delivery time would
 * otherwise tell). Requests count toward a limit per address and per client, kept in PostgreSQL.
 * A link works once, for 30 minutes; asking again voids the previous one. Using it ends every
 * session of the user; two-factor authentication stays on, so the next sign-in still asks for it.
 */
@Injectable()
export class PasswordResetService {
  private readonly logger = new Logger('PasswordReset');

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly users: UsersRepository,
    private readonly passwords: PasswordService,
    private readonly passwordAttempts: PasswordAttempts,
    private readonly sessions: SessionService,
    private readonly limiter: RateLimiter,
    private readonly audit: AuditService,
    private readonly mail: MailService,
  ) {}

  async request(email: string, ip: string | null): Promise<void> {
    // Per client, the route's ThrottlerGuard already counts THROTTLE_AUTH_LIMIT a minute across instances.
    await this.throttle(`password-reset:account:${email.toLowerCase()}`, RESET_REQUESTS_PER_ACCOUNT_PER_HOUR, 3600);

    const user = await this.users.findByEmail(email);
    // Made for unknown emails too, so both answers do the same work.
    const { token, hash } = newLinkToken();
    await this.db.transaction(async (manager) => {
      if (user) {
        await manager.query(`UPDATE password_reset_tokens SET used_at = now() WHERE user_id = $1 AND used_at IS NULL`, [user.id]);
        await manager.query(
          `INSERT INTO password_reset_tokens (user_id, token_hash, expires_at) VALUES ($1, $2, now() + make_interval(mins => $3))`,
          [user.id, hash, PASSWORD_RESET_MINUTES],
        );
      }
      await this.audit.record(
        {
          action: 'auth.password_reset_requested',
          teamId: user?.currentTeamId ?? null,
          actor: null,
          actorName: email,
          entityType: user ? 'user' : null,
          entityId: user?.id ?? null,
          ipAddress: ip,
        },
        manager,
      );
      // Queued, not sent: how long delivery takes must not tell whether the account exists.
      if (user) {
        const link = `${this.config.appUrl}/reset-password/${token}`;
        await this.mail.queue(passwordResetLinkMail(user.email, link, PASSWORD_RESET_MINUTES), manager);
      }
    });
  }

  /** 400 RESET_TOKEN_INVALID for an unknown, used, replaced or expired link. */
  async confirm(token: string, password: string, ip: string | null): Promise<void> {
    const passwordHash = await this.passwords.hash(password);
    const user = await this.db.transaction(async (manager) => {
      const [rows] = await manager.query<[{ user_id: string }[], number]>(
        `UPDATE password_reset_tokens SET used_at = now()
          WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now()
          RETURNING user_id`,
        [linkTokenHash(token)],
      );
      if (!rows.length) throw new AppException(ErrorCode.RESET_TOKEN_INVALID, HttpStatus.BAD_REQUEST);
      const found = await this.users.findById(rows[0].user_id, manager);
      if (!found) throw new AppException(ErrorCode.RESET_TOKEN_INVALID, HttpStatus.BAD_REQUEST);
      await this.users.setPassword(found.id, passwordHash, manager);
      await this.sessions.revokeAllExcept(found.id, null, manager);
      await this.audit.record(
        {
          action: 'auth.password_reset',
          teamId: found.currentTeamId,
          actor: personActing(found),
          entityType: 'user',
          entityId: found.id,
          ipAddress: ip,
        },
        manager,
      );
      await this.mail.queue(passwordResetDoneMail(found.email, this.config.appUrl), manager);
      return found;
    });
    // The owner of the address proved it: earlier wrong passwords no longer count against them.
    await this.passwordAttempts.succeeded(user.email);
  }

  private async throttle(key: string, limit: number, windowSeconds: number): Promise<void> {
    const waitSeconds = await this.limiter.take({ key, limit, windowSeconds });
    if (waitSeconds > 0) throw AppException.tooManyRequests(ErrorCode.PASSWORD_RESET_THROTTLED, waitSeconds);
  }
}
