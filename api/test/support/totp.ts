import { createHmac } from 'node:crypto';

/**
 * RFC 6238 (TOTP, HMAC-SHA1, 30 s, 6 digits) written out here, independently of the server's
 * otplib, so the tests check the server against the standard rather than against itself.
 */
const PERIOD_SECONDS = 30;
const BASE32 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Decode(input: string): Buffer {
  const clean = input.replace(/=+$/, '').toUpperCase();
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const char of clean) {
    const index = BASE32.indexOf(char);
    if (index < 0) throw new Error(`Not base32: ${char}`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 4226 HOTP for a counter. */
export function hotp(secret: string, counter: number): string {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', base32Decode(secret)).update(message).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = digest.readUInt32BE(offset) & 0x7fffffff;
  return String(binary % 1_000_000).padStart(6, '0');
}

/** The time-step of a moment (seconds since the epoch / 30). */
export function stepAt(epochMs: number = Date.now()): number {
  return Math.floor(epochMs / 1000 / PERIOD_SECONDS);
}

/** The code for the current step plus `offset` steps (−1: the previous step, +1: the next). */
export function totpCode(secret: string, offset = 0): string {
  return hotp(secret, stepAt() + offset);
}

/**
 * Tests that use several steps of one secret must not straddle a step boundary, or a code made
 * for "now" could fall out of the server's ±1 window before it arrives. This waits — only when
 * fewer than `seconds` of the current step remain — until the next step begins.
 */
export async function withinOneStep(seconds = 3): Promise<void> {
  const intoStep = (Date.now() / 1000) % PERIOD_SECONDS;
  const left = PERIOD_SECONDS - intoStep;
  if (left < seconds) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 50));
}
