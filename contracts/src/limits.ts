/**
 * The limits of the API's input, in one place: the API validates with them and the web app's forms
 * use the same numbers, so a form never accepts what the API will refuse.
 */

/** A person's first or last name, and a team's name. */
export const NAME_MAX_LENGTH = 100;
export const EMAIL_MAX_LENGTH = 254;
/** Passwords are pre-hashed before bcrypt, so the 72-byte limit of bcrypt never truncates one. */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;

/** Businesses' and leads' names. */
export const CRM_NAME_MAX_LENGTH = 200;
export const DESCRIPTION_MAX_LENGTH = 2000;
export const COMMENT_MAX_LENGTH = 5000;

/** The admin Teams List's search term. */
export const TEAMS_SEARCH_MAX_LENGTH = 100;

/** Why support needs access, shown to the user. */
export const IMPERSONATION_REASON_MAX_LENGTH = 500;
/** How long an impersonation lasts (SPEC §4); it cannot be extended. */
export const IMPERSONATION_MINUTES = 30;

/** How long an approved access request may last (§10), in minutes. */
export const ACCESS_REQUEST_MIN_MINUTES = 15;
export const ACCESS_REQUEST_MAX_MINUTES = 1440;
/** A request nobody answered stops being answerable after this many days (shown as expired). */
export const ACCESS_REQUEST_PENDING_DAYS = 7;
/** How often the web app asks whether someone from support is in the account (the live banner). */
export const SUPPORT_SESSION_REFRESH_SECONDS = 20;
/** At most this many actions are listed for one support session (30 minutes of requests). */
export const SUPPORT_ACTIONS_MAX = 10_000;

/** A new emailed two-factor code at most this often (per person and purpose), while the last one is unused. */
export const EMAIL_CODE_RESEND_SECONDS = 30;
/** Recovery codes in a set (made when an authenticator app is confirmed, or on request). */
export const RECOVERY_CODE_COUNT = 10;

/** A passkey's name (e.g. "Work laptop"). */
export const PASSKEY_NAME_MAX_LENGTH = 100;
/** Passkeys one account may register. */
export const PASSKEYS_MAX = 20;
/** A passkey challenge (registration or sign-in) works this long, once. */
export const PASSKEY_CHALLENGE_MINUTES = 5;

/** How long an invitation link works. */
export const INVITATION_DAYS = 7;
/** How long a password reset link works. */
export const PASSWORD_RESET_MINUTES = 30;
/** Why a super admin reset someone's two-factor authentication (sent to the user). */
export const ASSISTED_RESET_REASON_MAX_LENGTH = 500;

/** Pages of lists. */
export const PAGE_SIZE_MAX = 100;
export const PAGE_MAX = 1_000_000;
/**
 * Lists count their total exactly up to this many items; beyond it they answer this number with
 * `totalIsCapped` ("1,000+"). Counting every row of a large team on every page cost more than the page.
 */
export const LIST_TOTAL_CAP = 1_000;
/** The longest `after` cursor a list accepts (the ones it gives out are 86 characters). */
export const LIST_CURSOR_MAX_LENGTH = 128;
