import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { ImpersonationOverHandler } from '../auth/impersonation-over.port';
import { JobsModule } from '../jobs/jobs.module';
import { MailModule } from '../mail/mail.module';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { UsersModule } from '../users/users.module';
import { AccessRequestRecords } from './access-requests/access-request-records';
import { AccessRequestsController, AdminAccessRequestsController } from './access-requests/access-requests.controller';
import { AccessRequestsService } from './access-requests/access-requests.service';
import { AdminImpersonationsController, ImpersonationController, ImpersonationHistoryController } from './impersonation.controller';
import { ImpersonationEndings } from './impersonation-endings';
import { ImpersonationExpirySweep } from './impersonation-expiry-sweep';
import { ImpersonationRecords } from './impersonation-records';
import { ImpersonationRefusalAuditFilter } from './impersonation-refusal.filter';
import { ImpersonationService } from './impersonation.service';

/**
 * Support impersonation: starting (after a fresh 2FA step-up), returning, ending for every reason,
 * the user's history, the admins' list, and the once-a-minute expiry sweep. Who may act as whom is the auth core's policy
 * (auth/impersonation-policy.ts); this module owns the `impersonations` table.
 */
@Module({
  imports: [AuthModule, AuditModule, JobsModule, MailModule, TwoFactorModule, UsersModule],
  controllers: [
    ImpersonationController,
    ImpersonationHistoryController,
    AdminImpersonationsController,
    AdminAccessRequestsController,
    AccessRequestsController,
  ],
  providers: [
    ImpersonationService,
    ImpersonationRecords,
    ImpersonationEndings,
    ImpersonationExpirySweep,
    ImpersonationRefusalAuditFilter,
    AccessRequestRecords,
    AccessRequestsService,
    // The auth core's global guard tells this module when a request finds an impersonation over.
    { provide: ImpersonationOverHandler, useExisting: ImpersonationEndings },
  ],
  exports: [ImpersonationService, ImpersonationEndings, ImpersonationOverHandler],
})
export class ImpersonationModule {}
