import {
  ErrorCode,
  messageForErrorCode,
  type ApiError,
  type AuthResponse,
  type ReturnFromImpersonationResponse,
  type TeamRequiringTwoFactor,
} from '@vantage/contracts';

/** Everything the API serves lives under this prefix on the SPA's own origin. */
export const API_BASE_PATH = '/api';

/** Not an API code: the request never got an answer (offline, server down, proxy error page). */
export const NETWORK_ERROR_CODE = 'NETWORK_ERROR';
const NETWORK_ERROR_SENTENCE = 'We could not reach Vantage. Check your connection and try again.';

/**
 * 401 codes that mean "your access token is no longer good" — worth one silent refresh.
 * Other 401s (a wrong 2FA code, a wrong password, an ended impersonation) are answers, not expiry.
 */
const REFRESHABLE_UNAUTHORIZED_CODES = new Set<string>([ErrorCode.UNAUTHORIZED, ErrorCode.SESSION_EXPIRED]);

/**
 * The access token lives only in this module: never in localStorage or a cookie a script can read,
 * so an XSS payload cannot lift a long-lived credential. A page reload restores it from the
 * httpOnly refresh cookie via `refreshSession()`.
 */
let accessToken: string | null = null;

export function setAccessToken(token: string | null): void {
  accessToken = token;
}

export function getAccessToken(): string | null {
  return accessToken;
}

/** `impersonation-expired`: the support session's 30 minutes ran out (the SPA's own clock says so). */
export type SessionEndReason = 'session-expired' | 'impersonation-ended' | 'impersonation-expired';

export type SessionEvent =
  | { type: 'refreshed'; auth: AuthResponse }
  | { type: 'ended'; reason: SessionEndReason }
  | { type: 'returned'; auth: ReturnFromImpersonationResponse }
  /** The current team now requires 2FA this person has not set up (it may have been switched on since /auth/me was read). */
  | { type: 'team-requires-two-factor'; team: TeamRequiringTwoFactor };

type SessionListener = (event: SessionEvent) => void;
const sessionListeners = new Set<SessionListener>();

/**
 * The current-user provider listens here: the client refreshes tokens and notices dead sessions
 * on any request, and the UI has to follow (new user data, or back to sign-in).
 */
export function subscribeToSessionEvents(listener: SessionListener): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

function emitSessionEvent(event: SessionEvent): void {
  for (const listener of sessionListeners) listener(event);
}

export interface ApiClientErrorInit {
  status: number;
  code: string;
  sentence: string;
  fieldErrors?: Record<string, string>;
  retryAfterSeconds?: number | null;
  details?: TeamRequiringTwoFactor | null;
}

/** A failed API call, already translated into something the UI can show. */
export class ApiClientError extends Error {
  readonly status: number;
  /** The API's stable error code (see `ErrorCode`), or `NETWORK_ERROR`. Never shown to people. */
  readonly code: string;
  /** A sentence a person can act on. */
  readonly sentence: string;
  /** Field name → message, for errors that belong next to an input. */
  readonly fieldErrors: Record<string, string>;
  /** From the `Retry-After` header on 429 answers, in seconds. */
  readonly retryAfterSeconds: number | null;
  /** On TEAM_REQUIRES_TWO_FACTOR and TWO_FACTOR_REQUIRED_BY_TEAM: the team that requires two-factor authentication. */
  readonly details: TeamRequiringTwoFactor | null;

  constructor(init: ApiClientErrorInit) {
    super(init.sentence);
    this.name = 'ApiClientError';
    this.status = init.status;
    this.code = init.code;
    this.sentence = init.sentence;
    this.fieldErrors = init.fieldErrors ?? {};
    this.retryAfterSeconds = init.retryAfterSeconds ?? null;
    this.details = init.details ?? null;
  }
}

export function isApiClientError(error: unknown): error is ApiClientError {
  return error instanceof ApiClientError;
}

