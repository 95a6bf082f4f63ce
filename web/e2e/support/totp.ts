import { createHmac } from 'node:crypto';

/** RFC 6238 defaults, as the API uses them (SPEC §3): 30-second steps, 6 digits, HMAC-SHA1. */
export const TOTP_STEP_SECONDS = 30;
const DIGITS = 6;
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/** RFC 4648 base32 (the authenticator-app key format); spaces, dashes and padding are ignored. */
export function base32Decode(input: string): Buffer {
  const clean = input.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  const bytes: number[] = [];
  for (const char of clean) {
    const index = BASE32_ALPHABET.indexOf(char);
    if (index === -1) throw new Error(`"${char}" is not a base32 character`);
    value = (value << 5) | index;
    bits += 5;
    if (bits >= 8) {
      bytes.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(bytes);
}

/** The time-step a moment falls in (RFC 6238: T = floor(unix seconds / 30)). */
export function timeStepAt(epochMs: number = Date.now()): number {
  return Math.floor(epochMs / 1000 / TOTP_STEP_SECONDS);
}

/** The 6-digit code for one time-step (RFC 4226 HOTP with the step as counter, dynamic truncation). */
export function totpForStep(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const hmac = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = hmac[hmac.length - 1] & 0x0f;
  const binary = (hmac.readUInt32BE(offset) & 0x7fffffff) % 10 ** DIGITS;
  return String(binary).padStart(DIGITS, '0');
}
