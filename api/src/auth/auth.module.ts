import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { AdminGuard, SuperAdminGuard } from './admin.guard';
import { AuthContextLoader } from './auth-context.loader';
import { JwtStrategy } from './jwt.strategy';
import { PasswordAttempts } from './password-attempts.service';
import { PasswordService } from './password.service';
import { PostgresThrottlerStorage } from './postgres-throttler-storage';
import { RateLimiter } from './rate-limiter';
import { SessionIssuer } from './session-issuer';
import { SessionService } from './session.service';
import { SupportSessionReader } from './support-session.reader';
import { JWT_ALGORITHM, jwtSigningKey, TokenService } from './token.service';
import { VerifiedTokenCache } from './verified-token-cache';

/**
 * The auth core: tokens, sessions (owner of `auth_sessions`), the request's auth context and its
 * one-query loader, passwords, the guards and decorators, and who may act as whom. It imports no
 * feature; every feature imports it. The global guards themselves are registered in AppModule.
 */
@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: jwtSigningKey(config.jwtSecret),
        signOptions: { algorithm: JWT_ALGORITHM },
        verifyOptions: { algorithms: [JWT_ALGORITHM] },
      }),
    }),
  ],
  providers: [
    AuthContextLoader,
    PasswordService,
    PasswordAttempts,
    RateLimiter,
    PostgresThrottlerStorage,
    SessionService,
    SessionIssuer,
    SupportSessionReader,
    TokenService,
    JwtStrategy,
    VerifiedTokenCache,
    AdminGuard,
    SuperAdminGuard,
  ],
  exports: [
    AuthContextLoader,
    PasswordService,
    PasswordAttempts,
    RateLimiter,
    PostgresThrottlerStorage,
    SessionService,
    SessionIssuer,
    SupportSessionReader,
    TokenService,
    VerifiedTokenCache,
    AdminGuard,
    SuperAdminGuard,
  ],
})
export class AuthModule {}
