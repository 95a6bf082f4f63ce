import { Inject, Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import { ErrorCode } from '@vantage/contracts';
import { Strategy } from 'passport-jwt';
import { AppException } from '../common/app-exception';
import { UUID_PATTERN } from '../common/uuid-param';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { bearerTokenOf } from './bearer-token';
import { AccessTokenClaims, JWT_ALGORITHM, jwtSigningKey } from './token.service';

/** Verifies the signature, algorithm and lifetime of a bearer token; the guard does the rest. */
@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    super({
      jwtFromRequest: bearerTokenOf as never,
      secretOrKey: jwtSigningKey(config.jwtSecret),
      algorithms: [JWT_ALGORITHM],
      ignoreExpiration: false,
    });
  }

  validate(claims: AccessTokenClaims): AccessTokenClaims {
    // A token without an expiry, or without the claims Vantage always writes, was not made by us.
    if (
      typeof claims.exp !== 'number' ||
      typeof claims.sub !== 'string' ||
      typeof claims.sid !== 'string' ||
      !UUID_PATTERN.test(claims.sid) ||
      !UUID_PATTERN.test(claims.sub)
    ) {
      throw AppException.unauthorized(ErrorCode.UNAUTHORIZED, 'The access token is not valid.');
    }
    return claims;
  }
}
