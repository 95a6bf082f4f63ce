import { Injectable } from '@nestjs/common';
import { ErrorCode } from '@vantage/contracts';
import { AppException } from '../common/app-exception';
import { PasswordService } from './password.service';
import { RateLimiter } from './rate-limiter';

export type PasswordCheck = { outcome: 'right' } | { outcome: 'wrong' } | { outcome: 'locked'; error: AppException };

/** Wrong passwords allowed per account inside the window, before 429 (OWASP: per account, not only per IP). */
export const PASSWORD_FAILURE_LIMIT = 10;
export const PASSWORD_FAILURE_WINDOW_SECONDS = 15 * 60;

/** The counter of an address, whether or not an account has it (see RateLimiter). */
export function passwordAttemptsKey(email: string): string {
  return `password:${email.toLowerCase()}`;
}

/**
 * The per-account limit on password guesses — at sign-in, and wherever a signed-in user re-enters
 * their password (changing it, turning 2FA off, new recovery codes) — counted by RateLimiter in
 * PostgreSQL, so every API instance sees it.
 *
 * - It is keyed by the lower-cased email, whether or not an account has it: an unknown email locks
 *   exactly like a real one, so the 429 reveals nothing about which accounts exist.
 * - An attempt is *reserved* (counted) before the password is checked, in one guarded upsert, and a
 *   right password clears the count. However many requests arrive at once, at most ten passwords
 *   are checked per window; counting after the check let a parallel burst all be evaluated.
 */
@Injectable()
export class PasswordAttempts {
  constructor(
    private readonly limiter: RateLimiter,
    private readonly passwords: PasswordService,
  ) {}

  /**
   * The one way a password is checked (signing in, and re-entering it to confirm a change): the
   * attempt is counted first, the password is compared even for an unknown account or a locked one
   * (the same work, the same time), and a right password clears the count. A locked account comes
   * back as `locked` with its 429, whatever the password.
   */
  async check(email: string, password: string, passwordHash: string | null | undefined): Promise<PasswordCheck> {
    const lockedForSeconds = await this.limiter.take({
      key: passwordAttemptsKey(email),
      limit: PASSWORD_FAILURE_LIMIT,
      windowSeconds: PASSWORD_FAILURE_WINDOW_SECONDS,
    });
    const passwordOk = await this.passwords.verify(password, passwordHash);
    if (lockedForSeconds > 0) return { outcome: 'locked', error: AppException.tooManyRequests(ErrorCode.LOGIN_LOCKED, lockedForSeconds) };
    if (!passwordOk) return { outcome: 'wrong' };
    await this.succeeded(email);
    return { outcome: 'right' };
  }

  /** The address proved itself (the right password, or a reset link): the run of failures is over. */
  async succeeded(email: string): Promise<void> {
    await this.limiter.clear(passwordAttemptsKey(email));
  }
}
