import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Patch, Post, Req, Res, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ThrottlerGuard } from '@nestjs/throttler';
import {
  type AuthResponse,
  ErrorCode,
  type Invitation,
  type InvitationPreview,
  type PendingInvitationList,
  type TeamMember,
  type TeamMemberList,
  type TeamSettings,
  type TeamSummary,
} from '@vantage/contracts';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { AppConfig } from '../config/app-config';
import { Inject } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module';
import type { AuthContext } from '../auth/auth-context';
import { CurrentUser, OptionalAuth, OptionalCurrentUser, Public } from '../auth/auth.decorators';
import { BlockedDuringImpersonation } from '../auth/no-impersonation.guard';
import { setRefreshCookie } from '../auth/refresh-cookie';
import { clientOf } from '../auth/session.service';
import { AppException } from '../common/app-exception';
import { LinkTokenParam } from '../common/link-token';
import { ApiAnswer, ApiRefusals, SCHEMAS } from '../common/openapi';
import { UuidParam } from '../common/uuid-param';
import { InvitationsService } from './invitations.service';
import { AcceptInvitationDto, ChangeMemberRoleDto, CreateTeamDto, InviteMemberDto, UpdateTeamDto } from './teams.dto';
import { TeamsService } from './teams.service';

@ApiTags('teams')
@ApiBearerAuth()
@Controller('teams')
export class TeamsController {
  constructor(
    private readonly teams: TeamsService,
    private readonly invitations: InvitationsService,
  ) {}

  @Get()
  @ApiOperation({ summary: 'The teams I belong to, with my role in each' })
  @ApiAnswer(HttpStatus.OK, 'My teams', SCHEMAS.teamSummaries)
  list(@CurrentUser() auth: AuthContext): Promise<TeamSummary[]> {
    return this.teams.listMine(auth.user.id);
  }

  @Post()
  @BlockedDuringImpersonation('create_team')
  @ApiOperation({ summary: 'Create a team; I become its owner' })
  @ApiAnswer(HttpStatus.CREATED, 'The new team, mine to own', SCHEMAS.teamSummary)
  create(@CurrentUser() auth: AuthContext, @Body() dto: CreateTeamDto): Promise<TeamSummary> {
    return this.teams.create(auth, dto.name);
  }

