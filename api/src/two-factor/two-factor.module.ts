import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { MailModule } from '../mail/mail.module';
import { MetricsModule } from '../observability/metrics';
import { UsersModule } from '../users/users.module';
import { EmailCodeService } from './email-codes.service';
import { TwoFactorLockout } from './lockout.service';
import { RecoveryCodeService } from './recovery-codes.service';
import { TotpService } from './totp.service';
import { TwoFactorController } from './two-factor.controller';
import { TwoFactorService } from './two-factor.service';
import { TwoFactorCrypto } from './two-factor-crypto';
import { TwoFactorSettingsController } from './two-factor-settings.controller';
import { TwoFactorSettingsService } from './two-factor-settings.service';

/**
 * Two-factor authentication: email codes, TOTP, recovery codes, the lockout and the user's settings.
 * Other modules prove a second factor through TwoFactorService.verify / sendCode (sign-in, the
 * impersonation step-up) and watch the lockout through TwoFactorLockout.
 */
@Module({
  imports: [AuthModule, AuditModule, MailModule, MetricsModule, UsersModule],
  controllers: [TwoFactorController, TwoFactorSettingsController],
  providers: [
    TwoFactorService,
    TwoFactorSettingsService,
    TwoFactorLockout,
    EmailCodeService,
    RecoveryCodeService,
    TotpService,
    TwoFactorCrypto,
  ],
  exports: [TwoFactorService, TwoFactorLockout, TwoFactorSettingsService],
})
export class TwoFactorModule {}
