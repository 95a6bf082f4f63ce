import { Body, Controller, Get, HttpCode, HttpStatus, Param, Post, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AccessRequest, type AccessRequestList, ErrorCode } from '@vantage/contracts';
import { AdminGuard } from '../../auth/admin.guard';
import type { AuthContext } from '../../auth/auth-context';
import { CurrentUser } from '../../auth/auth.decorators';
import { BlockedDuringImpersonation } from '../../auth/no-impersonation.guard';
import { ApiAnswer, ApiRefusals, SCHEMAS } from '../../common/openapi';
import { UuidParam } from '../../common/uuid-param';
import { ApproveAccessRequestDto, CreateAccessRequestDto } from './access-requests.dto';
import { AccessRequestsService } from './access-requests.service';

/** An admin asks for access, and sees what they asked for. */
@ApiTags('admin')
@ApiBearerAuth()
@Controller('admin/access-requests')
@UseGuards(AdminGuard)
export class AdminAccessRequestsController {
  constructor(private readonly accessRequests: AccessRequestsService) {}

  @Post()
  // Asking for access is a step towards impersonating: refused from inside an impersonation as starting one is.
  @BlockedDuringImpersonation('impersonate')
  @ApiOperation({ summary: 'Admin: ask a person (and the owners of their team) for support access, for a time and a mode' })
  @ApiAnswer(HttpStatus.CREATED, 'The request, pending; the person and the owners are emailed a link to it', SCHEMAS.accessRequest)
  @ApiRefusals({
    400: [ErrorCode.IMPERSONATION_TEAM_INVALID],
    403: [
      ErrorCode.IMPERSONATOR_TWO_FACTOR_DISABLED,
      ErrorCode.IMPERSONATION_SELF,
      ErrorCode.IMPERSONATION_TARGET_SUPER_ADMIN,
      ErrorCode.IMPERSONATION_TARGET_ADMIN,
      ErrorCode.IMPERSONATION_NOT_ALLOWED,
      ErrorCode.IMPERSONATION_TEAM_POLICY,
    ],
    404: [ErrorCode.USER_NOT_FOUND],
  })
  create(@CurrentUser() auth: AuthContext, @Body() dto: CreateAccessRequestDto): Promise<AccessRequest> {
    return this.accessRequests.create(auth, dto);
  }

  @Get()
  @BlockedDuringImpersonation()
  @ApiOperation({ summary: 'Admin: the access requests I made, newest first (the latest 100)' })
  @ApiAnswer(HttpStatus.OK, 'My requests, their status as of now', SCHEMAS.accessRequestList)
  async list(@CurrentUser() auth: AuthContext): Promise<AccessRequestList> {
    return { items: await this.accessRequests.listMadeBy(auth) };
  }
}

/** The person concerned and the team's owners answer requests for access. */
@ApiTags('support access')
@ApiBearerAuth()
@Controller('access-requests')
export class AccessRequestsController {
  constructor(private readonly accessRequests: AccessRequestsService) {}

  @Get()
  @ApiOperation({ summary: 'Requests for support access to me or to a team I own, newest first (the latest 100)' })
  @ApiAnswer(HttpStatus.OK, 'The requests, their status as of now', SCHEMAS.accessRequestList)
  async list(@CurrentUser() auth: AuthContext): Promise<AccessRequestList> {
    return { items: await this.accessRequests.listConcerning(auth) };
  }

  @Post(':id/approve')
  @HttpCode(200)
  @BlockedDuringImpersonation('decide_access_request')
  @ApiOperation({ summary: 'Approve a pending request, for the time asked for or less: the window starts now' })
  @ApiAnswer(HttpStatus.OK, 'The request, approved, with the end of its window', SCHEMAS.accessRequest)
  @ApiRefusals({
    400: [ErrorCode.ACCESS_REQUEST_DURATION_TOO_LONG],
    403: [ErrorCode.ACCESS_REQUEST_OWN, ErrorCode.TEAM_REQUIRES_TWO_FACTOR],
    404: [ErrorCode.ACCESS_REQUEST_NOT_FOUND],
    409: [ErrorCode.ACCESS_REQUEST_NOT_PENDING],
  })
  approve(
    @CurrentUser() auth: AuthContext,
    @Param('id', UuidParam()) id: string,
    @Body() dto: ApproveAccessRequestDto,
  ): Promise<AccessRequest> {
    return this.accessRequests.approve(auth, id, dto);
  }

  @Post(':id/deny')
  @HttpCode(200)
  @BlockedDuringImpersonation('decide_access_request')
  @ApiOperation({ summary: 'Deny a pending request' })
  @ApiAnswer(HttpStatus.OK, 'The request, denied', SCHEMAS.accessRequest)
  @ApiRefusals({
    403: [ErrorCode.ACCESS_REQUEST_OWN],
    404: [ErrorCode.ACCESS_REQUEST_NOT_FOUND],
    409: [ErrorCode.ACCESS_REQUEST_NOT_PENDING],
  })
  deny(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) id: string): Promise<AccessRequest> {
    return this.accessRequests.deny(auth, id);
  }

  @Post(':id/revoke')
  @HttpCode(200)
  @BlockedDuringImpersonation('decide_access_request')
  @ApiOperation({ summary: 'Revoke approved access: the window ends now, and every support session running under it at once' })
  @ApiAnswer(HttpStatus.OK, 'The request, revoked', SCHEMAS.accessRequest)
  @ApiRefusals({
    404: [ErrorCode.ACCESS_REQUEST_NOT_FOUND],
    409: [ErrorCode.ACCESS_REQUEST_NOT_APPROVED],
  })
  revoke(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) id: string): Promise<AccessRequest> {
    return this.accessRequests.revoke(auth, id);
  }
}
