import { randomInt } from 'node:crypto';

/**
 * An address no other test uses, for an app started with TRUST_PROXY=true to read from
 * X-Forwarded-For. The per-client throttle is counted in the run's PostgreSQL, shared by every
 * app of the run, so a test that counts to the limit needs a client of its own.
 */
export function uniqueClientAddress(): string {
  return `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
}
