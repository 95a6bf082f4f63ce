import { Module } from '@nestjs/common';
import { AuditModule } from '../audit/audit.module';
import { BusinessesController } from './businesses.controller';
import { BusinessesService } from './businesses.service';
import { CommentsService } from './comments.service';
import { LeadsController } from './leads.controller';
import { LeadsService } from './leads.service';

/** Businesses, leads and their comments, always within the caller's current team. */
@Module({
  imports: [AuditModule],
  controllers: [BusinessesController, LeadsController],
  providers: [BusinessesService, LeadsService, CommentsService],
})
export class CrmModule {}
