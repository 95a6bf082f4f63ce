import { Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Rows of windows that are over are removed this often (on every instance; the delete is idempotent). */
const CLEANUP_INTERVAL_MS = 10 * 60 * 1000;

export interface RateLimit {
  /** What is counted, e.g. `password:ada@example.com` or `password-reset:client:203.0.113.7`. */
  key: string;
  limit: number;
  windowSeconds: number;
}

/**
 * Fixed-window counters in PostgreSQL (`rate_limit_counters`, its owner), so every API instance
 * counts the same requests: wrong passwords per address (PasswordAttempts), password reset requests
 * per address and per client, and the per-client throttle of the auth and 2FA routes
 * (PostgresThrottlerStorage). `take` counts one request in one guarded upsert — so a parallel burst
 * cannot overshoot the limit — and answers how long to wait when the window is already full
 * (nothing is counted then).
 */
@Injectable()
export class RateLimiter implements OnModuleInit, OnModuleDestroy {
  private cleanup: NodeJS.Timeout | null = null;

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  onModuleInit(): void {
    this.cleanup = setInterval(() => void this.removeFinishedWindows().catch(() => undefined), CLEANUP_INTERVAL_MS);
    this.cleanup.unref();
  }

  onModuleDestroy(): void {
    if (this.cleanup) clearInterval(this.cleanup);
  }

  /** 0 when the request may go ahead (and is counted), else the seconds until the window ends. */
  async take(limit: RateLimit): Promise<number> {
    const rows = await this.db.query<unknown[]>(
      `INSERT INTO rate_limit_counters AS c (key, count, window_start) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN c.window_start <= now() - make_interval(secs => $3) THEN 1 ELSE c.count + 1 END,
         window_start = CASE WHEN c.window_start <= now() - make_interval(secs => $3) THEN now() ELSE c.window_start END
       WHERE c.window_start <= now() - make_interval(secs => $3) OR c.count < $2
       RETURNING count`,
      [limit.key, limit.limit, limit.windowSeconds],
    );
    if (rows.length) return 0;
    const [row] = await this.db.query<{ seconds: number | null }[]>(
      `SELECT ceil(extract(epoch FROM window_start + make_interval(secs => $2) - now()))::int AS seconds
         FROM rate_limit_counters WHERE key = $1`,
      [limit.key, limit.windowSeconds],
    );
    return Math.max(1, row?.seconds ?? 1);
  }

  /**
   * Counts one request in the fixed window of `key` whatever the count already is (the per-client
   * throttle decides from the answer): one upsert that returns the window's count with this request
   * and the seconds left in it.
   */
  async hit(key: string, windowSeconds: number): Promise<{ count: number; secondsLeft: number }> {
    const [row] = await this.db.query<{ count: number; seconds_left: number }[]>(
      `INSERT INTO rate_limit_counters AS c (key, count, window_start) VALUES ($1, 1, now())
       ON CONFLICT (key) DO UPDATE SET
         count = CASE WHEN c.window_start <= now() - make_interval(secs => $2) THEN 1 ELSE c.count + 1 END,
         window_start = CASE WHEN c.window_start <= now() - make_interval(secs => $2) THEN now() ELSE c.window_start END
       RETURNING count, ceil(extract(epoch FROM window_start + make_interval(secs => $2) - now()))::int AS seconds_left`,
      [key, windowSeconds],
    );
    return { count: row.count, secondsLeft: Math.max(1, row.seconds_left) };
  }

  /** Starts the count of `key` again (a right password ends a run of wrong ones). */
  async clear(key: string): Promise<void> {
    await this.db.query(`DELETE FROM rate_limit_counters WHERE key = $1`, [key]);
  }

  async removeFinishedWindows(): Promise<void> {
    // The longest window in use is an hour.
    await this.db.query(`DELETE FROM rate_limit_counters WHERE window_start <= now() - interval '1 hour'`);
  }
}
