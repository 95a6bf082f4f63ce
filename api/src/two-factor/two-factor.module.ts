import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { EmailCodeService } from './email-codes.service';
import { TwoFactorLockout } from './lockout.service';
import { LoginChallengeService } from './login-challenge.service';
import { RecoveryCodeService } from './recovery-codes.service';
import { TotpService } from './totp.service';
import { TwoFactorController } from './two-factor.controller';
import { TwoFactorService } from './two-factor.service';
import { TwoFactorCrypto } from './two-factor-crypto';
import { TwoFactorSettingsController } from './two-factor-settings.controller';
import { TwoFactorSettingsService } from './two-factor-settings.service';

/**
 * Two-factor authentication: email codes, TOTP, recovery codes, lockout, the sign-in step and the
 * user's settings. Other modules use TwoFactorService.verify / sendCode (e.g. impersonation step-up).
 */
@Module({
  imports: [MailModule],
  controllers: [TwoFactorController, TwoFactorSettingsController],
  providers: [
    TwoFactorService,
    TwoFactorSettingsService,
    LoginChallengeService,
    TwoFactorLockout,
    EmailCodeService,
    RecoveryCodeService,
    TotpService,
    TwoFactorCrypto,
  ],
  exports: [TwoFactorService],
})
export class TwoFactorModule {}
