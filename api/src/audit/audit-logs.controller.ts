import { Controller, Get, HttpStatus, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AuditLogEntry, ErrorCode, type KeysetPage } from '@vantage/contracts';
import type { AuthContext } from '../auth/auth-context';
import { CurrentUser } from '../auth/auth.decorators';
import { CurrentTeamData } from '../auth/team-two-factor';
import { currentTeamIdOrNone } from '../auth/current-team';
import { KeysetPaginationQuery } from '../common/keyset-pagination';
import { AuditService } from './audit.service';
import { ApiAnswer, ApiRefusals, SCHEMAS } from '../common/openapi';

@ApiTags('audit')
@ApiBearerAuth()
@CurrentTeamData()
@Controller('audit-logs')
export class AuditLogsController {
  constructor(private readonly audit: AuditService) {}

  @Get()
  @ApiOperation({
    summary: "The current team's audit log, newest first (any member may read it); by page, or after a cursor (nextCursor) at any depth",
  })
  @ApiAnswer(HttpStatus.OK, "A page of the team's audit log (empty without a team)", SCHEMAS.auditLogPage)
  @ApiRefusals({ 403: [ErrorCode.NOT_A_TEAM_MEMBER] })
  list(@CurrentUser() auth: AuthContext, @Query() page: KeysetPaginationQuery): Promise<KeysetPage<AuditLogEntry>> {
    return this.audit.listForTeam(currentTeamIdOrNone(auth), page);
  }
}
