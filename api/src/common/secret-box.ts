import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;

/**
 * Authenticated encryption for secrets at rest (TOTP seeds, queued mail): AES-256-GCM, a fresh random
 * IV per message, the auth tag checked on open. `context` is bound as associated data, so a
 * ciphertext copied into another user's row does not decrypt there.
 *
 * Format: `v1.<iv>.<tag>.<ciphertext>`, each part base64url.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('SecretBox needs a 32-byte key');
  }

  seal(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [VERSION, iv, cipher.getAuthTag(), ciphertext]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** Throws if the value was altered, sealed with another key, or sealed for another context. */
  open(sealed: string, context: string): string {
    const [version, iv, tag, ciphertext] = sealed.split('.');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) throw new Error('Not a sealed value');
    const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  }
}

/**
 * Keyed hashing for one-time codes (email codes, recovery codes): HMAC-SHA-256, hex. A leaked
 * table is useless without the key — six digits would otherwise fall to brute force at once.
 */
export class CodeHasher {
  constructor(private readonly key: Buffer) {}

  hash(...parts: string[]): string {
    return createHmac('sha256', this.key).update(parts.join('\u0000')).digest('hex');
  }
}

/**
 * Separate keys per use, derived from the one configured ENCRYPTION_KEY (HKDF-SHA-256), so the
 * encryption key is never also an HMAC key.
 */
export function deriveKey(masterKey: Buffer, purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', masterKey, Buffer.alloc(0), `vantage:${purpose}`, 32));
}
