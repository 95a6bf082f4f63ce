import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { ImpersonationModule } from '../impersonation/impersonation.module';
import { MailModule } from '../mail/mail.module';
import { TeamsModule } from '../teams/teams.module';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { UsersModule } from '../users/users.module';
import { LoginChallengeService } from './login-challenge.service';
import { PasswordResetService } from './password-reset.service';
import { AuthController, SecondStepController } from './sign-in.controller';
import { SignInService } from './sign-in.service';

/**
 * The sign-in flow: register, password step, the 2FA step, refresh, sign-out and `GET /auth/me`.
 * A flow combines features (auth core, two-factor, users, teams; impersonation for signing out of
 * one); no feature imports it.
 */
@Module({
  imports: [AuthModule, AuditModule, MailModule, UsersModule, TeamsModule, TwoFactorModule, ImpersonationModule],
  controllers: [AuthController, SecondStepController],
  providers: [SignInService, LoginChallengeService, PasswordResetService],
})
export class SignInModule {}
