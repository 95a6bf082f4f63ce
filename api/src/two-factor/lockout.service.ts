import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import { AppException } from '../common/app-exception';
import { LOCK_MINUTES, MAX_FAILED_CODES } from './two-factor.policy';

export interface ReservedAttempt {
  /** 1-based position of this attempt in the current run of failures. */
  number: number;
  /** This attempt used up the budget: if its code is wrong the account is now locked. */
  isLast: boolean;
}

/**
 * The per-account brute-force limit of SPEC §3, kept in the users row so every API instance sees it.
 *
 * An attempt is *reserved* (counted) before its code is checked, in one guarded UPDATE, and a right
 * code resets the count. So however many requests arrive in parallel, at most five codes are
 * ever evaluated per lock period; counting after the check would let a burst of parallel guesses
 * all be evaluated before the first failure was recorded.
 */
@Injectable()
export class TwoFactorLockout {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Counts one attempt, or throws 429 TWO_FACTOR_LOCKED (with Retry-After) while locked. */
  async reserveAttempt(userId: string): Promise<ReservedAttempt> {
    const [rows] = (await this.db.query(
      `UPDATE users SET
          two_factor_failed_attempts = CASE WHEN two_factor_locked_until IS NULL THEN two_factor_failed_attempts + 1 ELSE 1 END,
          two_factor_locked_until = CASE
            WHEN (CASE WHEN two_factor_locked_until IS NULL THEN two_factor_failed_attempts + 1 ELSE 1 END) >= $2
            THEN now() + make_interval(mins => $3) ELSE NULL END
        WHERE id = $1 AND (two_factor_locked_until IS NULL OR two_factor_locked_until <= now())
        RETURNING two_factor_failed_attempts AS attempts`,
      [userId, MAX_FAILED_CODES, LOCK_MINUTES],
    )) as [{ attempts: number }[], number];
    if (!rows.length) throw await this.lockedError(userId);
    return { number: rows[0].attempts, isLast: rows[0].attempts >= MAX_FAILED_CODES };
  }

  /**
   * What a right code does to the count, as a SET list: the run of failures is over. An UPDATE of
   * the users row that records a used code (a TOTP step) includes it, saving a round trip.
   */
  static readonly RESET_ASSIGNMENTS = 'two_factor_failed_attempts = 0, two_factor_locked_until = NULL';

  /** A right code: the run of failures is over. */
  async reset(userId: string): Promise<void> {
    await this.db.query(`UPDATE users SET ${TwoFactorLockout.RESET_ASSIGNMENTS} WHERE id = $1`, [userId]);
  }

  /** Throws 429 while locked (used before doing work that is pointless during a lock, like sending a code). */
  async assertNotLocked(userId: string): Promise<void> {
    const seconds = await this.lockedForSeconds(userId);
    if (seconds > 0) throw AppException.tooManyRequests(ErrorCode.TWO_FACTOR_LOCKED, seconds);
  }

  lockedNow(): AppException {
    return AppException.tooManyRequests(ErrorCode.TWO_FACTOR_LOCKED, LOCK_MINUTES * 60);
  }

  private async lockedError(userId: string): Promise<AppException> {
    return AppException.tooManyRequests(ErrorCode.TWO_FACTOR_LOCKED, Math.max(1, await this.lockedForSeconds(userId)));
  }

  private async lockedForSeconds(userId: string): Promise<number> {
    const [row]: { seconds: number | null }[] = await this.db.query(
      `SELECT ceil(extract(epoch FROM two_factor_locked_until - now()))::int AS seconds FROM users WHERE id = $1`,
      [userId],
    );
    return Math.max(0, row?.seconds ?? 0);
  }
}
