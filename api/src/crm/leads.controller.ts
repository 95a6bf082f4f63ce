import { Body, Controller, Get, HttpStatus, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Comment, type Lead, type CappedPage, ErrorCode } from '@vantage/contracts';
import type { AuthContext } from '../auth/auth-context';
import { CurrentUser } from '../auth/auth.decorators';
import { CurrentTeamData } from '../auth/team-two-factor';
import { PaginationQuery } from '../common/pagination';
import { UuidParam } from '../common/uuid-param';
import { CommentsService, LEAD_COMMENTS } from './comments.service';
import { CreateCommentDto, CreateLeadDto, ListLeadsQuery, UpdateLeadStatusDto } from './crm.dto';
import { LeadsService } from './leads.service';
import { ApiAnswer, ApiRefusals, SCHEMAS } from '../common/openapi';

@ApiTags('crm')
@ApiBearerAuth()
@CurrentTeamData()
@Controller('leads')
export class LeadsController {
  constructor(
    private readonly leads: LeadsService,
    private readonly comments: CommentsService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The current team's leads, newest first; filter by businessId and/or status" })
  @ApiAnswer(HttpStatus.OK, 'A page of leads', SCHEMAS.leadPage)
  @ApiRefusals({ 403: [ErrorCode.NOT_A_TEAM_MEMBER] })
  list(@CurrentUser() auth: AuthContext, @Query() query: ListLeadsQuery): Promise<CappedPage<Lead>> {
    return this.leads.list(auth, query);
  }

  @Post()
  @ApiOperation({ summary: 'Add a lead, optionally for a business of the current team (audited)' })
  @ApiAnswer(HttpStatus.CREATED, 'The lead', SCHEMAS.lead)
  @ApiRefusals({ 403: [ErrorCode.NOT_A_TEAM_MEMBER], 404: [ErrorCode.BUSINESS_NOT_FOUND, ErrorCode.TEAM_NOT_FOUND] })
  create(@CurrentUser() auth: AuthContext, @Body() dto: CreateLeadDto): Promise<Lead> {
    return this.leads.create(auth, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One lead of the current team (404 for any other team)' })
  @ApiAnswer(HttpStatus.OK, 'The lead', SCHEMAS.lead)
  @ApiRefusals({ 403: [ErrorCode.NOT_A_TEAM_MEMBER], 404: [ErrorCode.LEAD_NOT_FOUND, ErrorCode.TEAM_NOT_FOUND] })
  get(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) id: string): Promise<Lead> {
    return this.leads.get(auth, id);
  }

  @Patch(':id')
  @ApiOperation({ summary: "Change a lead's status (audited with from and to)" })
  @ApiAnswer(HttpStatus.OK, 'The lead with its new status', SCHEMAS.lead)
  @ApiRefusals({ 403: [ErrorCode.NOT_A_TEAM_MEMBER], 404: [ErrorCode.LEAD_NOT_FOUND, ErrorCode.TEAM_NOT_FOUND] })
  changeStatus(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) id: string, @Body() dto: UpdateLeadStatusDto): Promise<Lead> {
    return this.leads.changeStatus(auth, id, dto.status);
  }

  @Get(':id/comments')
  @ApiOperation({ summary: "A lead's comments, oldest first (newest last)" })
  @ApiAnswer(HttpStatus.OK, 'A page of comments', SCHEMAS.commentPage)
  @ApiRefusals({ 403: [ErrorCode.NOT_A_TEAM_MEMBER], 404: [ErrorCode.LEAD_NOT_FOUND, ErrorCode.TEAM_NOT_FOUND] })
  listComments(
    @CurrentUser() auth: AuthContext,
    @Param('id', UuidParam()) id: string,
    @Query() page: PaginationQuery,
  ): Promise<CappedPage<Comment>> {
    return this.comments.list(LEAD_COMMENTS, auth, id, page);
  }

  @Post(':id/comments')
  @ApiOperation({ summary: 'Comment on a lead; during impersonation the comment is the support admin’s' })
  @ApiAnswer(HttpStatus.CREATED, 'The comment, attributed to who wrote it', SCHEMAS.comment)
  @ApiRefusals({ 403: [ErrorCode.NOT_A_TEAM_MEMBER], 404: [ErrorCode.LEAD_NOT_FOUND, ErrorCode.TEAM_NOT_FOUND] })
  addComment(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) id: string, @Body() dto: CreateCommentDto): Promise<Comment> {
    return this.comments.create(LEAD_COMMENTS, auth, id, dto.text);
  }
}
