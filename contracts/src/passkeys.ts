/**
 * Passkeys (WebAuthn, SPEC §11): a second factor beside the account's email or authenticator-app codes.
 * The options and responses are WebAuthn's JSON forms, as `@simplewebauthn/browser` reads and writes
 * them (`startRegistration({ optionsJSON })` → a registration response; `startAuthentication` → an
 * assertion); the shapes below are the parts the API uses, so the browser library's types fit them.
 */

export type PasskeyTransport = 'ble' | 'cable' | 'hybrid' | 'internal' | 'nfc' | 'smart-card' | 'usb';
export type PasskeyUserVerification = 'discouraged' | 'preferred' | 'required';

/** One of my passkeys as the profile lists it. `lastUsedAt`: its last accepted assertion, else null. */
export interface Passkey {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string | null;
}

export interface PasskeyList {
  items: Passkey[];
}

export interface PasskeyCredentialDescriptor {
  id: string;
  type: 'public-key';
  transports?: PasskeyTransport[];
}

/** `POST /user/passkeys/options`: WebAuthn creation options (the challenge is single use, 5 minutes). */
export interface PasskeyRegistrationOptions {
  rp: { id?: string; name: string };
  user: { id: string; name: string; displayName: string };
  challenge: string;
  pubKeyCredParams: { alg: number; type: 'public-key' }[];
  timeout?: number;
  /** The account's passkeys already registered, so an authenticator is not registered twice. */
  excludeCredentials?: PasskeyCredentialDescriptor[];
  authenticatorSelection?: {
    authenticatorAttachment?: 'platform' | 'cross-platform';
    requireResidentKey?: boolean;
    residentKey?: 'discouraged' | 'preferred' | 'required';
    userVerification?: PasskeyUserVerification;
  };
  attestation?: 'none' | 'indirect' | 'direct' | 'enterprise';
}

/** `POST /2fa/passkey-options`: WebAuthn request options for my passkeys (single use, 5 minutes, bound to me). */
export interface PasskeyAuthenticationOptions {
  challenge: string;
  timeout?: number;
  rpId?: string;
  allowCredentials?: PasskeyCredentialDescriptor[];
  userVerification?: PasskeyUserVerification;
}

/** What `startRegistration` answers (base64url strings), sent back in `POST /user/passkeys`. */
export interface PasskeyRegistrationResponse {
  id: string;
  rawId: string;
  type: 'public-key';
  response: {
    clientDataJSON: string;
    attestationObject: string;
    authenticatorData?: string;
    transports?: string[];
    publicKeyAlgorithm?: number;
    publicKey?: string;
  };
  authenticatorAttachment?: 'platform' | 'cross-platform';
  clientExtensionResults: object;
}

/** What `startAuthentication` answers: an assertion, sent as `passkey` in place of a code. */
export interface PasskeyAssertion {
  id: string;
  rawId: string;
  type: 'public-key';
  response: {
    clientDataJSON: string;
    authenticatorData: string;
    signature: string;
    userHandle?: string;
  };
  authenticatorAttachment?: 'platform' | 'cross-platform';
  clientExtensionResults: object;
}
