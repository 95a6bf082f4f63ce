import { Body, Controller, Get, Param, Patch, Query, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AdminTeamsPage, AdminUserSummary } from '@vantage/contracts';
import { AdminGuard, SuperAdminGuard } from '../auth/admin.guard';
import type { AuthContext } from '../auth/auth-context';
import { CurrentUser } from '../auth/auth.decorators';
import { UuidParam } from '../common/uuid-param';
import { AdminTeamsQuery, ChangeRoleDto } from './admin.dto';
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
  listTeams(@CurrentUser() auth: AuthContext, @Query() query: AdminTeamsQuery): Promise<AdminTeamsPage> {
    return this.teams.list(auth, query);
  }

  @Patch('users/:id')
  @UseGuards(SuperAdminGuard)
  @ApiOperation({ summary: "Change a user's role (super admin; not your own). Takes effect on the user's next request" })
  changeRole(
    @CurrentUser() auth: AuthContext,
    @Param('id', UuidParam()) id: string,
    @Body() dto: ChangeRoleDto,
  ): Promise<AdminUserSummary> {
    return this.users.changeRole(auth, id, dto.role);
  }
}
