import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import type { PasskeyAssertion, PasskeyRegistrationResponse } from '@vantage/contracts';

/**
 * A software passkey for HTTP tests, built from Node's crypto: one ES256 (P-256) credential that
 * answers WebAuthn registration ("none" attestation) and authentication the way a browser and an
 * authenticator together would, with knobs to misbehave (another origin or rpID, a chosen counter).
 */

type Cbor = number | string | Uint8Array | Map<Cbor, Cbor> | { [key: string]: Cbor };

/** The CBOR (RFC 8949) this needs: integers, byte and text strings, maps — definite lengths only. */
export function cbor(value: Cbor): Buffer {
  const head = (major: number, length: number): Buffer => {
    if (length < 24) return Buffer.from([(major << 5) | length]);
    if (length < 0x100) return Buffer.from([(major << 5) | 24, length]);
    if (length < 0x10000) return Buffer.from([(major << 5) | 25, length >> 8, length & 0xff]);
    const b = Buffer.alloc(5);
    b[0] = (major << 5) | 26;
    b.writeUInt32BE(length, 1);
    return b;
  };
  if (typeof value === 'number') return value >= 0 ? head(0, value) : head(1, -1 - value);
  if (typeof value === 'string') {
    const text = Buffer.from(value, 'utf8');
    return Buffer.concat([head(3, text.length), text]);
  }
  if (value instanceof Uint8Array) return Buffer.concat([head(2, value.length), Buffer.from(value)]);
  const entries: [Cbor, Cbor][] = value instanceof Map ? [...value.entries()] : Object.entries(value);
  return Buffer.concat([head(5, entries.length), ...entries.flatMap(([k, v]) => [cbor(k), cbor(v)])]);
}

const FLAG_USER_PRESENT = 0x01;
const FLAG_USER_VERIFIED = 0x04;
const FLAG_ATTESTED_CREDENTIAL_DATA = 0x40;

export interface Ceremony {
  /** Default: the authenticator's origin (the app's APP_URL). */
  origin?: string;
  /** Default: the authenticator's rpID (APP_URL's host). */
  rpId?: string;
  /** Default: the next counter value (one more than the last signed). */
  counter?: number;
  /** Registration: the credential id written in the authenticator data (default: this passkey's, as `id` says). */
  credentialId?: Buffer;
  /** Default: true (the UP and UV flags; a real authenticator sets them once the person touched it). */
  userPresent?: boolean;
}

export class SoftwarePasskey {
  readonly credentialId = randomBytes(16);
  /** The last counter value signed. */
  counter = 0;
  private readonly privateKey: KeyObject;
  private readonly cosePublicKey: Buffer;

  constructor(
    private readonly origin: string,
    private readonly rpId: string = new URL(origin).hostname,
  ) {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    this.privateKey = privateKey;
    const jwk = publicKey.export({ format: 'jwk' });
    // COSE_Key (RFC 9053): kty EC2, alg ES256, crv P-256, x, y.
    this.cosePublicKey = cbor(
      new Map<Cbor, Cbor>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x!, 'base64url')],
        [-3, Buffer.from(jwk.y!, 'base64url')],
      ]),
    );
  }

  static forApp(appUrl: string): SoftwarePasskey {
    return new SoftwarePasskey(new URL(appUrl).origin);
  }

  get id(): string {
    return this.credentialId.toString('base64url');
  }

  /** What startRegistration() would answer for options with this challenge. */
  register(challenge: string, ceremony: Ceremony = {}): PasskeyRegistrationResponse {
    const counter = ceremony.counter ?? this.counter;
    const credentialId = ceremony.credentialId ?? this.credentialId;
    const credentialData = Buffer.concat([Buffer.alloc(16), u16(credentialId.length), credentialId, this.cosePublicKey]);
    const authData = this.authenticatorData(ceremony, this.presence(ceremony) | FLAG_ATTESTED_CREDENTIAL_DATA, counter, credentialData);
    const attestationObject = cbor({ fmt: 'none', attStmt: {}, authData });
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: this.clientData('webauthn.create', challenge, ceremony).toString('base64url'),
        attestationObject: attestationObject.toString('base64url'),
        transports: ['internal'],
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  /** What startAuthentication() would answer for options with this challenge; the counter moves on unless set. */
  assert(challenge: string, ceremony: Ceremony = {}): PasskeyAssertion {
    const counter = ceremony.counter ?? this.counter + 1;
    if (ceremony.counter === undefined) this.counter = counter;
    const authData = this.authenticatorData(ceremony, this.presence(ceremony), counter);
    const clientDataJSON = this.clientData('webauthn.get', challenge, ceremony);
    const signature = sign('sha256', Buffer.concat([authData, createHash('sha256').update(clientDataJSON).digest()]), this.privateKey);
    return {
      id: this.id,
      rawId: this.id,
      type: 'public-key',
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
      },
      authenticatorAttachment: 'platform',
      clientExtensionResults: {},
    };
  }

  /** UP and UV, or neither (nobody touched the authenticator). */
  private presence(ceremony: Ceremony): number {
    return ceremony.userPresent === false ? 0 : FLAG_USER_PRESENT | FLAG_USER_VERIFIED;
  }

  private authenticatorData(ceremony: Ceremony, flags: number, counter: number, attested: Buffer = Buffer.alloc(0)): Buffer {
    const rpIdHash = createHash('sha256')
      .update(ceremony.rpId ?? this.rpId)
      .digest();
    const count = Buffer.alloc(4);
    count.writeUInt32BE(counter);
    return Buffer.concat([rpIdHash, Buffer.from([flags]), count, attested]);
  }

  private clientData(type: string, challenge: string, ceremony: Ceremony): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: ceremony.origin ?? this.origin, crossOrigin: false }));
  }
}

function u16(n: number): Buffer {
  return Buffer.from([n >> 8, n & 0xff]);
}
