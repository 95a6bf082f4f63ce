import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@vantage/contracts';
import { AppException } from '../common/app-exception';
import { UsersRepository } from '../users/users.repository';
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
  constructor(private readonly users: UsersRepository) {}

  /** Counts one attempt, or throws 429 TWO_FACTOR_LOCKED (with Retry-After) while locked. */
  async reserveAttempt(userId: string): Promise<ReservedAttempt> {
    const attempts = await this.users.reserveTwoFactorAttempt(userId, MAX_FAILED_CODES, LOCK_MINUTES);
    if (attempts === null) throw await this.lockedError(userId);
    return { number: attempts, isLast: attempts >= MAX_FAILED_CODES };
  }

  /** A right code: the run of failures is over. */
  async reset(userId: string): Promise<void> {
    await this.users.resetTwoFactorAttempts(userId);
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

  private lockedForSeconds(userId: string): Promise<number> {
    return this.users.twoFactorLockedForSeconds(userId);
  }
}
