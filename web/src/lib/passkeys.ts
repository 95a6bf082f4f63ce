import {
  PASSKEY_CHALLENGE_MINUTES,
  type PasskeyAssertion,
  type PasskeyAuthenticationOptions,
  type PasskeyRegistrationOptions,
  type PasskeyRegistrationResponse,
} from '@vantage/contracts';
import { api } from './api-client';
import { describeUserAgent, UNKNOWN_DEVICE } from './describe-user-agent';

/**
 * The browser's side of passkeys (WebAuthn), through @simplewebauthn/browser. The library is loaded
 * with `import()` the first time a passkey control is shown, never with the app's first page: most
 * visits never touch a passkey, and the first page's JavaScript has a budget.
 */
function loadWebAuthn() {
  return import('@simplewebauthn/browser');
}

/**
 * Options (a challenge) are asked for when a passkey control appears, not at the click: Safari opens
 * the passkey prompt only close to the click that asked for it, and a request in between can lose it.
 * A challenge is used a little before it expires, so it cannot run out while the prompt is open.
 */
export const PASSKEY_OPTIONS_FRESH_MS = (PASSKEY_CHALLENGE_MINUTES * 60 - 60) * 1000;

/** Query settings for options asked for ahead of the click: once, kept only while fresh, never retried on their own. */
export const PASSKEY_OPTIONS_QUERY = { staleTime: PASSKEY_OPTIONS_FRESH_MS, gcTime: 0, retry: false, refetchOnWindowFocus: false } as const;

/** Options read ahead of the click, while unused and fresh; else undefined (the caller asks for new ones first). */
export function readyPasskeyOptions<T>(query: { data: T | undefined; isFetching: boolean; dataUpdatedAt: number }): T | undefined {
  if (query.data === undefined || query.isFetching) return undefined;
  return Date.now() - query.dataUpdatedAt < PASSKEY_OPTIONS_FRESH_MS ? query.data : undefined;
}

/** Starts loading the library early (a passkey button is on screen), so a click reaches the browser's prompt without waiting. */
export function preloadPasskeys(): void {
  void loadWebAuthn().catch(() => undefined);
}

/** The browser can create and use passkeys at all (the same test the library makes, without loading it). */
export function browserSupportsPasskeys(): boolean {
  return typeof window !== 'undefined' && typeof window.PublicKeyCredential === 'function';
}

/** What went wrong between the page and the browser's passkey prompt, in words a person can act on. */
export type PasskeyProblemKind = 'cancelled' | 'unsupported' | 'already-registered' | 'failed';

/** Thrown by `createPasskey` and `signWithPasskey` instead of the browser's own errors. */
export class PasskeyProblem extends Error {
  constructor(
    readonly kind: PasskeyProblemKind,
    readonly sentence: string,
  ) {
    super(sentence);
    this.name = 'PasskeyProblem';
  }
}

export function isPasskeyProblem(error: unknown): error is PasskeyProblem {
  return error instanceof PasskeyProblem;
}

const UNSUPPORTED_SENTENCE = 'This browser cannot use passkeys. Try a recent version of Chrome, Edge, Firefox or Safari.';

/** The browser's own error name (NotAllowedError…), which the library keeps as `cause` of its WebAuthnError. */
function nameOfCause(error: unknown): string {
  const named = (value: unknown): string | null =>
    typeof value === 'object' && value !== null && typeof (value as { name?: unknown }).name === 'string'
      ? (value as { name: string }).name
      : null;
  return named((error as { cause?: unknown } | null)?.cause) ?? named(error) ?? '';
}

/**
 * The browser reports a closed prompt, a timeout and "no passkey of yours on this device" alike as
 * NotAllowedError (on purpose: a page must not learn which passkeys a device holds), so all three
 * get one calm sentence that says what to do next.
 */
function toProblem(error: unknown, ceremony: 'create' | 'use'): PasskeyProblem {
  const code = (error as { code?: string } | null)?.code;
  const name = nameOfCause(error);
  if (name === 'NotAllowedError' || name === 'AbortError' || code === 'ERROR_CEREMONY_ABORTED') {
    return new PasskeyProblem(
      'cancelled',
      ceremony === 'create'
        ? 'No passkey was added: the browser’s prompt was closed or timed out. You can try again.'
        : 'The passkey prompt was closed or timed out, or this device has no passkey for your account. Try again, or use a code instead.',
    );
  }
  if (code === 'ERROR_AUTHENTICATOR_PREVIOUSLY_REGISTERED') {
    return new PasskeyProblem('already-registered', 'This device or security key already holds a passkey for your account.');
  }
  if (code === 'ERROR_INVALID_DOMAIN' || code === 'ERROR_INVALID_RP_ID' || name === 'SecurityError') {
    return new PasskeyProblem('unsupported', 'Passkeys only work on Vantage’s own secure address (https), not on this one.');
  }
  return new PasskeyProblem(
    'failed',
    ceremony === 'create'
      ? 'The browser could not create a passkey. Try again, or use another device or security key.'
      : 'The browser could not use your passkey. Try again, or use a code instead.',
  );
}

/** The browser's prompt to create a passkey, from the API's registration options. */
export async function createPasskey(optionsJSON: PasskeyRegistrationOptions): Promise<PasskeyRegistrationResponse> {
  if (!browserSupportsPasskeys()) throw new PasskeyProblem('unsupported', UNSUPPORTED_SENTENCE);
  const { startRegistration } = await loadWebAuthn();
  try {
    return await startRegistration({ optionsJSON });
  } catch (error) {
    throw toProblem(error, 'create');
  }
}

/** The browser's prompt to sign with one of the person's passkeys, from the API's authentication options. */
export async function signWithPasskey(optionsJSON: PasskeyAuthenticationOptions): Promise<PasskeyAssertion> {
  if (!browserSupportsPasskeys()) throw new PasskeyProblem('unsupported', UNSUPPORTED_SENTENCE);
  const { startAuthentication } = await loadWebAuthn();
  try {
    return await startAuthentication({ optionsJSON });
  } catch (error) {
    throw toProblem(error, 'use');
  }
}

/**
 * `POST /2fa/passkey-options`: a challenge for my passkeys (single use, PASSKEY_CHALLENGE_MINUTES, bound
 * to me), with them listed in `allowCredentials`. `token`: the sign-in step's limited token; without
 * it, the session's (a step-up such as impersonating). 4xx NO_PASSKEYS when there is none.
 */
export function getPasskeyOptions(token?: string): Promise<PasskeyAuthenticationOptions> {
  return api.post<PasskeyAuthenticationOptions>('/2fa/passkey-options', undefined, token === undefined ? {} : { token });
}

/** The options name at least one passkey (the API lists them all in `allowCredentials`). */
export function optionsOfferAPasskey(options: PasskeyAuthenticationOptions | undefined): boolean {
  return (options?.allowCredentials?.length ?? 0) > 0;
}

/** A name for a new passkey that the person will recognise in the list: "Chrome on macOS", else "My passkey". */
export function suggestedPasskeyName(userAgent: string = typeof navigator === 'undefined' ? '' : navigator.userAgent): string {
  const device = describeUserAgent(userAgent);
  return device === UNKNOWN_DEVICE ? 'My passkey' : device;
}
