/**
 * Every error the API answers carries one of these stable codes. The web app turns them into
 * the sentences below; the API uses the same sentences as its default `message`.
 */
export const ErrorCode = {
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  MALFORMED_JSON: 'MALFORMED_JSON',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  TOO_MANY_REQUESTS: 'TOO_MANY_REQUESTS',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',

  INVALID_CREDENTIALS: 'INVALID_CREDENTIALS',
  EMAIL_TAKEN: 'EMAIL_TAKEN',
  LOGIN_LOCKED: 'LOGIN_LOCKED',
  SESSION_EXPIRED: 'SESSION_EXPIRED',
  CROSS_SITE_REQUEST: 'CROSS_SITE_REQUEST',
  WRONG_PASSWORD: 'WRONG_PASSWORD',

  TWO_FACTOR_REQUIRED: 'TWO_FACTOR_REQUIRED',
  TWO_FACTOR_NOT_ENABLED: 'TWO_FACTOR_NOT_ENABLED',
  TWO_FACTOR_LOCKED: 'TWO_FACTOR_LOCKED',
  TWO_FACTOR_SETUP_NOT_STARTED: 'TWO_FACTOR_SETUP_NOT_STARTED',
  INVALID_TWO_FACTOR_CODE: 'INVALID_TWO_FACTOR_CODE',
  CODE_ALREADY_USED: 'CODE_ALREADY_USED',
  CODE_CHECK_BUSY: 'CODE_CHECK_BUSY',
  CODE_RESEND_THROTTLED: 'CODE_RESEND_THROTTLED',
  MAIL_UNAVAILABLE: 'MAIL_UNAVAILABLE',
  EMAIL_CODE_NOT_AVAILABLE: 'EMAIL_CODE_NOT_AVAILABLE',
  NOT_A_LOGIN_CHALLENGE: 'NOT_A_LOGIN_CHALLENGE',

  TEAM_NOT_FOUND: 'TEAM_NOT_FOUND',
  USER_NOT_FOUND: 'USER_NOT_FOUND',
  BUSINESS_NOT_FOUND: 'BUSINESS_NOT_FOUND',
  LEAD_NOT_FOUND: 'LEAD_NOT_FOUND',

  IMPERSONATOR_TWO_FACTOR_DISABLED: 'IMPERSONATOR_TWO_FACTOR_DISABLED',
  IMPERSONATION_SELF: 'IMPERSONATION_SELF',
  IMPERSONATION_TARGET_SUPER_ADMIN: 'IMPERSONATION_TARGET_SUPER_ADMIN',
  IMPERSONATION_TARGET_ADMIN: 'IMPERSONATION_TARGET_ADMIN',
  IMPERSONATION_NESTED: 'IMPERSONATION_NESTED',
  IMPERSONATION_NOT_ALLOWED: 'IMPERSONATION_NOT_ALLOWED',
  IMPERSONATION_TEAM_INVALID: 'IMPERSONATION_TEAM_INVALID',
  IMPERSONATION_ENDED: 'IMPERSONATION_ENDED',
  IMPERSONATION_NOT_FOUND: 'IMPERSONATION_NOT_FOUND',
  FORBIDDEN_DURING_IMPERSONATION: 'FORBIDDEN_DURING_IMPERSONATION',

  ROLE_CHANGE_SELF: 'ROLE_CHANGE_SELF',

  TEAM_OWNER_REQUIRED: 'TEAM_OWNER_REQUIRED',
  NOT_A_TEAM_MEMBER: 'NOT_A_TEAM_MEMBER',
  MEMBER_NOT_FOUND: 'MEMBER_NOT_FOUND',
  LAST_OWNER: 'LAST_OWNER',
  ALREADY_MEMBER: 'ALREADY_MEMBER',
  INVITATION_NOT_FOUND: 'INVITATION_NOT_FOUND',
  INVITATION_EMAIL_MISMATCH: 'INVITATION_EMAIL_MISMATCH',
  SIGN_IN_TO_ACCEPT: 'SIGN_IN_TO_ACCEPT',

  RESET_TOKEN_INVALID: 'RESET_TOKEN_INVALID',
  PASSWORD_RESET_THROTTLED: 'PASSWORD_RESET_THROTTLED',
  SESSION_NOT_FOUND: 'SESSION_NOT_FOUND',

  IMPERSONATION_TEAM_POLICY: 'IMPERSONATION_TEAM_POLICY',
  IMPERSONATION_APPROVAL_REQUIRED: 'IMPERSONATION_APPROVAL_REQUIRED',
  IMPERSONATION_MODE_NOT_GRANTED: 'IMPERSONATION_MODE_NOT_GRANTED',
  READ_ONLY_IMPERSONATION: 'READ_ONLY_IMPERSONATION',
  ACCESS_REQUEST_NOT_FOUND: 'ACCESS_REQUEST_NOT_FOUND',
  ACCESS_REQUEST_NOT_PENDING: 'ACCESS_REQUEST_NOT_PENDING',
  ACCESS_REQUEST_NOT_APPROVED: 'ACCESS_REQUEST_NOT_APPROVED',
  ACCESS_REQUEST_OWN: 'ACCESS_REQUEST_OWN',
  ACCESS_REQUEST_DURATION_TOO_LONG: 'ACCESS_REQUEST_DURATION_TOO_LONG',
  RETURN_NOT_AVAILABLE: 'RETURN_NOT_AVAILABLE',
} as const;

