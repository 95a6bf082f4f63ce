import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ErrorCode, type Lead as LeadView, type LeadStatus, type Page } from '@vantage/contracts';
import { DataSource, EntityManager, type FindOptionsWhere } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import type { AuthContext } from '../auth/auth-context';
import { AppException } from '../common/app-exception';
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

  /** Newest first, optionally one business's leads and/or one status. */
  async list(auth: AuthContext, query: ListLeadsQuery): Promise<Page<LeadView>> {
    const where: FindOptionsWhere<Lead> = { teamId: currentTeamId(auth) };
    // TypeORM 1.x refuses undefined in `where`: filters are added only when given.
    if (query.businessId) where.businessId = query.businessId;
    if (query.status) where.status = query.status;
    const [rows, total] = await this.db.getRepository(Lead).findAndCount({
      where,
      order: { createdAt: 'DESC', id: 'ASC' },
      skip: query.offset,
      take: query.pageSize,
    });
    return { items: rows.map(toLeadView), total, page: query.page, pageSize: query.pageSize };
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
