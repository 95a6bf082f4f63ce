import { Inject, Injectable } from '@nestjs/common';
import { createSecretKey } from 'node:crypto';
import { JwtService } from '@nestjs/jwt';
import { UUID_PATTERN } from '../common/uuid-param';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import type { AuthContext } from './auth-context';

export const JWT_ALGORITHM = 'HS256' as const;

/**
 * The signing key as a KeyObject. Given a string, jsonwebtoken first tries to parse it as a
 * public key, fails with an exception and only then makes a secret key — on every sign and
 * verify. That was the largest single cost of an authenticated request.
 */
export function jwtSigningKey(secret: string): string {
  // The libraries' types say string | Buffer; jsonwebtoken accepts a KeyObject and uses it as is.
  return createSecretKey(Buffer.from(secret, 'utf8')) as unknown as string;
}

/** Claims of a Vantage access token. Only the session id is trusted; the rest is re-read from the database. */
export interface AccessTokenClaims {
  sub: string;
  sid: string;
  teamId: string | null;
  isTwoFactorEnable: boolean;
  isTwoFactorAuthenticated: boolean;
  /** Present only on impersonation tokens. */
  impersonatedBy?: string;
  impersonatedAt?: number;
  impersonationCode?: string;
  impersonatorTeamId?: string | null;
  /** RFC 8693 actor claim: the admin acting as `sub`. */
  act?: { sub: string };
  iat?: number;
  exp?: number;
}

@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Signs an access token for a loaded session. An impersonation token lives exactly until its
   * record expires and carries the impersonation claims; it never claims the target's 2FA.
   */
  signAccessToken(auth: AuthContext): string {
    const nowSeconds = Math.floor(Date.now() / 1000);
    const claims: AccessTokenClaims = {
      sub: auth.user.id,
      sid: auth.sessionId,
      teamId: auth.teamId,
      isTwoFactorEnable: auth.impersonation ? false : auth.user.isTwoFactorEnabled,
      isTwoFactorAuthenticated: auth.impersonation ? false : auth.twoFactorAuthenticated,
    };
    let exp = Math.min(nowSeconds + this.config.accessTokenTtlSeconds, Math.floor(auth.sessionExpiresAt.getTime() / 1000));
    if (auth.impersonation) {
      const impersonation = auth.impersonation;
      claims.impersonatedBy = impersonation.impersonator.id;
      claims.impersonatedAt = impersonation.startedAt.getTime();
      claims.impersonationCode = impersonation.code;
      claims.impersonatorTeamId = impersonation.impersonatorTeamId;
      claims.act = { sub: impersonation.impersonator.id };
      exp = Math.floor(impersonation.expiresAt.getTime() / 1000);
    }
    return this.jwt.sign({ ...claims, exp }, { algorithm: JWT_ALGORITHM });
  }

  /** The session id of a token with a valid signature (expired or not), for logout. */
  verifiedSessionId(token: string): string | null {
    try {
      const claims = this.jwt.verify<AccessTokenClaims>(token, { algorithms: [JWT_ALGORITHM], ignoreExpiration: true });
      return typeof claims.sid === 'string' && UUID_PATTERN.test(claims.sid) ? claims.sid : null;
    } catch {
      return null;
    }
  }

  /** Reads claims without verifying: only to explain why a token that failed verification was refused. */
  peek(token: string): AccessTokenClaims | null {
    const decoded: unknown = this.jwt.decode(token);
    return decoded && typeof decoded === 'object' ? (decoded as AccessTokenClaims) : null;
  }
}
