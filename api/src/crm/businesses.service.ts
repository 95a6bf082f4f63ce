import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Business as BusinessView, ErrorCode, type KeysetPage } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../auth/auth-context';
import { AppException } from '../common/app-exception';
import { countUpToCap } from '../common/capped-total';
import { type KeysetPaginationQuery, keysetPage, keysetTotal } from '../common/keyset-pagination';
import { type BusinessListRow, businessesPage } from './businesses.query';
import { Business } from './business.entity';
import type { CreateBusinessDto } from './crm.dto';
import { toBusinessView } from './crm.views';
import { currentTeamId } from '../auth/current-team';

/** Businesses of the caller's current team; another team's business is indistinguishable from a missing one. */
@Injectable()
export class BusinessesService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /**
   * Newest first; the order is the (team_id, created_at DESC, id) index's, which also chooses the
   * page's ids (index-only, by offset or after a cursor: keysetPageIds) — a team holding the whole table
   * had its deep pages read by a sequential scan and a sort. The total is capped (countUpToCap).
   */
  async list(auth: AuthContext, query: KeysetPaginationQuery): Promise<KeysetPage<BusinessView>> {
    const teamId = currentTeamId(auth);
    const page = businessesPage(teamId, query);
    const read = await this.db.query<BusinessListRow[]>(page.sql, page.params);
    const { rows, nextCursor } = keysetPage(read, query.pageSize);
    const total = await keysetTotal(query, rows.length, () => countUpToCap(this.db, 'businesses', 'team_id = $1', [teamId]));
    return { items: rows.map(toBusinessView), ...total, page: query.page, pageSize: query.pageSize, nextCursor };
  }

  async get(auth: AuthContext, id: string): Promise<BusinessView> {
    const business = await this.db.getRepository(Business).findOne({ where: { id, teamId: currentTeamId(auth) } });
    if (!business) throw AppException.notFound(ErrorCode.BUSINESS_NOT_FOUND);
    return toBusinessView(business);
  }

  async create(auth: AuthContext, dto: CreateBusinessDto): Promise<BusinessView> {
    const teamId = currentTeamId(auth);
    return this.db.transaction(async (manager) => {
      const repository = manager.getRepository(Business);
      const business = await repository.save(repository.create({ teamId, name: dto.name, description: dto.description ?? null }));
      await this.audit.record(
        {
          action: 'business.created',
          teamId,
          actor: auth,
          entityType: 'business',
          entityId: business.id,
          details: { name: business.name },
        },
        manager,
      );
      return toBusinessView(business);
    });
  }
}
