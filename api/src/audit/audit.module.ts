import { Module } from '@nestjs/common';
import { AuditLogsController } from './audit-logs.controller';
import { AuditService } from './audit.service';

/** The audit log: AuditService is the one door every feature writes through, and the team's log page reads. */
@Module({ controllers: [AuditLogsController], providers: [AuditService], exports: [AuditService] })
export class AuditModule {}
