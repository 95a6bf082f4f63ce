import { Body, Controller, Get, HttpCode, Param, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthResponse, TeamSummary } from '@vantage/contracts';
import type { AuthContext } from '../auth/auth-context';
import { CurrentUser } from '../auth/auth.decorators';
import { UuidParam } from '../common/uuid-param';
import { BlockedDuringImpersonation } from '../auth/no-impersonation.guard';
import { CreateTeamDto } from './teams.dto';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(private readonly teams: TeamsService) {}

  @Get()
  @ApiOperation({ summary: 'The teams I belong to, with my role in each' })
  list(@CurrentUser() auth: AuthContext): Promise<TeamSummary[]> {
    return this.teams.listMine(auth.user.id);
  }

  @Post()
  @BlockedDuringImpersonation('create_team')
  @ApiOperation({ summary: 'Create a team; I become its owner' })
  create(@CurrentUser() auth: AuthContext, @Body() dto: CreateTeamDto): Promise<TeamSummary> {
    return this.teams.create(auth, dto.name);
  }

  @Post(':id/switch')
  @HttpCode(200)
  @BlockedDuringImpersonation('switch_team')
  @ApiOperation({ summary: 'Work in another of my teams: new tokens carrying that team' })
  async switch(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) teamId: string): Promise<AuthResponse> {
    return (await this.teams.switchTeam(auth, teamId)).response;
  }
}
