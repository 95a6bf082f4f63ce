import { EMAIL_CODE_RESEND_SECONDS, RECOVERY_CODE_COUNT as RECOVERY_CODES_IN_A_SET } from '@vantage/contracts';

/**
 * The numbers of SPEC §3 in one place. Per-account lockouts are deliberately not configurable
 * (SPEC §7: "not configurable below the SPEC's values").
 */

/** Wrong codes in a row before the account's 2FA verification locks. */
export const MAX_FAILED_CODES = 5;
export const LOCK_MINUTES = 15;

/** Wrong codes one login challenge survives (a challenge dies even if the account counter was reset). */
export const CHALLENGE_MAX_ATTEMPTS = 5;

export const EMAIL_CODE_TTL_MINUTES = 10;
/** A new email code at most this often per user and purpose, while the last one is unused (the web app counts down the same wait). */
export const EMAIL_RESEND_INTERVAL_SECONDS = EMAIL_CODE_RESEND_SECONDS;

/** The web app shows "7 of 10 left" with the same number. */
export const RECOVERY_CODE_COUNT = RECOVERY_CODES_IN_A_SET;

/** TOTP (RFC 6238): 30-second steps, 6 digits, ±1 step of clock drift. */
export const TOTP_PERIOD_SECONDS = 30;
export const TOTP_ISSUER = 'Vantage';

/** What a second factor proves: signing in, or confirming a sensitive action while signed in. */
export type TwoFactorPurpose = 'login' | 'step_up';

/** How a second factor was proved: a code of one kind, or a passkey. */
export type SecondFactorUsed = 'totp' | 'email' | 'recovery' | 'passkey';
