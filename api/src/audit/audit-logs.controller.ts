import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuditLogEntry, type CappedPage, ErrorCode } from '@vantage/contracts';
import type { AuthContext } from '../auth/auth-context';
import { CurrentUser } from '../auth/auth.decorators';
import { currentTeamIdOrNone } from '../auth/current-team';
import { PaginationQuery } from '../common/pagination';
import { AuditService } from './audit.service';
import { ApiAnswer, ApiRefusals, SCHEMAS } from '../common/openapi';

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit-logs')
export class AuditLogsController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({ summary: "The current team's audit log, newest first (any member may read it)" })
  @ApiAnswer(HttpStatus.OK, "A page of the team's audit log (empty without a team)", SCHEMAS.auditLogPage)
  @ApiRefusals({ 403: [ErrorCode.NOT_A_TEAM_MEMBER] })
  list(@CurrentUser() auth: AuthContext, @Query() page: PaginationQuery): Promise<CappedPage<AuditLogEntry>> {
    return this.audit.listForTeam(currentTeamIdOrNone(auth), page);
  }
}
