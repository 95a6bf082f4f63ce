import { Controller, Get, HttpStatus, Param, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorCode, SUPPORT_ACTIONS_MAX, type SupportActionList } from '@vantage/contracts';
import { AdminGuard } from '../../auth/admin.guard';
import type { AuthContext } from '../../auth/auth-context';
import { CurrentUser } from '../../auth/auth.decorators';
import { BlockedDuringImpersonation } from '../../auth/no-impersonation.guard';
import { ApiAnswer, ApiRefusals, SCHEMAS } from '../../common/openapi';
import { UuidParam } from '../../common/uuid-param';
import { SupportActionsService } from './support-actions.service';

const ACTIONS_ANSWER = `Every request support made in the session, oldest first (at most ${SUPPORT_ACTIONS_MAX.toLocaleString('en')})`;

/** What support did in my account, request by request (SPEC §10). */
@ApiTags('impersonation')
@ApiBearerAuth()
@Controller('user/impersonations')
export class MySupportActionsController {
  constructor(private readonly actions: SupportActionsService) {}

  @Get(':id/actions')
  @ApiOperation({ summary: 'What support did during one session in my account: time, method, path and answer of each request' })
  @ApiAnswer(HttpStatus.OK, ACTIONS_ANSWER, SCHEMAS.supportActionList)
  @ApiRefusals({ 404: [ErrorCode.IMPERSONATION_NOT_FOUND] })
  list(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) id: string): Promise<SupportActionList> {
    return this.actions.inMyAccount(auth, id);
  }
}

@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/impersonations')
@UseGuards(AdminGuard)
@BlockedDuringImpersonation()
export class AdminSupportActionsController {
  constructor(private readonly actions: SupportActionsService) {}

  @Get(':id/actions')
  @ApiOperation({ summary: 'Admin: what support did during one impersonation, request by request' })
  @ApiAnswer(HttpStatus.OK, ACTIONS_ANSWER, SCHEMAS.supportActionList)
  @ApiRefusals({ 404: [ErrorCode.IMPERSONATION_NOT_FOUND] })
  list(@Param('id', UuidParam()) id: string): Promise<SupportActionList> {
    return this.actions.ofAnySession(id);
  }
}
