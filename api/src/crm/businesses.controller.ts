import { Body, Controller, Get, HttpStatus, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { type Business, type CappedPage, type Comment, ErrorCode, type KeysetPage } from '@vantage/contracts';
import type { AuthContext } from '../auth/auth-context';
import { CurrentUser } from '../auth/auth.decorators';
import { CurrentTeamData } from '../auth/team-two-factor';
import { KeysetPaginationQuery } from '../common/keyset-pagination';
import { PaginationQuery } from '../common/pagination';
import { UuidParam } from '../common/uuid-param';
import { BusinessesService } from './businesses.service';
import { BUSINESS_COMMENTS, CommentsService } from './comments.service';
import { CreateBusinessDto, CreateCommentDto } from './crm.dto';
import { ApiAnswer, ApiRefusals, SCHEMAS } from '../common/openapi';

@ApiTags('crm')
@ApiBearerAuth()
@CurrentTeamData()
@Controller('businesses')
export class BusinessesController {
  constructor(
    private readonly businesses: BusinessesService,
    private readonly comments: CommentsService,
  ) {}

  @Get()
  @ApiOperation({ summary: "The current team's businesses, newest first; by page, or after a cursor (nextCursor) at any depth" })
  @ApiAnswer(HttpStatus.OK, 'A page of businesses', SCHEMAS.businessPage)
  @ApiRefusals({ 403: [ErrorCode.NOT_A_TEAM_MEMBER] })
  list(@CurrentUser() auth: AuthContext, @Query() page: KeysetPaginationQuery): Promise<KeysetPage<Business>> {
    return this.businesses.list(auth, page);
  }

  @Post()
  @ApiOperation({ summary: 'Add a business to the current team (audited)' })
  @ApiAnswer(HttpStatus.CREATED, 'The business', SCHEMAS.business)
  @ApiRefusals({ 403: [ErrorCode.NOT_A_TEAM_MEMBER], 404: [ErrorCode.TEAM_NOT_FOUND] })
  create(@CurrentUser() auth: AuthContext, @Body() dto: CreateBusinessDto): Promise<Business> {
    return this.businesses.create(auth, dto);
  }

  @Get(':id')
  @ApiOperation({ summary: 'One business of the current team (404 for any other team)' })
  @ApiAnswer(HttpStatus.OK, 'The business', SCHEMAS.business)
  @ApiRefusals({ 403: [ErrorCode.NOT_A_TEAM_MEMBER], 404: [ErrorCode.BUSINESS_NOT_FOUND, ErrorCode.TEAM_NOT_FOUND] })
  get(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) id: string): Promise<Business> {
    return this.businesses.get(auth, id);
  }

  @Get(':id/comments')
  @ApiOperation({ summary: "A business's comments, oldest first (newest last)" })
  @ApiAnswer(HttpStatus.OK, 'A page of comments', SCHEMAS.commentPage)
  @ApiRefusals({ 403: [ErrorCode.NOT_A_TEAM_MEMBER], 404: [ErrorCode.BUSINESS_NOT_FOUND, ErrorCode.TEAM_NOT_FOUND] })
  listComments(
    @CurrentUser() auth: AuthContext,
    @Param('id', UuidParam()) id: string,
    @Query() page: PaginationQuery,
  ): Promise<CappedPage<Comment>> {
    return this.comments.list(BUSINESS_COMMENTS, auth, id, page);
  }

  @Post(':id/comments')
  @ApiOperation({ summary: 'Comment on a business; during impersonation the comment is the support admin’s' })
  @ApiAnswer(HttpStatus.CREATED, 'The comment, attributed to who wrote it', SCHEMAS.comment)
  @ApiRefusals({ 403: [ErrorCode.NOT_A_TEAM_MEMBER], 404: [ErrorCode.BUSINESS_NOT_FOUND, ErrorCode.TEAM_NOT_FOUND] })
  addComment(@CurrentUser() auth: AuthContext, @Param('id', UuidParam()) id: string, @Body() dto: CreateCommentDto): Promise<Comment> {
    return this.comments.create(BUSINESS_COMMENTS, auth, id, dto.text);
  }
}
