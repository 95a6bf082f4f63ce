import { Global, Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { ImpersonationEvents } from '../impersonation/impersonation-events';
import { TeamsController } from '../teams/teams.controller';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { AdminGuard, SuperAdminGuard } from './admin.guard';
import { AuthContextLoader } from './auth-context.loader';
import { AuthController } from './auth.controller';
import { AuthService, SecondFactorRegistry } from './auth.service';
import { JwtStrategy } from './jwt.strategy';
import { JwtTwoFactorGuard } from './jwt-two-factor.guard';
import { PasswordAttempts } from './password-attempts.service';
import { PasswordService } from './password.service';
import { SessionService } from './session.service';
import { TokenService } from './token.service';
import { VerifiedTokenCache } from './verified-token-cache';
import { JWT_ALGORITHM, jwtSigningKey } from './token.service';

/** Sign-in, sessions, tokens and the guards every other module relies on. */
@Global()
@Module({
  imports: [
    PassportModule,
    UsersModule,
    TeamsModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: jwtSigningKey(config.jwtSecret),
        signOptions: { algorithm: JWT_ALGORITHM },
        verifyOptions: { algorithms: [JWT_ALGORITHM] },
      }),
    }),
  ],
  controllers: [AuthController, TeamsController],
  providers: [
    AuthService,
    SecondFactorRegistry,
    AuthContextLoader,
    PasswordService,
    PasswordAttempts,
    SessionService,
    TokenService,
    JwtStrategy,
    VerifiedTokenCache,
    JwtTwoFactorGuard,
    AdminGuard,
    SuperAdminGuard,
    ImpersonationEvents,
  ],
  exports: [
    AuthService,
    SecondFactorRegistry,
    AuthContextLoader,
    PasswordService,
    PasswordAttempts,
    SessionService,
    TokenService,
    VerifiedTokenCache,
    JwtTwoFactorGuard,
    AdminGuard,
    SuperAdminGuard,
    ImpersonationEvents,
    UsersModule,
    TeamsModule,
  ],
})
export class AuthModule {}
