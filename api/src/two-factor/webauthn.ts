import { ValidateBy } from 'class-validator';

/**
 * The relying party is Vantage at APP_URL (SPEC §11): its host name is the rpID that passkeys are
 * bound to, and its origin the only one whose signed client data is accepted.
 */
export interface RelyingParty {
  id: string;
  origin: string;
  name: string;
}

export function relyingPartyOf(appUrl: string): RelyingParty {
  const url = new URL(appUrl);
  return { id: url.hostname, origin: url.origin, name: 'Vantage' };
}

const BASE64URL = /^[A-Za-z0-9_-]*$/;
/** A challenge this API issues is 43 characters (32 bytes); anything much longer is not one of ours. */
const CHALLENGE_MAX_LENGTH = 128;

/** The challenge a response's client data answers (base64url), or null when there is none to read. */
export function challengeOf(clientDataJSON: string): string | null {
  try {
    const clientData: unknown = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
    const challenge = (clientData as { challenge?: unknown } | null)?.challenge;
    return typeof challenge === 'string' && challenge.length > 0 && challenge.length <= CHALLENGE_MAX_LENGTH && BASE64URL.test(challenge)
      ? challenge
      : null;
  } catch {
    return null;
  }
}

/** Per field of a WebAuthn response: required or not, and the longest base64url text accepted. */
type Shape = Record<string, { required: boolean; max: number; kind?: 'base64url' | 'transports' | 'integer' | 'attachment' }>;

const CREDENTIAL_ID_MAX = 1400;
const ASSERTION_SHAPE: Shape = {
  clientDataJSON: { required: true, max: 4096 },
  authenticatorData: { required: true, max: 4096 },
  signature: { required: true, max: 1024 },
  userHandle: { required: false, max: 128 },
};
const ATTESTATION_SHAPE: Shape = {
  clientDataJSON: { required: true, max: 4096 },
  attestationObject: { required: true, max: 32_768 },
  authenticatorData: { required: false, max: 16_384 },
  publicKey: { required: false, max: 4096 },
  publicKeyAlgorithm: { required: false, max: 0, kind: 'integer' },
  transports: { required: false, max: 0, kind: 'transports' },
};

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The fields of a registration or authentication response's JSON (outside `response`). */
const RESPONSE_JSON_FIELDS = new Set(['id', 'rawId', 'type', 'response', 'clientExtensionResults', 'authenticatorAttachment']);

/**
 * What is wrong with a WebAuthn response JSON (the browser's `toJSON()` form), or null: its fields,
 * their types and base64url text, and nothing else. The signature and the rest are SimpleWebAuthn's
 * to verify; this keeps malformed input a 400 that names the field.
 */
export function webAuthnResponseProblem(value: unknown, kind: 'assertion' | 'attestation'): string | null {
  if (!isObject(value)) return 'must be an object';
  // Own keys only: a lookup on a plain object would also find `constructor`, `toString`… on its prototype.
  const unknown = Object.keys(value).find((key) => !RESPONSE_JSON_FIELDS.has(key));
  if (unknown) return `has a field "${unknown}" that is not accepted`;
  for (const key of ['id', 'rawId'] as const) {
    const text = value[key];
    if (typeof text !== 'string' || text.length === 0 || text.length > CREDENTIAL_ID_MAX || !BASE64URL.test(text))
      return `${key} must be base64url text of at most ${CREDENTIAL_ID_MAX} characters`;
  }
  if (value.type !== 'public-key') return 'type must be "public-key"';
  if (!isObject(value.clientExtensionResults)) return 'clientExtensionResults must be an object';
  if (
    value.authenticatorAttachment !== undefined &&
    value.authenticatorAttachment !== 'platform' &&
    value.authenticatorAttachment !== 'cross-platform'
  )
    return 'authenticatorAttachment must be "platform" or "cross-platform"';
  if (!isObject(value.response)) return 'response must be an object';
  const shape = kind === 'assertion' ? ASSERTION_SHAPE : ATTESTATION_SHAPE;
  const response = value.response;
  const extra = Object.keys(response).find((key) => !Object.hasOwn(shape, key));
  if (extra) return `response has a field "${extra}" that is not accepted`;
  for (const [field, rule] of Object.entries(shape)) {
    const value_ = response[field];
    if (value_ === undefined) {
      if (rule.required) return `response.${field} is required`;
      continue;
    }
    if (rule.kind === 'integer') {
      if (!Number.isInteger(value_)) return `response.${field} must be an integer`;
    } else if (rule.kind === 'transports') {
      if (!Array.isArray(value_) || value_.length > 10 || !value_.every((t) => typeof t === 'string' && /^[a-z-]{1,16}$/.test(t)))
        return `response.${field} must be a list of transport names`;
    } else if (
      typeof value_ !== 'string' ||
      value_.length > rule.max ||
      !BASE64URL.test(value_) ||
      (rule.required && value_.length === 0)
    ) {
      return `response.${field} must be base64url text of at most ${rule.max} characters`;
    }
  }
  return null;
}

/** class-validator rule for a body field carrying a WebAuthn response JSON. */
export function WebAuthnResponseField(kind: 'assertion' | 'attestation'): PropertyDecorator {
  return ValidateBy({
    name: 'isObject',
    validator: {
      validate: (value: unknown) => webAuthnResponseProblem(value, kind) === null,
      defaultMessage: (args) => webAuthnResponseProblem(args?.value, kind) ?? 'is not valid',
    },
  });
}