  @Post(':id/switch')
  @HttpCode(200)
  @BlockedDuringImpersonation('switch_team')
  @ApiOperation({ summary: 'Work in another of my teams: new tokens carrying that team' })
  @ApiAnswer(HttpStatus.OK, 'New tokens, working in that team', SCHEMAS.authResponse)
  @ApiRefusals({ 404: [ErrorCode.TEAM_NOT_FOUND] })
  async switch(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) teamId: string): Promise<AuthResponse> {
    return (await this.teams.switchTeam(auth, teamId)).response;
  }

  @Patch(':id')
  @BlockedDuringImpersonation('manage_team')
  @ApiOperation({
    summary:
      'Owner: rename the team, require two-factor of its members (the owner’s own 2FA on first), or set its support access policy (a tighter one ends the support sessions it would not allow); answers its settings',
  })
  @ApiAnswer(HttpStatus.OK, 'The team', SCHEMAS.teamSettings)
  @ApiRefusals({
    400: [ErrorCode.VALIDATION_FAILED, ErrorCode.TWO_FACTOR_REQUIRED_FIRST],
    401: [ErrorCode.UNAUTHORIZED, ErrorCode.SESSION_EXPIRED, ErrorCode.TWO_FACTOR_REQUIRED],
    403: [ErrorCode.TEAM_OWNER_REQUIRED, ErrorCode.TEAM_REQUIRES_TWO_FACTOR, ErrorCode.FORBIDDEN_DURING_IMPERSONATION],
    404: [ErrorCode.TEAM_NOT_FOUND],
  })
  update(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) teamId: string, @Body() dto: UpdateTeamDto): Promise<TeamSettings> {
    return this.teams.update(auth, teamId, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: "The team's settings (name, team-wide two-factor, support access); every member reads them" })
  @ApiAnswer(HttpStatus.OK, 'The team', SCHEMAS.teamSettings)
  @ApiRefusals({
    400: [ErrorCode.VALIDATION_FAILED],
    401: [ErrorCode.UNAUTHORIZED, ErrorCode.SESSION_EXPIRED, ErrorCode.TWO_FACTOR_REQUIRED],
    404: [ErrorCode.TEAM_NOT_FOUND],
  })
  async settings(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) teamId: string): Promise<TeamSettings> {
    // Open to a member whose 2FA a team requirement is waiting for: the name and policies explain it.
    await this.teams.requireMember(auth, teamId, undefined, { teamData: false });
    return this.teams.settings(teamId);
  }

  @Get(':id/members')
  @ApiOperation({ summary: "The team's members, their roles and whether they use two-factor authentication" })
  @ApiAnswer(HttpStatus.OK, 'Every member, earliest first', SCHEMAS.teamMemberList)
  @ApiRefusals({
    400: [ErrorCode.VALIDATION_FAILED],
    401: [ErrorCode.UNAUTHORIZED, ErrorCode.SESSION_EXPIRED, ErrorCode.TWO_FACTOR_REQUIRED],
    403: [ErrorCode.TEAM_REQUIRES_TWO_FACTOR],
    404: [ErrorCode.TEAM_NOT_FOUND],
  })
  async members(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) teamId: string): Promise<TeamMemberList> {
    return { items: await this.teams.members(auth, teamId) };
  }

  @Patch(':id/members/:userId')
  @BlockedDuringImpersonation('manage_team')
  @ApiOperation({ summary: "Owner: change a member's role (the last owner cannot be demoted)" })
  @ApiAnswer(HttpStatus.OK, 'The member with the new role', SCHEMAS.teamMember)
  @ApiRefusals({
    400: [ErrorCode.VALIDATION_FAILED],
    401: [ErrorCode.UNAUTHORIZED, ErrorCode.SESSION_EXPIRED, ErrorCode.TWO_FACTOR_REQUIRED],
    403: [ErrorCode.TEAM_OWNER_REQUIRED, ErrorCode.TEAM_REQUIRES_TWO_FACTOR, ErrorCode.FORBIDDEN_DURING_IMPERSONATION],
    404: [ErrorCode.TEAM_NOT_FOUND, ErrorCode.MEMBER_NOT_FOUND],
    409: [ErrorCode.LAST_OWNER],
  })
  changeRole(
    @CurrentUser() auth: AuthContext,
    @Param('id', UuidParam()) teamId: string,
    @Param('userId', UuidParam('userId')) userId: string,
    @Body() dto: ChangeMemberRoleDto,
  ): Promise<TeamMember> {
    return this.teams.changeRole(auth, teamId, userId, dto.role);
  }

  @Delete(':id/members/:userId')
  @HttpCode(204)
  @BlockedDuringImpersonation('manage_team')
  @ApiOperation({ summary: 'Owner: remove a member; anyone: leave (my own id). The last owner can do neither' })
  @ApiAnswer(HttpStatus.NO_CONTENT, 'Removed (the person is emailed) or left')
  @ApiRefusals({
    400: [ErrorCode.VALIDATION_FAILED],
    401: [ErrorCode.UNAUTHORIZED, ErrorCode.SESSION_EXPIRED, ErrorCode.TWO_FACTOR_REQUIRED],
    403: [ErrorCode.TEAM_OWNER_REQUIRED, ErrorCode.TEAM_REQUIRES_TWO_FACTOR, ErrorCode.FORBIDDEN_DURING_IMPERSONATION],
    404: [ErrorCode.TEAM_NOT_FOUND, ErrorCode.MEMBER_NOT_FOUND],
    409: [ErrorCode.LAST_OWNER],
  })
  async remove(
    @CurrentUser() auth: AuthContext,
    @Param('id', UuidParam()) teamId: string,
    @Param('userId', UuidParam('userId')) userId: string,
  ): Promise<void> {
    await this.teams.removeMember(auth, teamId, userId);
  }

  @Post(':id/invitations')
  @BlockedDuringImpersonation('manage_team')
  @ApiOperation({ summary: 'Owner: invite someone by email (a link valid 7 days; inviting again replaces it)' })
  @ApiAnswer(HttpStatus.CREATED, 'The invitation (the link is only in the email)', SCHEMAS.invitation)
  @ApiRefusals({
    400: [ErrorCode.VALIDATION_FAILED],
    401: [ErrorCode.UNAUTHORIZED, ErrorCode.SESSION_EXPIRED, ErrorCode.TWO_FACTOR_REQUIRED],
    403: [ErrorCode.TEAM_OWNER_REQUIRED, ErrorCode.TEAM_REQUIRES_TWO_FACTOR, ErrorCode.FORBIDDEN_DURING_IMPERSONATION],
    404: [ErrorCode.TEAM_NOT_FOUND],
    409: [ErrorCode.ALREADY_MEMBER],
    503: [ErrorCode.MAIL_UNAVAILABLE],
  })
  invite(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) teamId: string, @Body() dto: InviteMemberDto): Promise<Invitation> {
    return this.invitations.invite(auth, teamId, dto.email, dto.role);
  }

  @Get(':id/invitations')
  @BlockedDuringImpersonation('manage_team')
  @ApiOperation({ summary: "Owner: the team's pending invitations" })
  @ApiAnswer(HttpStatus.OK, 'Open invitations, newest first', SCHEMAS.pendingInvitationList)
  @ApiRefusals({
    400: [ErrorCode.VALIDATION_FAILED],
    401: [ErrorCode.UNAUTHORIZED, ErrorCode.SESSION_EXPIRED, ErrorCode.TWO_FACTOR_REQUIRED],
    403: [ErrorCode.TEAM_OWNER_REQUIRED, ErrorCode.TEAM_REQUIRES_TWO_FACTOR, ErrorCode.FORBIDDEN_DURING_IMPERSONATION],
    404: [ErrorCode.TEAM_NOT_FOUND],
  })
  async pendingInvitations(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) teamId: string): Promise<PendingInvitationList> {
    return { items: await this.invitations.pending(auth, teamId) };
  }

  @Delete(':id/invitations/:invitationId')
  @HttpCode(204)
  @BlockedDuringImpersonation('manage_team')
  @ApiOperation({ summary: 'Owner: withdraw a pending invitation (its link stops working)' })
  @ApiAnswer(HttpStatus.NO_CONTENT, 'Withdrawn')
  @ApiRefusals({
    400: [ErrorCode.VALIDATION_FAILED],
    401: [ErrorCode.UNAUTHORIZED, ErrorCode.SESSION_EXPIRED, ErrorCode.TWO_FACTOR_REQUIRED],
    403: [ErrorCode.TEAM_OWNER_REQUIRED, ErrorCode.TEAM_REQUIRES_TWO_FACTOR, ErrorCode.FORBIDDEN_DURING_IMPERSONATION],
    404: [ErrorCode.TEAM_NOT_FOUND, ErrorCode.INVITATION_NOT_FOUND],
  })
  async withdraw(
    @CurrentUser() auth: AuthContext,
    @Param('id', UuidParam()) teamId: string,
    @Param('invitationId', UuidParam('invitationId')) invitationId: string,
  ): Promise<void> {
    await this.invitations.withdraw(auth, teamId, invitationId);
  }
}

