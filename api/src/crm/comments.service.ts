import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CappedPage, type Comment as CommentView, ErrorCode } from '@vantage/contracts';
import { DataSource, type DeepPartial, EntityManager, type FindOptionsOrder, type FindOptionsWhere } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { actingPerson, type AuthContext } from '../auth/auth-context';
import { AppException } from '../common/app-exception';
import { countUpToCap, pageTotal } from '../common/capped-total';
import type { PaginationQuery } from '../common/pagination';
import { BusinessComment, type CommentColumns, LeadComment } from './comment.entity';
import { toCommentView } from './crm.views';
import { currentTeamId } from '../auth/current-team';

/** What differs between the comments of a business and those of a lead. */
export interface CommentThread<C extends CommentColumns> {
  entity: new () => C;
  parentTable: 'businesses' | 'leads';
  /** The comments' table and its column naming the parent, for the capped count. */
  table: 'business_comments' | 'lead_comments';
  parentColumn: 'business_id' | 'lead_id';
  parentProperty: keyof C & string;
  /** The audit entry's detail naming the business or lead, so the log says what was commented on. */
  parentNameDetail: 'businessName' | 'leadName';
  auditEntityType: string;
  parentNotFound: ErrorCode;
}

export const BUSINESS_COMMENTS: CommentThread<BusinessComment> = {
  entity: BusinessComment,
  parentTable: 'businesses',
  table: 'business_comments',
  parentColumn: 'business_id',
  parentProperty: 'businessId',
  parentNameDetail: 'businessName',
  auditEntityType: 'business_comment',
  parentNotFound: ErrorCode.BUSINESS_NOT_FOUND,
};

export const LEAD_COMMENTS: CommentThread<LeadComment> = {
  entity: LeadComment,
  parentTable: 'leads',
  table: 'lead_comments',
  parentColumn: 'lead_id',
  parentProperty: 'leadId',
  parentNameDetail: 'leadName',
  auditEntityType: 'lead_comment',
  parentNotFound: ErrorCode.LEAD_NOT_FOUND,
};

/**
 * Comments on a business or a lead of the current team. Authorship comes from actingPerson(), and
 * each comment is written in one transaction with its audit entry: both exist, or neither.
 */
@Injectable()
export class CommentsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Oldest first ("newest last", like a conversation); (created_at, id) keeps equal timestamps stable. */
  async list<C extends CommentColumns>(
    thread: CommentThread<C>,
    auth: AuthContext,
    parentId: string,
    page: PaginationQuery,
  ): Promise<CappedPage<CommentView>> {
    const teamId = currentTeamId(auth);
    await this.assertParentInTeam(this.db.manager, thread, teamId, parentId, false);
    const rows = await this.db.getRepository(thread.entity).find({
      where: { [thread.parentProperty]: parentId, teamId } as FindOptionsWhere<C>,
      order: { createdAt: 'ASC', id: 'ASC' } as FindOptionsOrder<C>,
      skip: page.offset,
      take: page.pageSize,
    });
    const total = await pageTotal(page, rows.length, () =>
      countUpToCap(this.db, thread.table, `${thread.parentColumn} = $1 AND team_id = $2`, [parentId, teamId]),
    );
    return { items: rows.map(toCommentView), ...total, page: page.page, pageSize: page.pageSize };
  }

  async create<C extends CommentColumns>(
    thread: CommentThread<C>,
    auth: AuthContext,
    parentId: string,
    text: string,
  ): Promise<CommentView> {
    const teamId = currentTeamId(auth);
    const author = actingPerson(auth);
    return this.db.transaction(async (manager) => {
      const parentName = await this.assertParentInTeam(manager, thread, teamId, parentId, true);
      const repository = manager.getRepository(thread.entity);
      const comment = await repository.save(
        repository.create({
          [thread.parentProperty]: parentId,
          teamId,
          text,
          authorId: author.id,
          authorName: author.name,
          isImpersonated: author.isImpersonated,
          impersonationId: author.impersonationId,
        } as DeepPartial<C>),
      );
      await this.audit.record(
        {
          action: 'comment.created',
          teamId,
          actor: author,
          entityType: thread.auditEntityType,
          entityId: comment.id,
          // The name as it was when the comment was written, as a log should remember it.
          details: { [thread.parentProperty]: parentId, [thread.parentNameDetail]: parentName },
        },
        manager,
      );
      return toCommentView(comment);
    });
  }

  /** A parent in another team answers exactly like a missing one. Writers lock it against deletion. Answers its name. */
  private async assertParentInTeam<C extends CommentColumns>(
    manager: EntityManager,
    thread: CommentThread<C>,
    teamId: string,
    parentId: string,
    lock: boolean,
  ): Promise<string> {
    const rows: { name: string }[] = await manager.query(
      `SELECT name FROM ${thread.parentTable} WHERE id = $1 AND team_id = $2${lock ? ' FOR KEY SHARE' : ''}`,
      [parentId, teamId],
    );
    if (!rows.length) throw AppException.notFound(thread.parentNotFound);
    return rows[0].name;
  }
}