/** The sentence to show for any thrown value; unknown errors get a generic but honest one. */
export function errorSentence(error: unknown): string {
  if (isApiClientError(error)) return error.sentence;
  return messageForErrorCode(ErrorCode.INTERNAL_ERROR) ?? 'Something went wrong. Please try again.';
}

type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface ApiRequestOptions {
  method?: HttpMethod;
  body?: unknown;
  query?: Record<string, string | number | boolean | null | undefined>;
  signal?: AbortSignal;
  /**
   * Send this bearer token instead of the session's. Used by the 2FA step, whose limited token
   * must not become the app's session token before the code is accepted.
   */
  token?: string;
}

/** Calls the API and returns the parsed JSON body (undefined for 204). Throws `ApiClientError`. */
export async function apiRequest<T>(path: string, options: ApiRequestOptions = {}): Promise<T> {
  const usesSessionToken = options.token === undefined;
  const tokenSent = usesSessionToken ? accessToken : options.token;
  const response = await send(path, options, tokenSent);
  if (response.ok) return parseBody<T>(response);

  const error = await toApiClientError(response);

  // Wherever it is met, the app takes the person to set up 2FA (the current user provider follows this).
  if (error.status === 403 && error.code === ErrorCode.TEAM_REQUIRES_TWO_FACTOR && error.details) {
    emitSessionEvent({ type: 'team-requires-two-factor', team: error.details });
    throw error;
  }

  if (error.status === 401 && error.code === ErrorCode.IMPERSONATION_ENDED) {
    await followEndedImpersonation(tokenSent ?? null);
    throw error;
  }

  const sessionTokenExpired =
    usesSessionToken && tokenSent !== null && error.status === 401 && REFRESHABLE_UNAUTHORIZED_CODES.has(error.code);
  if (!sessionTokenExpired) throw error;

  // Another request may already have refreshed while this one was in flight: then just retry.
  const tokenChangedMeanwhile = accessToken !== null && accessToken !== tokenSent;
  const refreshed = tokenChangedMeanwhile ? null : await refreshSessionQuietly();
  if (refreshed && isSessionEnded(refreshed)) {
    if (refreshed.ended === 'impersonation-ended' && (await returnFromEndedImpersonation())) throw error;
    setAccessToken(null);
    emitSessionEvent({ type: 'ended', reason: refreshed.ended });
    throw error;
  }
  const renewed = refreshed ? refreshed.accessToken : accessToken!;

  const retried = await send(path, options, renewed);
  if (retried.ok) return parseBody<T>(retried);
  const retryError = await toApiClientError(retried);
  if (retryError.status === 401 && retryError.code === ErrorCode.IMPERSONATION_ENDED) {
    await followEndedImpersonation(renewed);
    throw retryError;
  }
  if (retryError.status === 401) {
    setAccessToken(null);
    emitSessionEvent({
      type: 'ended',
      reason: retryError.code === ErrorCode.IMPERSONATION_ENDED ? 'impersonation-ended' : 'session-expired',
    });
  }
  throw retryError;
}

/**
 * The support session this tab was using has ended. Every tab shares the refresh cookie: when it ended by
 * "Return to my account" (in another tab, or a first click whose answer came back before this one), the
 * cookie already holds the admin's own session, and the app carries on in it. When someone else ended it
 * (the person, a super admin, a revoked access, its time), the API gives the admin their own session back
 * once (`POST /auth/return`). Only when neither works does the session end here.
 */
async function followEndedImpersonation(tokenSent: string | null): Promise<void> {
  // Another request of this tab already moved on (returned, or refreshed into the admin's session).
  if (accessToken !== null && accessToken !== tokenSent) return;
  const successor = await refreshSessionQuietly();
  if (!isSessionEnded(successor) && !successor.user.impersonatedBy) return;
  if (await returnFromEndedImpersonation()) return;
  setAccessToken(null);
  emitSessionEvent({ type: 'ended', reason: 'impersonation-ended' });
}

let returnInFlight: Promise<ReturnFromImpersonationResponse | null> | null = null;

