import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { RateLimiter } from './rate-limiter';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

/**
 * Where `@nestjs/throttler` counts the per-client limit of the auth and 2FA routes: in PostgreSQL
 * (RateLimiter's `rate_limit_counters`), so N instances behind a load balancer allow a client what
 * one instance does, instead of N times as much. A fixed window of the throttler's `ttl`: every
 * request is one atomic upsert, and a client over the limit waits until the window ends.
 */
@Injectable()
export class PostgresThrottlerStorage implements ThrottlerStorage {
  constructor(private readonly counters: RateLimiter) {}

  async increment(key: string, ttl: number, limit: number, _blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const { count, secondsLeft } = await this.counters.hit(`throttle:${throttlerName}:${key}`, Math.max(1, Math.ceil(ttl / 1000)));
    const isBlocked = count > limit;
    return { totalHits: count, timeToExpire: secondsLeft, isBlocked, timeToBlockExpire: isBlocked ? secondsLeft : 0 };
  }
}
