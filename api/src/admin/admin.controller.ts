import { Body, Controller, Get, HttpCode, HttpStatus, Param, Patch, Post, Query, UseGuards } from '@nestjs/common';
import { ThrottlerGuard } from '@nestjs/throttler';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type AdminTeamsPage, type AdminUserSummary, ErrorCode, type TwoFactorStatus } from '@vantage/contracts';
import { AdminGuard, SuperAdminGuard } from '../auth/admin.guard';
import type { AuthContext } from '../auth/auth-context';
import { CurrentUser } from '../auth/auth.decorators';
import { ApiAnswer, ApiRefusals, SCHEMAS } from '../common/openapi';
import { UuidParam } from '../common/uuid-param';
import { AdminTeamsQuery, AssistedTwoFactorResetDto, ChangeRoleDto } from './admin.dto';
import { AdminTeamsService } from './admin-teams.service';
import { AdminUsersService } from './admin-users.service';

/** Support staff's tools. Every route needs an admin; changing roles needs a super admin. */
@ApiTags('admin')
@ApiBearerAuth()
@UseGuards(AdminGuard)
@Controller('admin')
export class AdminController {
  constructor(
    private readonly teams: AdminTeamsService,
    private readonly users: AdminUsersService,
  ) {}

  @Get('teams')
  @ApiOperation({ summary: 'Teams List: every team with its owner and member count; search by team name, owner name or email' })
  @ApiAnswer(HttpStatus.OK, 'A page of the Teams List', SCHEMAS.adminTeamsPage)
  listTeams(@CurrentUser() auth: AuthContext, @Query() query: AdminTeamsQuery): Promise<AdminTeamsPage> {
    return this.teams.list(auth, query);
  }

  @Patch('users/:id')
  @UseGuards(SuperAdminGuard)
  @ApiOperation({ summary: "Change a user's role (super admin; not your own). Takes effect on the user's next request" })
  @ApiAnswer(HttpStatus.OK, 'The user with the new role', SCHEMAS.adminUserSummary)
  @ApiRefusals({ 403: [ErrorCode.ROLE_CHANGE_SELF], 404: [ErrorCode.USER_NOT_FOUND] })
  changeRole(
    @CurrentUser() auth: AuthContext,
    @Param('id', UuidParam()) id: string,
    @Body() dto: ChangeRoleDto,
  ): Promise<AdminUserSummary> {
    return this.users.changeRole(auth, id, dto.role);
  }

  @Post('users/:id/two-factor/reset')
  @HttpCode(200)
  @UseGuards(SuperAdminGuard, ThrottlerGuard)
  @ApiOperation({
    summary:
      "Super admin: turn off a user's 2FA after a fresh code of your own and a reason (their factors go, their sessions end, they are emailed)",
  })
  @ApiAnswer(HttpStatus.OK, "The user's two-factor state now", SCHEMAS.twoFactorOff)
  @ApiRefusals({
    400: [ErrorCode.VALIDATION_FAILED],
    401: [
      ErrorCode.UNAUTHORIZED,
      ErrorCode.SESSION_EXPIRED,
      ErrorCode.TWO_FACTOR_REQUIRED,
      ErrorCode.INVALID_TWO_FACTOR_CODE,
      ErrorCode.CODE_ALREADY_USED,
    ],
    403: [ErrorCode.FORBIDDEN],
    404: [ErrorCode.USER_NOT_FOUND],
    409: [ErrorCode.TWO_FACTOR_NOT_ENABLED],
    429: [ErrorCode.TWO_FACTOR_LOCKED, ErrorCode.CODE_CHECK_BUSY, ErrorCode.TOO_MANY_REQUESTS],
  })
  resetTwoFactor(
    @CurrentUser() auth: AuthContext,
    @Param('id', UuidParam()) id: string,
    @Body() dto: AssistedTwoFactorResetDto,
  ): Promise<TwoFactorStatus> {
    return this.users.resetTwoFactor(auth, id, dto.code, dto.reason);
  }
}
