import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { MailModule } from '../mail/mail.module';
import { MetricsModule } from '../observability/metrics';
import { TeamsModule } from '../teams/teams.module';
import { UsersModule } from '../users/users.module';
import { EmailCodeService } from './email-codes.service';
import { TwoFactorLockout } from './lockout.service';
import { PasskeyStore } from './passkey-store';
import { PasskeysController } from './passkeys.controller';
import { PasskeysService } from './passkeys.service';
import { RecoveryCodeService } from './recovery-codes.service';
import { TotpService } from './totp.service';
import { TwoFactorController } from './two-factor.controller';
import { TwoFactorService } from './two-factor.service';
import { TwoFactorCrypto } from './two-factor-crypto';
import { TwoFactorSettingsController } from './two-factor-settings.controller';
import { TwoFactorSettingsService } from './two-factor-settings.service';

/**
 * Two-factor authentication: email codes, TOTP, recovery codes, passkeys, the lockout and the user's settings.
 * Other modules prove a second factor through TwoFactorService.verify / sendCode (sign-in, the
 * impersonation step-up) and watch the lockout through TwoFactorLockout.
 */
@Module({
  imports: [AuthModule, AuditModule, MailModule, MetricsModule, TeamsModule, UsersModule],
  controllers: [TwoFactorController, TwoFactorSettingsController, PasskeysController],
  providers: [
    TwoFactorService,
    TwoFactorSettingsService,
    TwoFactorLockout,
    EmailCodeService,
    RecoveryCodeService,
    TotpService,
    TwoFactorCrypto,
    PasskeyStore,
    PasskeysService,
  ],
  exports: [TwoFactorService, TwoFactorLockout, TwoFactorSettingsService],
})
export class TwoFactorModule {}
