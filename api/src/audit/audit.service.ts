import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { AuditAction, AuditLogEntry, KeysetPage } from '@vantage/contracts';
import { DataSource, EntityManager } from 'typeorm';
import { actingPerson, type ActingPerson, type AuthContext } from '../auth/auth-context';
import { countUpToCap } from '../common/capped-total';
import { type KeysetPaginationQuery, keysetPage, keysetPageIds, keysetTotal, POSITION_AT_SQL } from '../common/keyset-pagination';
import { AuditLog } from './audit-log.entity';

export interface AuditInput {
  action: AuditAction;
  teamId?: string | null;
  /** The request's caller (attribution is derived from it), a known person, or null for "System". */
  actor: AuthContext | ActingPerson | null;
  /** Shown when there is no actor, e.g. a failed login for an unknown email. */
  actorName?: string;
  entityType?: string | null;
  entityId?: string | null;
  details?: Record<string, unknown> | null;
  ipAddress?: string | null;
}

/**
 * The one door to the audit log. Security events are also written to the server log, so
 * operators see logins, 2FA failures, lockouts and impersonation without querying the table.
 */
@Injectable()
export class AuditService {
  private readonly logger = new Logger('Audit');

  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Pass the transaction's manager to write the entry together with the change it records. */
  async record(input: AuditInput, manager: EntityManager = this.db.manager): Promise<AuditLog> {
    const person = input.actor && 'sessionId' in input.actor ? actingPerson(input.actor) : input.actor;
    const saved = Object.assign(new AuditLog(), {
      action: input.action,
      teamId: input.teamId ?? null,
      actorId: person?.id ?? null,
      actorName: person?.name ?? input.actorName ?? 'System',
      isImpersonated: person?.isImpersonated ?? false,
      impersonationId: person?.impersonationId ?? null,
      entityType: input.entityType ?? null,
      entityId: input.entityId ?? null,
      details: input.details ?? null,
      ipAddress: input.ipAddress ?? null,
    });
    // One INSERT … RETURNING: every write of the app goes through here, and the repository's save()
    // spent more CPU working out what to insert than PostgreSQL spent inserting it.
    const [row]: { id: string; created_at: Date }[] = await manager.query(
      `INSERT INTO audit_logs (action, team_id, actor_id, actor_name, is_impersonated, impersonation_id, entity_type, entity_id, details, ip_address)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::jsonb, $10)
       RETURNING id, created_at`,
      [
        saved.action,
        saved.teamId,
        saved.actorId,
        saved.actorName,
        saved.isImpersonated,
        saved.impersonationId,
        saved.entityType,
        saved.entityId,
        saved.details === null ? null : JSON.stringify(saved.details),
        saved.ipAddress,
      ],
    );
    saved.id = row.id;
    saved.createdAt = row.created_at;
    if (SECURITY_ACTION.test(input.action)) {
      this.logger.log(`${input.action} by ${saved.actorName}${input.entityId ? ` on ${input.entityType}:${input.entityId}` : ''}`);
    }
    return saved;
  }

  /**
   * A team's log, newest first — `(created_at DESC, id DESC)` is exactly the order of the
   * audit_logs_team_created_idx index, which also chooses the page's ids (index-only, by offset or
   * after a cursor: keysetPageIds). Without a current team there is no log to show.
   * The total is capped (countUpToCap): the log is the table that grows fastest.
   */
  async listForTeam(teamId: string | null, query: KeysetPaginationQuery): Promise<KeysetPage<AuditLogEntry>> {
    const echo = { page: query.page, pageSize: query.pageSize };
    if (!teamId) return { items: [], total: 0, totalIsCapped: false, ...echo, nextCursor: null };
    const ids = keysetPageIds('audit_logs', 'DESC', teamId, query);
    const read = await this.db.query<AuditLogRow[]>(
      `SELECT a.id, a.action, a.actor_id, a.actor_name, a.is_impersonated, a.entity_type, a.entity_id, a.details, a.created_at,
              ${POSITION_AT_SQL('a.created_at')}
         FROM (${ids.sql}) page JOIN audit_logs a ON a.id = page.id
        ORDER BY a.created_at DESC, a.id DESC`,
      ids.params,
    );
    const { rows, nextCursor } = keysetPage(read, query.pageSize);
    const total = await keysetTotal(query, rows.length, () => countUpToCap(this.db, 'audit_logs', 'team_id = $1', [teamId]));
    return { items: rows.map(toAuditLogEntry), ...total, ...echo, nextCursor };
  }
}

interface AuditLogRow {
  id: string;
  action: AuditAction;
  actor_id: string | null;
  actor_name: string;
  is_impersonated: boolean;
  entity_type: string | null;
  entity_id: string | null;
  details: Record<string, unknown> | null;
  created_at: Date;
  position_at: string;
}

/** `actor.name` is the name stored with the entry, as it was when the action happened. */
function toAuditLogEntry(entry: AuditLogRow): AuditLogEntry {
  return {
    id: entry.id,
    action: entry.action,
    actor: entry.actor_id ? { id: entry.actor_id, name: entry.actor_name } : null,
    actorName: entry.actor_name,
    isImpersonated: entry.is_impersonated,
    entityType: entry.entity_type,
    entityId: entry.entity_id,
    createdAt: entry.created_at.toISOString(),
    details: entry.details,
  };
}

const SECURITY_ACTION = /^(auth|two_factor|impersonation|user\.role)/;
