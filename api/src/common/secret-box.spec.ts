/// <reference types="vitest/globals" />
import { randomBytes } from 'node:crypto';
import { CodeHasher, deriveKey, SecretBox } from './secret-box';

describe('SecretBox (AES-256-GCM for secrets at rest)', () => {
  const key = randomBytes(32);
  const box = new SecretBox(key);

  it('opens what it sealed, and the sealed form does not contain the plaintext', () => {
    const sealed = box.seal('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP', 'totp:user-1');
    expect(sealed).not.toContain('JBSWY3DP');
    expect(sealed).toMatch(/^v1\.[A-Za-z0-9_-]{16}\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]+$/);
    expect(box.open(sealed, 'totp:user-1')).toBe('JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP');
  });

  it('uses a fresh IV every time: the same secret seals differently', () => {
    expect(box.seal('same', 'ctx')).not.toBe(box.seal('same', 'ctx'));
  });

  it('refuses a tampered ciphertext, IV or tag', () => {
    const sealed = box.seal('the secret', 'ctx');
    const [version, iv, tag, ciphertext] = sealed.split('.');
    const flip = (part: string) => {
      const bytes = Buffer.from(part, 'base64url');
      bytes[0] ^= 1;
      return bytes.toString('base64url');
    };
    expect(() => box.open([version, iv, tag, flip(ciphertext)].join('.'), 'ctx')).toThrow();
    expect(() => box.open([version, flip(iv), tag, ciphertext].join('.'), 'ctx')).toThrow();
    expect(() => box.open([version, iv, flip(tag), ciphertext].join('.'), 'ctx')).toThrow();
  });

  it('refuses another key and another context (a secret moved to another user)', () => {
    const sealed = box.seal('the secret', 'totp:user-1');
    expect(() => new SecretBox(randomBytes(32)).open(sealed, 'totp:user-1')).toThrow();
    expect(() => box.open(sealed, 'totp:user-2')).toThrow();
  });

  it('refuses values that are not sealed and keys of the wrong size', () => {
    expect(() => box.open('plain text', 'ctx')).toThrow();
    expect(() => box.open('v2.a.b.c', 'ctx')).toThrow();
    expect(() => new SecretBox(randomBytes(16))).toThrow();
  });
});

describe('CodeHasher and deriveKey', () => {
  const master = randomBytes(32);

  it('hashes deterministically per key, and differently per key and per input', () => {
    const hasher = new CodeHasher(deriveKey(master, 'codes'));
    expect(hasher.hash('user', '123456')).toBe(hasher.hash('user', '123456'));
    expect(hasher.hash('user', '123456')).toMatch(/^[0-9a-f]{64}$/);
    expect(hasher.hash('user', '123457')).not.toBe(hasher.hash('user', '123456'));
    expect(new CodeHasher(deriveKey(master, 'other')).hash('user', '123456')).not.toBe(hasher.hash('user', '123456'));
    // Parts are separated, so ("ab","c") and ("a","bc") differ.
    expect(hasher.hash('ab', 'c')).not.toBe(hasher.hash('a', 'bc'));
  });

  it('derives independent 32-byte keys from one master key', () => {
    const a = deriveKey(master, 'totp-secrets');
    const b = deriveKey(master, 'code-hmac');
    expect(a).toHaveLength(32);
    expect(a.equals(b)).toBe(false);
    expect(a.equals(master)).toBe(false);
    expect(deriveKey(master, 'totp-secrets').equals(a)).toBe(true);
  });
});
