import { Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import { AppException } from '../common/app-exception';
import { PasswordService } from './password.service';

export type PasswordCheck = { outcome: 'right' } | { outcome: 'wrong' } | { outcome: 'locked'; error: AppException };

/** Wrong passwords allowed per account inside the window, before 429 (OWASP: per account, not only per IP). */
export const PASSWORD_FAILURE_LIMIT = 10;
export const PASSWORD_FAILURE_WINDOW_MS = 15 * 60 * 1000;
/** Rows of windows that are over are removed this often (on every instance; the delete is idempotent). */
const CLEANUP_INTERVAL_MS = 10 * 60 * 1000;

/**
 * The per-account limit on password guesses — at sign-in, and wherever a signed-in user re-enters
 * their password (changing it, turning 2FA off) — in `password_attempts`, so every API instance sees it.
 *
 * - It is keyed by the lower-cased email, whether or not an account has it: an unknown email locks
 *   exactly like a real one, so the 429 reveals nothing about which accounts exist.
 * - An attempt is *reserved* (counted) before the password is checked, in one guarded upsert, and a
 *   right password clears the count. However many requests arrive at once, at most ten passwords
 *   are checked per window; counting after the check let a parallel burst all be evaluated.
 */
@Injectable()
export class PasswordAttempts implements OnModuleInit, OnModuleDestroy {
  private cleanup: NodeJS.Timeout | null = null;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly passwords: PasswordService,
  ) {}

  /**
   * The one way a password is checked (signing in, and re-entering it to confirm a change): the
   * attempt is counted first, the password is compared even for an unknown account or a locked one
   * (the same work, the same time), and a right password clears the count. A locked account comes
   * back as `locked` with its 429, whatever the password.
   */
  async check(email: string, password: string, passwordHash: string | null | undefined): Promise<PasswordCheck> {
    const lockedForMs = await this.reserve(email);
    const passwordOk = await this.passwords.verify(password, passwordHash);
    if (lockedForMs > 0) return { outcome: 'locked', error: this.lockedError(lockedForMs) };
    if (!passwordOk) return { outcome: 'wrong' };
    await this.succeeded(email);
    return { outcome: 'right' };
  }

  onModuleInit(): void {
    this.cleanup = setInterval(() => void this.removeFinishedWindows().catch(() => undefined), CLEANUP_INTERVAL_MS);
    this.cleanup.unref();
  }

  onModuleDestroy(): void {
    if (this.cleanup) clearInterval(this.cleanup);
  }

  /**
   * Counts one attempt for `email`. Resolves with 0 when the attempt may go ahead, or with the
   * milliseconds until the account's window ends when ten attempts already failed in it (nothing
   * is counted then). Callers still check the password when locked, so both answers take as long.
   */
  async reserve(email: string): Promise<number> {
    // An INSERT (unlike an UPDATE) comes back from TypeORM as the plain list of returned rows.
    const rows: unknown[] = await this.db.query(
      `INSERT INTO password_attempts AS a (email, failed_count, window_start) VALUES ($1, 1, now())
       ON CONFLICT (email) DO UPDATE SET
         failed_count = CASE WHEN a.window_start <= now() - make_interval(secs => $3) THEN 1 ELSE a.failed_count + 1 END,
         window_start = CASE WHEN a.window_start <= now() - make_interval(secs => $3) THEN now() ELSE a.window_start END
       WHERE a.window_start <= now() - make_interval(secs => $3) OR a.failed_count < $2
       RETURNING failed_count`,
      [email.toLowerCase(), PASSWORD_FAILURE_LIMIT, PASSWORD_FAILURE_WINDOW_MS / 1000],
    );
    if (rows.length) return 0;
    const [row]: { ms: number | null }[] = await this.db.query(
      `SELECT ceil(extract(epoch FROM window_start + make_interval(secs => $2) - now()) * 1000)::int AS ms
         FROM password_attempts WHERE email = $1`,
      [email.toLowerCase(), PASSWORD_FAILURE_WINDOW_MS / 1000],
    );
    return Math.max(1000, row?.ms ?? 0);
  }

  /** The right password: the run of failures is over. */
  async succeeded(email: string): Promise<void> {
    await this.db.query(`DELETE FROM password_attempts WHERE email = $1`, [email.toLowerCase()]);
  }

  /** The 429 for a locked account (or email). */
  lockedError(lockedForMs: number): AppException {
    return AppException.tooManyRequests(ErrorCode.LOGIN_LOCKED, lockedForMs / 1000);
  }

  async removeFinishedWindows(): Promise<void> {
    await this.db.query(`DELETE FROM password_attempts WHERE window_start <= now() - make_interval(secs => $1)`, [
      PASSWORD_FAILURE_WINDOW_MS / 1000,
    ]);
  }
}
