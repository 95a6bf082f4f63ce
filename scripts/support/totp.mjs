// RFC 6238 time-based one-time passwords (HMAC-SHA1, 30-second steps, 6 digits) — the authenticator
// app of the API tests, the browser journeys and the load and bench scripts. Written out here,
// independently of the server's otplib, so that the tests check the server against the standard
// rather than against itself. Plain ESM so Node runs it as is; totp.d.mts types it for TypeScript.
import { createHmac } from 'node:crypto';

/** The length of a time-step in seconds (RFC 6238 default, as the API uses it). */
export const TOTP_STEP_SECONDS = 30;
const DIGITS = 6;
const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

/**
 * RFC 4648 base32, the format of authenticator-app keys; letter case, spaces, dashes and padding
 * are ignored (a key copied from the screen may be grouped).
 * @param {string} input
 * @returns {Buffer}
 */
export function base32Decode(input) {
  const clean = input.toUpperCase().replace(/[\s=-]/g, '');
  let bits = 0;
  let value = 0;
  /** @type {number[]} */
  const bytes = [];
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

/**
 * The code for one counter (RFC 4226 HOTP with dynamic truncation); with a time-step as the
 * counter, the TOTP code of that step.
 * @param {string} secret base32
 * @param {number} counter
 * @returns {string} six digits
 */
export function hotp(secret, counter) {
  const message = Buffer.alloc(8);
  message.writeBigUInt64BE(BigInt(counter));
  const digest = createHmac('sha1', base32Decode(secret)).update(message).digest();
  const offset = digest[digest.length - 1] & 0x0f;
  const binary = (digest.readUInt32BE(offset) & 0x7fffffff) % 10 ** DIGITS;
  return String(binary).padStart(DIGITS, '0');
}

/**
 * The time-step a moment falls in (RFC 6238: T = floor(unix seconds / 30)).
 * @param {number} [epochMs] defaults to now
 * @returns {number}
 */
export function stepAt(epochMs = Date.now()) {
  return Math.floor(epochMs / 1000 / TOTP_STEP_SECONDS);
}

/**
 * The code for the current step plus `offset` steps (−1: the previous step, +1: the next).
 * @param {string} secret base32
 * @param {number} [offset]
 * @returns {string}
 */
export function totpCode(secret, offset = 0) {
  return hotp(secret, stepAt() + offset);
}

/**
 * The next step whose code the server will accept from someone who last used `lastStep`: it
 * accepts the current step ±1, each step once. Null when all three are used up (wait for the
 * next step).
 * @param {number} lastStep the last step used (-Infinity or 0 for none)
 * @param {number} [now] the current step
 * @returns {number | null}
 */
export function nextUnusedStep(lastStep, now = stepAt()) {
  const step = Math.max(lastStep + 1, now - 1);
  return step > now + 1 ? null : step;
}

/**
 * Work that uses several steps of one secret must not straddle a step boundary, or a code made
 * for "now" could fall out of the server's ±1 window before it arrives. This waits — only when
 * fewer than `seconds` of the current step remain — until the next step begins.
 * @param {number} [seconds]
 * @returns {Promise<void>}
 */
export async function withinOneStep(seconds = 3) {
  const left = TOTP_STEP_SECONDS - ((Date.now() / 1000) % TOTP_STEP_SECONDS);
  if (left < seconds) await new Promise((resolve) => setTimeout(resolve, left * 1000 + 50));
}
