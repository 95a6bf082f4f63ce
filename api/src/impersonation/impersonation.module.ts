import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { AuthModule } from '../auth/auth.module';
import { ImpersonatedWriteRecorder } from '../auth/impersonated-write.port';
import { ImpersonationOverHandler } from '../auth/impersonation-over.port';
import { JobsModule } from '../jobs/jobs.module';
import { MailModule } from '../mail/mail.module';
import { SupportAccessTightening } from '../teams/support-access-tightening.port';
import { TwoFactorModule } from '../two-factor/two-factor.module';
import { UsersModule } from '../users/users.module';
import { AccessRequestRecords } from './access-requests/access-request-records';
import { AccessRequestsController, AdminAccessRequestsController } from './access-requests/access-requests.controller';
import { AccessRequestsService } from './access-requests/access-requests.service';
import { ImpersonationActionLog } from './action-log/impersonation-action-log';
import { AdminSupportActionsController, MySupportActionsController } from './action-log/support-actions.controller';
import { SupportActionsService } from './action-log/support-actions.service';
import {
  AdminImpersonationsController,
  ImpersonationController,
  ImpersonationHistoryController,
  ImpersonationReturnController,
} from './impersonation.controller';
import { ImpersonationEndings } from './impersonation-endings';
import { ImpersonationExpirySweep } from './impersonation-expiry-sweep';
import { ImpersonationNotices } from './impersonation-notices';
import { ImpersonationRecords } from './impersonation-records';
import { ImpersonationRefusalAuditFilter } from './impersonation-refusal.filter';
import { ImpersonationService } from './impersonation.service';
import { ImpersonationStarts } from './impersonation-starts';
import { StopByUserController } from './stop-by-user/stop-by-user.controller';
import { StopByUserService } from './stop-by-user/stop-by-user.service';

/**
 * Support impersonation: starting (after a fresh 2FA step-up), returning, ending for every reason,
 * the user's history, the admins' list, and the once-a-minute expiry sweep. Who may act as whom is the auth core's policy
 * (auth/impersonation-policy.ts); this module owns the `impersonations` table.
 */
@Module({
  imports: [AuthModule, AuditModule, JobsModule, MailModule, TwoFactorModule, UsersModule],
  controllers: [
    ImpersonationController,
    ImpersonationReturnController,
    ImpersonationHistoryController,
    AdminImpersonationsController,
    MySupportActionsController,
    AdminSupportActionsController,
    StopByUserController,
    AdminAccessRequestsController,
    AccessRequestsController,
  ],
  providers: [
    ImpersonationService,
    ImpersonationRecords,
    ImpersonationEndings,
    ImpersonationExpirySweep,
    ImpersonationNotices,
    ImpersonationStarts,
    ImpersonationRefusalAuditFilter,
    AccessRequestRecords,
    ImpersonationActionLog,
    SupportActionsService,
    StopByUserService,
    AccessRequestsService,
    // The auth core's global guard tells this module when a request finds an impersonation over.
    { provide: ImpersonationOverHandler, useExisting: ImpersonationEndings },
    // …and hands it every impersonated write before it runs, for the customer's log of what support did.
    { provide: ImpersonatedWriteRecorder, useExisting: ImpersonationActionLog },
    // TeamsService ends the sessions a tighter team policy no longer allows through it.
    { provide: SupportAccessTightening, useExisting: ImpersonationEndings },
  ],
  exports: [ImpersonationService, ImpersonationEndings, ImpersonationOverHandler, ImpersonatedWriteRecorder, ImpersonationActionLog],
})
export class ImpersonationModule {}
