import { Injectable } from '@nestjs/common';
import { LRUCache } from 'lru-cache';
import type { AccessTokenClaims } from './token.service';

/** Enough for every signed-in browser of a busy instance; a miss only costs one verification. */
const MAX_TOKENS = 10_000;

/**
 * Access tokens whose signature this instance has already verified, until they expire.
 *
 * A browser sends the same access token with every request for its whole lifetime, and verifying
 * it (passport-jwt → jsonwebtoken: decode, JSON, HMAC) was a fifth of the CPU of `GET /auth/me`.
 * Whether a signature is genuine never changes, so it is worked out once per token. Nothing else is
 * remembered: the session — revocation, impersonation end, 2FA state — is still read from
 * PostgreSQL on every request. Only tokens that passed verification are stored, each until its `exp`.
 */
@Injectable()
export class VerifiedTokenCache {
  private readonly tokens = new LRUCache<string, AccessTokenClaims>({ max: MAX_TOKENS });

  /** The claims of a token verified before and not yet expired. */
  claimsOf(token: string): AccessTokenClaims | undefined {
    const claims = this.tokens.get(token);
    return claims && claims.exp! * 1000 > Date.now() ? claims : undefined;
  }

  /** `claims` passed JwtStrategy (so `exp` is set). */
  remember(token: string, claims: AccessTokenClaims): void {
    const ttl = claims.exp! * 1000 - Date.now();
    if (ttl > 0) this.tokens.set(token, claims, { ttl });
  }
}