/** The invitation link's page: read by anyone with the link, accepted signed in or with a new account. */
@ApiTags('teams')
@UseGuards(ThrottlerGuard)
@Controller('invitations')
export class InvitationsController {
  constructor(
    private readonly invitations: InvitationsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  @Public()
  @Get(':token')
  @ApiOperation({ summary: 'What an invitation link offers: team, role, who invited, and whether an account exists for the email' })
  @ApiAnswer(HttpStatus.OK, 'The open invitation', SCHEMAS.invitationPreview)
  @ApiRefusals({ 404: [ErrorCode.INVITATION_NOT_FOUND], 429: [ErrorCode.TOO_MANY_REQUESTS] })
  preview(@Param('token', LinkTokenParam(ErrorCode.INVITATION_NOT_FOUND)) token: string): Promise<InvitationPreview> {
    return this.invitations.preview(token);
  }

  @OptionalAuth()
  @Post(':token/accept')
  @BlockedDuringImpersonation('accept_invitation')
  @ApiBearerAuth()
  @ApiOperation({
    summary:
      'Accept: signed in as the invited email, join and work in the team (200); without an account, create one with names and password (201)',
  })
  @ApiAnswer(HttpStatus.OK, 'Signed in: joined, and working in the team from now on', SCHEMAS.authResponse)
  @ApiAnswer(HttpStatus.CREATED, 'Without an account: a new account in the team, signed in (refresh cookie set)', SCHEMAS.authResponse)
  @ApiRefusals({
    400: [ErrorCode.VALIDATION_FAILED],
    401: [ErrorCode.UNAUTHORIZED, ErrorCode.SESSION_EXPIRED, ErrorCode.TWO_FACTOR_REQUIRED],
    403: [ErrorCode.INVITATION_EMAIL_MISMATCH, ErrorCode.FORBIDDEN_DURING_IMPERSONATION],
    404: [ErrorCode.INVITATION_NOT_FOUND],
    409: [ErrorCode.SIGN_IN_TO_ACCEPT],
    429: [ErrorCode.TOO_MANY_REQUESTS],
  })
  async accept(
    @OptionalCurrentUser() auth: AuthContext | null,
    @Param('token', LinkTokenParam(ErrorCode.INVITATION_NOT_FOUND)) token: string,
    @Body() dto: AcceptInvitationDto,
    @Req() req: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<AuthResponse> {
    if (auth) {
      if (dto.firstName !== undefined || dto.lastName !== undefined || dto.password !== undefined) {
        throw AppException.validation([{ field: 'body', message: 'must be empty when signed in (the invitation joins your account)' }]);
      }
      const issued = await this.invitations.acceptSignedIn(auth, token);
      void reply.status(200);
      return issued.response;
    }
    const missing = (['firstName', 'lastName', 'password'] as const).filter((field) => dto[field] === undefined);
    if (missing.length) throw AppException.validation(missing.map((field) => ({ field, message: 'is required to create your account' })));
    const issued = await this.invitations.acceptWithNewAccount(
      token,
      { firstName: dto.firstName!, lastName: dto.lastName!, password: dto.password! },
      clientOf(req),
    );
    if (issued.refresh) setRefreshCookie(reply, this.config, issued.refresh.token, issued.refresh.expiresAt);
    void reply.status(201);
    return issued.response;
  }
}
