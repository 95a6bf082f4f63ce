import type { AccessTokenClaims } from './token.service';
import { VerifiedTokenCache } from './verified-token-cache';

const claims = (expiresInSeconds: number): AccessTokenClaims =>
  ({
    sub: '6f1c1f0e-8a47-4d3b-9d59-0e7b3f1a2c11',
    sid: '0b7d0a58-5f0e-4f6c-8c4b-2b9d9b3f5e21',
    exp: Math.floor(Date.now() / 1000) + expiresInSeconds,
  }) as AccessTokenClaims;

describe('VerifiedTokenCache', () => {
  afterEach(() => vi.useRealTimers());

  it('knows a verified token until its exp, then no longer', () => {
    vi.useFakeTimers({ now: new Date('2026-11-23T10:00:00Z') });
    const cache = new VerifiedTokenCache();
    const verified = claims(60);
    cache.remember('token-a', verified);
    expect(cache.claimsOf('token-a')).toBe(verified);
    expect(cache.claimsOf('token-b')).toBeUndefined();
    vi.setSystemTime(new Date('2026-11-23T10:01:00Z'));
    expect(cache.claimsOf('token-a')).toBeUndefined();
  });

  it('does not keep a token that has already expired', () => {
    const cache = new VerifiedTokenCache();
    cache.remember('token-old', claims(-1));
    expect(cache.claimsOf('token-old')).toBeUndefined();
  });
});