/**
 * Asks for the admin's own session back after their support session was ended by someone else, with the
 * refresh cookie. The API answers it once per session, so requests that find the session over at the same
 * time share one call. Resolves to null when there is nothing to return to (then sign-in is the way back).
 */
export function returnFromEndedImpersonation(): Promise<ReturnFromImpersonationResponse | null> {
  returnInFlight ??= (async () => {
    try {
      const response = await send('/auth/return', { method: 'POST' }, null);
      if (!response.ok) return null;
      const returned = await parseBody<ReturnFromImpersonationResponse>(response);
      setAccessToken(returned.accessToken);
      emitSessionEvent({ type: 'returned', auth: returned });
      return returned;
    } catch {
      return null;
    } finally {
      returnInFlight = null;
    }
  })();
  return returnInFlight;
}

/** No session to restore, and why: an impersonation that ended, or anything else (no cookie, expired, revoked). */
export interface SessionEnded {
  ended: SessionEndReason;
}

export function isSessionEnded(outcome: AuthResponse | SessionEnded): outcome is SessionEnded {
  return 'ended' in outcome;
}

let refreshInFlight: Promise<AuthResponse | SessionEnded> | null = null;

/**
 * Exchanges the httpOnly refresh cookie for a new access token.
 * Resolves to SessionEnded when there is no valid session (401/403) — `impersonation-ended` when the
 * cookie belonged to an impersonation that is over — and throws when the API cannot be reached.
 * Concurrent callers share one request.
 */
export function refreshSession(): Promise<AuthResponse | SessionEnded> {
  refreshInFlight ??= (async () => {
    try {
      const response = await send('/auth/refresh', { method: 'POST' }, null);
      if (response.status === 401 || response.status === 403) {
        const refusal = await toApiClientError(response);
        return { ended: refusal.code === ErrorCode.IMPERSONATION_ENDED ? 'impersonation-ended' : 'session-expired' } satisfies SessionEnded;
      }
      if (!response.ok) throw await toApiClientError(response);
      const auth = await parseBody<AuthResponse>(response);
      setAccessToken(auth.accessToken);
      emitSessionEvent({ type: 'refreshed', auth });
      return auth;
    } finally {
      refreshInFlight = null;
    }
  })();
  return refreshInFlight;
}

async function refreshSessionQuietly(): Promise<AuthResponse | SessionEnded> {
  try {
    return await refreshSession();
  } catch {
    return { ended: 'session-expired' };
  }
}

async function send(path: string, options: ApiRequestOptions, token: string | null | undefined): Promise<Response> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';
  if (token) headers.Authorization = `Bearer ${token}`;
  try {
    return await fetch(buildUrl(path, options.query), {
      method: options.method ?? 'GET',
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      // The refresh cookie is httpOnly and scoped to the API: it must travel, but only to our origin.
      credentials: 'same-origin',
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiClientError({ status: 0, code: NETWORK_ERROR_CODE, sentence: NETWORK_ERROR_SENTENCE });
  }
}

function buildUrl(path: string, query: ApiRequestOptions['query']): string {
  const url = `${API_BASE_PATH}${path.startsWith('/') ? path : `/${path}`}`;
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(key, String(value));
  }
  const search = params.toString();
  return search ? `${url}?${search}` : url;
}

