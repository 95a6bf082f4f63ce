import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type CappedPage, ErrorCode, type Lead as LeadView, type LeadStatus } from '@vantage/contracts';
import { DataSource, EntityManager, type FindOptionsWhere } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../auth/auth-context';
import { AppException } from '../common/app-exception';
import { countUpToCap, pageTotal } from '../common/capped-total';
import type { CreateLeadDto, ListLeadsQuery } from './crm.dto';
import { toLeadView } from './crm.views';
import { currentTeamId } from '../auth/current-team';
import { Lead } from './lead.entity';

/** Leads of the caller's current team; a lead may only point at a business of the same team. */
@Injectable()
export class LeadsService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Newest first, optionally one business's leads and/or one status. The total is capped (countUpToCap). */
  async list(auth: AuthContext, query: ListLeadsQuery): Promise<CappedPage<LeadView>> {
    const where: FindOptionsWhere<Lead> = { teamId: currentTeamId(auth) };
    const conditions = ['team_id = $1'];
    const params: unknown[] = [where.teamId];
    // TypeORM 1.x refuses undefined in `where`: filters are added only when given.
    if (query.businessId) {
      where.businessId = query.businessId;
      params.push(query.businessId);
      conditions.push(`business_id = $${params.length}`);
    }
    if (query.status) {
      where.status = query.status;
      params.push(query.status);
      conditions.push(`status = $${params.length}`);
    }
    const rows = await this.db.getRepository(Lead).find({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: query.offset,
      take: query.pageSize,
    });
    const total = await pageTotal(query, rows.length, () => countUpToCap(this.db, 'leads', conditions.join(' AND '), params));
    return { items: rows.map(toLeadView), ...total, page: query.page, pageSize: query.pageSize };
  }

  async get(auth: AuthContext, id: string): Promise<LeadView> {
    const lead = await this.db.getRepository(Lead).findOne({ where: { id, teamId: currentTeamId(auth) } });
    if (!lead) throw AppException.notFound(ErrorCode.LEAD_NOT_FOUND);
    return toLeadView(lead);
  }

  async create(auth: AuthContext, dto: CreateLeadDto): Promise<LeadView> {
    const teamId = currentTeamId(auth);
    return this.db.transaction(async (manager) => {
      if (dto.businessId) await this.lockBusinessOfTeam(manager, teamId, dto.businessId);
      const repository = manager.getRepository(Lead);
      const lead = await repository.save(
        repository.create({
          teamId,
          name: dto.name,
          email: dto.email ?? null,
          businessId: dto.businessId ?? null,
          status: dto.status ?? 'new',
        }),
      );
      await this.audit.record(
        {
          action: 'lead.created',
          teamId,
          actor: auth,
          entityType: 'lead',
          entityId: lead.id,
          details: { name: lead.name, status: lead.status, businessId: lead.businessId },
        },
        manager,
      );
      return toLeadView(lead);
    });
  }

  /** Moves a lead to another status; setting the status it already has changes (and audits) nothing. */
  async changeStatus(auth: AuthContext, id: string, status: LeadStatus): Promise<LeadView> {
    const teamId = currentTeamId(auth);
    return this.db.transaction(async (manager) => {
      const repository = manager.getRepository(Lead);
      // Locked so two concurrent changes audit a true from → to chain.
      const lead = await repository.findOne({ where: { id, teamId }, lock: { mode: 'pessimistic_write' } });
      if (!lead) throw AppException.notFound(ErrorCode.LEAD_NOT_FOUND);
      if (lead.status === status) return toLeadView(lead);
      const from = lead.status;
      lead.status = status;
      const saved = await repository.save(lead);
      await this.audit.record(
        { action: 'lead.status_changed', teamId, actor: auth, entityType: 'lead', entityId: lead.id, details: { from, to: status } },
        manager,
      );
      return toLeadView(saved);
    });
  }

  /** The business must be in the caller's team; the row lock keeps it from vanishing before the insert. */
  private async lockBusinessOfTeam(manager: EntityManager, teamId: string, businessId: string): Promise<void> {
    const rows: unknown[] = await manager.query(`SELECT 1 FROM businesses WHERE id = $1 AND team_id = $2 FOR KEY SHARE`, [
      businessId,
      teamId,
    ]);
    if (!rows.length) throw AppException.notFound(ErrorCode.BUSINESS_NOT_FOUND);
  }
}