export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

/** Sentences a person can act on, one per code. */
export const errorMessages: Record<ErrorCode, string> = {
  VALIDATION_FAILED: 'Some fields are not valid. Check them and try again.',
  MALFORMED_JSON: 'The request body is not valid JSON.',
  UNSUPPORTED_MEDIA_TYPE: 'The request must be sent as JSON.',
  PAYLOAD_TOO_LARGE: 'The request is too large.',
  NOT_FOUND: 'We could not find what you were looking for.',
  METHOD_NOT_ALLOWED: 'This address does not accept that method; the Allow header lists the ones it does.',
  UNAUTHORIZED: 'Please sign in to continue.',
  FORBIDDEN: 'You do not have permission to do that.',
  TOO_MANY_REQUESTS: 'Too many attempts. Please wait a moment and try again.',
  INTERNAL_ERROR: 'Something went wrong on our side. Please try again.',
  SERVICE_UNAVAILABLE: 'Vantage is temporarily unavailable. Please try again shortly.',

  INVALID_CREDENTIALS: 'The email or password is not correct.',
  EMAIL_TAKEN: 'An account with this email already exists. Try signing in instead.',
  LOGIN_LOCKED: 'Too many failed sign-in attempts for this account. Please wait before trying again.',
  SESSION_EXPIRED: 'Your session has ended. Please sign in again.',
  CROSS_SITE_REQUEST: 'This request came from another site and was refused. Open Vantage directly and try again.',
  WRONG_PASSWORD: 'The password is not correct.',

  TWO_FACTOR_REQUIRED: 'Enter your two-factor code to continue.',
  TWO_FACTOR_NOT_ENABLED: 'Two-factor authentication is not turned on for this account.',
  TWO_FACTOR_LOCKED: 'Too many wrong codes. Two-factor verification is locked for 15 minutes.',
  TWO_FACTOR_SETUP_NOT_STARTED: 'Start the authenticator app setup first.',
  INVALID_TWO_FACTOR_CODE: 'That code is not valid. Check it and try again.',
  CODE_ALREADY_USED: 'That code was already used. Enter a new one: your app’s next code, a new emailed code or another recovery code.',
  CODE_CHECK_BUSY: 'Other codes for this account are being checked right now. Try again in a moment.',
  CODE_RESEND_THROTTLED: 'A code was sent a moment ago. Please wait before asking for a new one.',
  MAIL_UNAVAILABLE: 'We could not send the email right now. Please try again in a few minutes.',
  EMAIL_CODE_NOT_AVAILABLE: 'This account signs in with an authenticator app: enter the code it shows, or one of your recovery codes.',
  NOT_A_LOGIN_CHALLENGE: 'There is no sign-in waiting for a two-factor code. Sign in with your password first.',

  TEAM_NOT_FOUND: 'That team does not exist or you are not a member of it.',
  USER_NOT_FOUND: 'That user does not exist.',
  BUSINESS_NOT_FOUND: 'That business does not exist in your current team.',
  LEAD_NOT_FOUND: 'That lead does not exist in your current team.',

  IMPERSONATOR_TWO_FACTOR_DISABLED: 'Turn on two-factor authentication for your own account before impersonating anyone.',
  IMPERSONATION_SELF: 'You cannot impersonate yourself.',
  IMPERSONATION_TARGET_SUPER_ADMIN: 'Super admins cannot be impersonated.',
  IMPERSONATION_TARGET_ADMIN: 'Only a super admin can impersonate another admin.',
  IMPERSONATION_NESTED: 'You are already impersonating someone. Return to your account first.',
  IMPERSONATION_NOT_ALLOWED: 'This user has switched off support access to their account.',
  IMPERSONATION_TEAM_INVALID: 'The user is not a member of that team.',
  IMPERSONATION_ENDED: 'The impersonation session has ended.',
  IMPERSONATION_NOT_FOUND: 'That impersonation session does not exist.',
  FORBIDDEN_DURING_IMPERSONATION: 'This is not available while you are impersonating a user.',

  ROLE_CHANGE_SELF: 'You cannot change your own role. Ask another super admin to do it.',

  TEAM_OWNER_REQUIRED: 'Only an owner of this team can do that.',
  NOT_A_TEAM_MEMBER: 'You are no longer a member of this team. Switch to another of your teams.',
  MEMBER_NOT_FOUND: 'That person is not a member of this team.',
  LAST_OWNER: 'A team needs at least one owner. Make someone else an owner first.',
  ALREADY_MEMBER: 'This person is already a member of the team.',
  INVITATION_NOT_FOUND: 'This invitation is not valid any more: it was used, withdrawn or has expired. Ask for a new one.',
  INVITATION_EMAIL_MISMATCH: 'This invitation was sent to another email address. Sign in with that address to accept it.',
  SIGN_IN_TO_ACCEPT: 'An account with this email already exists. Sign in to accept the invitation.',

  RESET_TOKEN_INVALID:
    'This password reset link is not valid any more: it was used, replaced by a newer one or has expired. Ask for a new one.',
  PASSWORD_RESET_THROTTLED: 'Too many password reset requests. Please wait before asking again.',
  SESSION_NOT_FOUND: 'That sign-in does not exist or has already ended.',

  IMPERSONATION_TEAM_POLICY: "This team's owners do not allow Vantage support into the team.",
  IMPERSONATION_APPROVAL_REQUIRED: "This team's owners approve support access first. Request access and wait for their answer.",
  IMPERSONATION_MODE_NOT_GRANTED: 'The access you were granted is read-only. Start the session in read-only mode.',
  READ_ONLY_IMPERSONATION: 'This support session is read-only: nothing can be changed.',
  ACCESS_REQUEST_NOT_FOUND: 'That access request does not exist.',
  ACCESS_REQUEST_NOT_PENDING: 'This access request has already been answered.',
  ACCESS_REQUEST_NOT_APPROVED: 'Only approved access that has not run out can be revoked.',
  ACCESS_REQUEST_OWN: 'You cannot answer an access request you made yourself. Another owner or the person concerned decides.',
  ACCESS_REQUEST_DURATION_TOO_LONG: 'Access can be granted for at most the time that was requested.',
  RETURN_NOT_AVAILABLE: 'There is no support session to return from. Sign in to continue with your own account.',
};

export function messageForErrorCode(code: string | undefined): string | undefined {
  return code && code in errorMessages ? errorMessages[code as ErrorCode] : undefined;
}
