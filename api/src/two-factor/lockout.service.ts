import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@vantage/contracts';
import { AppException } from '../common/app-exception';
import type { User } from '../users/user.entity';
import { UsersRepository } from '../users/users.repository';
import { LOCK_MINUTES, MAX_FAILED_CODES } from './two-factor.policy';

export interface ReservedAttempt {
  /** 1-based position of this attempt in the current run of failures. */
  number: number;
}

/**
 * The per-account brute-force limit of SPEC §3, kept in the users row so every API instance sees it.
 *
 * An attempt is *reserved* (counted) before its code is checked, in one guarded UPDATE, so however
 * many requests arrive in parallel at most five codes are ever evaluated per lock period; counting
 * after the check would let a burst of parallel guesses all be evaluated before the first failure
 * was recorded. Then the attempt is settled by what its code turned out to be: a right code resets
 * the run, a right code another request used first gives its attempt back (only WRONG codes count),
 * and a wrong one keeps it, locking the account when it completes the run.
 */
@Injectable()
export class TwoFactorLockout {
  constructor(private readonly users: UsersRepository) {}

  /**
   * Counts one attempt. While locked: 429 TWO_FACTOR_LOCKED (with Retry-After). Answers `busy` when
   * the account is not locked but every attempt of the budget is being checked by other requests.
   */
  async reserveAttempt(userId: string): Promise<ReservedAttempt | 'busy'> {
    const attempts = await this.users.reserveTwoFactorAttempt(userId, MAX_FAILED_CODES);
    if (attempts !== null) return { number: attempts };
    const lockedFor = await this.lockedForSeconds(userId);
    if (lockedFor > 0) throw AppException.tooManyRequests(ErrorCode.TWO_FACTOR_LOCKED, lockedFor);
    return 'busy';
  }

  /**
   * reserveAttempt with the user's row read in the same statement, for a user whose 2FA is on. Null
   * when nothing was reserved (no such user, 2FA off, locked or busy): the caller falls back to
   * reading the user and reserveAttempt, which say which.
   */
  async reserveAttemptOf(userId: string): Promise<{ user: User; attempt: ReservedAttempt } | null> {
    const reserved = await this.users.reserveTwoFactorAttemptOf(userId, MAX_FAILED_CODES);
    return reserved && { user: reserved.user, attempt: { number: reserved.attempts } };
  }

  /** A right code: the run of failures is over. */
  async reset(userId: string): Promise<void> {
    await this.users.resetTwoFactorAttempts(userId);
  }

  /** The code was right but already used: not a failure, the attempt is given back. */
  async release(userId: string): Promise<void> {
    await this.users.releaseTwoFactorAttempt(userId);
  }

  /** The code was wrong: its attempt stays counted. True when it completed the run and locked the account. */
  async failed(userId: string): Promise<boolean> {
    return this.users.lockTwoFactorIfExhausted(userId, MAX_FAILED_CODES, LOCK_MINUTES);
  }

  /** Throws 429 while locked (used before doing work that is pointless during a lock, like sending a code). */
  async assertNotLocked(userId: string): Promise<void> {
    const seconds = await this.lockedForSeconds(userId);
    if (seconds > 0) throw AppException.tooManyRequests(ErrorCode.TWO_FACTOR_LOCKED, seconds);
  }

  /** When the current lock ends, or null when codes may be entered now. */
  async lockedUntil(userId: string): Promise<Date | null> {
    const seconds = await this.lockedForSeconds(userId);
    return seconds > 0 ? new Date(Date.now() + seconds * 1000) : null;
  }

  lockedNow(): AppException {
    return AppException.tooManyRequests(ErrorCode.TWO_FACTOR_LOCKED, LOCK_MINUTES * 60);
  }

  private lockedForSeconds(userId: string): Promise<number> {
    return this.users.twoFactorLockedForSeconds(userId);
  }
}
