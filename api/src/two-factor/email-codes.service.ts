import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode } from '@vantage/contracts';
import { randomInt } from 'node:crypto';
import { DataSource } from 'typeorm';
import { AppException } from '../common/app-exception';
import { MailService } from '../mail/mail.service';
import { loginCodeMail, stepUpCodeMail } from '../mail/messages';
import { EMAIL_CODE_TTL_MINUTES, EMAIL_RESEND_INTERVAL_SECONDS, type TwoFactorPurpose } from './two-factor.policy';
import { TwoFactorCrypto } from './two-factor-crypto';

export type WhenRecentlySent =
  /** Answer 429 CODE_RESEND_THROTTLED (an explicit "send me a code"). */
  | 'refuse'
  /** Send nothing: the code sent moments ago is still valid (a repeated password step). */
  | 'keep';

/**
 * Six-digit codes sent by email, in `two_factor_email_codes`: stored as HMAC, valid 10 minutes,
 * single use, one live code per user and purpose, resends throttled.
 */
@Injectable()
export class EmailCodeService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly crypto: TwoFactorCrypto,
    private readonly mail: MailService,
  ) {}

  /**
   * Creates and emails a fresh code. Only a delivered code counts: if the mail cannot be sent the
   * new code is deleted (503 MAIL_UNAVAILABLE), so it neither throttles the next request nor
   * voids the code the user already has. Once delivered, it voids the older ones.
   */
  async send(user: { id: string; email: string }, purpose: TwoFactorPurpose, whenRecentlySent: WhenRecentlySent): Promise<void> {
    const code = randomInt(0, 1_000_000).toString().padStart(6, '0');
    const codeId = await this.db.transaction(async (manager) => {
      // Serialises sends per user and purpose, so two parallel requests cannot both pass the throttle.
      await manager.query(`SELECT pg_advisory_xact_lock(hashtextextended($1, 0))`, [`two-factor-email:${user.id}:${purpose}`]);
      const [recent]: { wait_seconds: number }[] = await manager.query(
        `SELECT ceil(extract(epoch FROM created_at + make_interval(secs => $3) - now()))::int AS wait_seconds
           FROM two_factor_email_codes
          WHERE user_id = $1 AND purpose = $2 AND used_at IS NULL AND expires_at > now()
            AND created_at > now() - make_interval(secs => $3)
          ORDER BY created_at DESC LIMIT 1`,
        [user.id, purpose, EMAIL_RESEND_INTERVAL_SECONDS],
      );
      if (recent) {
        if (whenRecentlySent === 'keep') return null;
        throw AppException.tooManyRequests(ErrorCode.CODE_RESEND_THROTTLED, recent.wait_seconds);
      }
      const [row]: { id: string }[] = await manager.query(
        `INSERT INTO two_factor_email_codes (user_id, purpose, code_hash, expires_at)
         VALUES ($1, $2, $3, now() + make_interval(mins => $4)) RETURNING id`,
        [user.id, purpose, this.hash(user.id, purpose, code), EMAIL_CODE_TTL_MINUTES],
      );
      return row.id;
    });
    if (!codeId) return;

    const message =
      purpose === 'login'
        ? loginCodeMail(user.email, code, EMAIL_CODE_TTL_MINUTES)
        : stepUpCodeMail(user.email, code, EMAIL_CODE_TTL_MINUTES);
    try {
      await this.mail.send(message);
    } catch (error) {
      await this.db.query(`DELETE FROM two_factor_email_codes WHERE id = $1`, [codeId]);
      throw error;
    }
    await this.db.query(`DELETE FROM two_factor_email_codes WHERE user_id = $1 AND purpose = $2 AND id <> $3`, [user.id, purpose, codeId]);
  }

  /** Marks the code used if it is live; exactly one of several parallel callers gets true. */
  async consume(userId: string, purpose: TwoFactorPurpose, code: string): Promise<boolean> {
    const [rows] = await this.db.query<[unknown[], number]>(
      `UPDATE two_factor_email_codes SET used_at = now()
        WHERE user_id = $1 AND purpose = $2 AND code_hash = $3 AND used_at IS NULL AND expires_at > now()
        RETURNING id`,
      [userId, purpose, this.hash(userId, purpose, code)],
    );
    return rows.length > 0;
  }

  /**
   * The code was right but is used up (by an earlier request, or by a parallel one that won): it is
   * still on file, marked used, until a newer code replaces it.
   */
  async wasUsed(userId: string, purpose: TwoFactorPurpose, code: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM two_factor_email_codes WHERE user_id = $1 AND purpose = $2 AND code_hash = $3 AND used_at IS NOT NULL`,
      [userId, purpose, this.hash(userId, purpose, code)],
    );
    return rows.length > 0;
  }

  /** Removes every email code of the user (2FA turned off). */
  async removeAll(userId: string, manager = this.db.manager): Promise<void> {
    await manager.query(`DELETE FROM two_factor_email_codes WHERE user_id = $1`, [userId]);
  }

  private hash(userId: string, purpose: TwoFactorPurpose, code: string): string {
    return this.crypto.hashCode(userId, `email:${purpose}`, code);
  }
}
