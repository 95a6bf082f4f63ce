import { Module } from '@nestjs/common';
import { MailModule } from '../mail/mail.module';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { AdminImpersonationsController, ImpersonationController, ImpersonationHistoryController } from './impersonation.controller';
import { ImpersonationRefusalAuditFilter } from './impersonation-refusal.filter';
import { ImpersonationService } from './impersonation.service';

@Module({
  imports: [TwoFactorModule, MailModule],
  controllers: [ImpersonationController, ImpersonationHistoryController, AdminImpersonationsController],
  providers: [ImpersonationService, ImpersonationRefusalAuditFilter],
  exports: [ImpersonationService],
})
export class ImpersonationModule {}