async function parseBody<T>(response: Response): Promise<T> {
  if (response.status === 204) return undefined as T;
  const text = await response.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Codes used when an error answer has no JSON body (e.g. a gateway page instead of the API). */
function fallbackCodeForStatus(status: number): ErrorCode {
  if (status === 400) return ErrorCode.VALIDATION_FAILED;
  if (status === 401) return ErrorCode.UNAUTHORIZED;
  if (status === 403) return ErrorCode.FORBIDDEN;
  if (status === 404) return ErrorCode.NOT_FOUND;
  if (status === 413) return ErrorCode.PAYLOAD_TOO_LARGE;
  if (status === 429) return ErrorCode.TOO_MANY_REQUESTS;
  if (status === 502 || status === 503 || status === 504) return ErrorCode.SERVICE_UNAVAILABLE;
  return ErrorCode.INTERNAL_ERROR;
}

async function toApiClientError(response: Response): Promise<ApiClientError> {
  let body: Partial<ApiError> | null = null;
  try {
    const parsed: unknown = JSON.parse(await response.text());
    if (parsed && typeof parsed === 'object') body = parsed;
  } catch {
    body = null;
  }
  const code = typeof body?.code === 'string' && body.code ? body.code : fallbackCodeForStatus(response.status);
  const serverMessage = typeof body?.message === 'string' && body.message ? body.message : undefined;
  const baseSentence =
    messageForErrorCode(code) ??
    serverMessage ??
    messageForErrorCode(fallbackCodeForStatus(response.status)) ??
    'Something went wrong. Please try again.';
  // A wrong 2FA code says how close the lock is, wherever a code is typed (sign-in, impersonation, settings).
  const attemptsLeft = typeof body?.attemptsLeft === 'number' ? body.attemptsLeft : null;
  const sentence = attemptsLeft === null ? baseSentence : `${baseSentence} ${attemptsLeftSentence(attemptsLeft)}`;

  const fieldErrors: Record<string, string> = {};
  if (Array.isArray(body?.errors)) {
    for (const entry of body.errors) {
      if (entry && typeof entry.field === 'string' && typeof entry.message === 'string' && !fieldErrors[entry.field]) {
        fieldErrors[entry.field] = entry.message;
      }
    }
  }

  const given = body?.details;
  const details = given && typeof given.teamId === 'string' && typeof given.teamName === 'string' ? given : null;
  return new ApiClientError({
    status: response.status,
    code,
    sentence: (details && teamTwoFactorSentence(code, details.teamName)) ?? sentence,
    fieldErrors,
    retryAfterSeconds: parseRetryAfter(response.headers.get('Retry-After')),
    details,
  });
}

/** The catalogue's sentence for a team's two-factor requirement, naming the team the answer names. */
function teamTwoFactorSentence(code: string, teamName: string): string | null {
  if (code === ErrorCode.TEAM_REQUIRES_TWO_FACTOR) {
    return `${teamName} requires two-factor authentication for its members. Set it up to continue, or switch to another team.`;
  }
  if (code === ErrorCode.TWO_FACTOR_REQUIRED_BY_TEAM) {
    return `${teamName} requires two-factor authentication for its members, so you cannot turn yours off. Leave that team, or ask its owners to stop requiring it, first.`;
  }
  return null;
}

const attemptCount = new Intl.PluralRules('en');

/** "2 attempts left before a short lock." — the words for `attemptsLeft` on a wrong 2FA code. */
export function attemptsLeftSentence(attemptsLeft: number): string {
  if (attemptsLeft === 0) return 'The next wrong code locks two-factor sign-in for a while.';
  return `${attemptsLeft} ${attemptCount.select(attemptsLeft) === 'one' ? 'attempt' : 'attempts'} left before a short lock.`;
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | null {
  if (!value) return null;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const date = Date.parse(trimmed);
  if (Number.isNaN(date)) return null;
  return Math.max(0, Math.ceil((date - now) / 1000));
}

export const api = {
  get: <T>(path: string, options?: Omit<ApiRequestOptions, 'method' | 'body'>) => apiRequest<T>(path, { ...options, method: 'GET' }),
  post: <T>(path: string, body?: unknown, options?: Omit<ApiRequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'POST', body }),
  put: <T>(path: string, body?: unknown, options?: Omit<ApiRequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'PUT', body }),
  patch: <T>(path: string, body?: unknown, options?: Omit<ApiRequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'PATCH', body }),
  delete: <T>(path: string, body?: unknown, options?: Omit<ApiRequestOptions, 'method' | 'body'>) =>
    apiRequest<T>(path, { ...options, method: 'DELETE', body }),
};
