// Types of totp.mjs for TypeScript callers (the API tests and the browser journeys); see totp.mjs.

/** The length of a time-step in seconds (RFC 6238 default, as the API uses it). */
export declare const TOTP_STEP_SECONDS: 30;
/** RFC 4648 base32 (authenticator-app keys); case, spaces, dashes and padding are ignored. */
export declare function base32Decode(input: string): Buffer;
/** The six-digit code for one counter (RFC 4226); with a time-step as the counter, that step's TOTP code. */
export declare function hotp(secret: string, counter: number): string;
/** The time-step a moment falls in (unix seconds / 30, rounded down); now by default. */
export declare function stepAt(epochMs?: number): number;
/** The code for the current step plus `offset` steps (−1: the previous step, +1: the next). */
export declare function totpCode(secret: string, offset?: number): string;
/** The next step the server accepts from someone who last used `lastStep` (now ±1, each once), or null. */
export declare function nextUnusedStep(lastStep: number, now?: number): number | null;
/** Waits for the next step when fewer than `seconds` (3) of the current one remain. */
export declare function withinOneStep(seconds?: number): Promise<void>;
