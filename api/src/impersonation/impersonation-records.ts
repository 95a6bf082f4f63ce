import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ImpersonationEndReason, ImpersonationMode, Role } from '@vantage/contracts';
import { randomInt } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { isAdminRole, ROLE_RANK } from '../auth/roles';

/** The roles that may still return to their account (the auth core's rule, as a list for SQL). */
const ADMIN_ROLES = (Object.keys(ROLE_RANK) as Role[]).filter(isAdminRole);

const CODE_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const CODE_LENGTH = 24;

export interface NewImpersonation {
  impersonatorId: string;
  impersonatedUserId: string;
  impersonatorTeamId: string | null;
  /** The admin's sign-in the start ends (see claimReturn). */
  impersonatorSessionId: string;
  teamId: string;
  reason: string | null;
  minutes: number;
  mode: ImpersonationMode;
  /** The approved access request it runs under (`approval` policy): the session never outlasts its window. */
  grant: { id: string; expiresAt: Date } | null;
}

export interface StartedRecord {
  id: string;
  created_at: Date;
  expires_at: Date;
  mode: ImpersonationMode;
}

/** Which running records an end applies to. */
export type RunningImpersonations =
  /** `impersonatorId`: only if that admin started it. */
  | { id: string; unexpiredOnly?: boolean; impersonatorId?: string }
  /** The token's own claims: user, code and start time (PostgreSQL keeps microseconds, a JWT milliseconds). */
  | { impersonatedUserId: string; code: string; startedAtMs: number }
  | { impersonatedUserId: string }
  /** `unexpiredOnly`: leave the ones whose time ran out to be ended as expired. */
  | { impersonatorId: string; unexpiredOnly?: boolean }
  /** Those running under an access grant (its revocation); one whose time ran out is left to end as expired. */
  | { accessRequestId: string }
  /**
   * Those in a team whose policy tightened; `withoutGrantOnly`: only those running under no access grant.
   * One whose time ran out is left to end as expired.
   */
  | { teamId: string; withoutGrantOnly?: boolean }
  | { overdue: true };

export interface EndedRecord {
  id: string;
  impersonator_id: string;
  impersonated_user_id: string;
  impersonator_team_id: string | null;
  team_id: string;
  end_reason: ImpersonationEndReason;
}

/** An admin's return from an ended impersonation, claimed. */
export interface ClaimedReturn {
  impersonator_id: string;
  impersonator_team_id: string | null;
  end_reason: ImpersonationEndReason;
}

/** How the record ends: `found_over` is decided from the record (expired if its time ran out, else revoked). */
export type EndReason = ImpersonationEndReason | 'found_over';

function selectRunning(which: RunningImpersonations): { where: string; params: unknown[] } {
  if ('overdue' in which) return { where: 'expires_at <= now()', params: [] };
  if ('accessRequestId' in which) return { where: 'access_request_id = $1 AND expires_at > now()', params: [which.accessRequestId] };
  if ('teamId' in which) {
    return {
      where: `team_id = $1 AND expires_at > now()${which.withoutGrantOnly ? ' AND access_request_id IS NULL' : ''}`,
      params: [which.teamId],
    };
  }
  if ('id' in which) {
    const where = [
      'id = $1',
      ...(which.unexpiredOnly ? ['expires_at > now()'] : []),
      ...(which.impersonatorId ? ['impersonator_id = $2'] : []),
    ];
    return { where: where.join(' AND '), params: which.impersonatorId ? [which.id, which.impersonatorId] : [which.id] };
  }
  if ('code' in which) {
    return {
      where: `impersonated_user_id = $1 AND code = $2 AND floor(extract(epoch FROM created_at) * 1000)::bigint = $3::bigint AND expires_at > now()`,
      params: [which.impersonatedUserId, which.code, which.startedAtMs],
    };
  }
  if ('impersonatedUserId' in which) return { where: 'impersonated_user_id = $1', params: [which.impersonatedUserId] };
  return { where: `impersonator_id = $1${which.unexpiredOnly ? ' AND expires_at > now()' : ''}`, params: [which.impersonatorId] };
}

/** The owner of the `impersonations` table: every statement that writes it. */
@Injectable()
export class ImpersonationRecords {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Whether this impersonation is running now (not ended, time not run out). */
  async isRunning(id: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM impersonations WHERE id = $1 AND ended_at IS NULL AND expires_at > now()`, [
      id,
    ]);
    return rows.length > 0;
  }

  /**
   * A new record with a fresh 24-character code; the database sets its start and end — `minutes` from
   * now, or the end of the grant's window if that comes first.
   */
  async insert(record: NewImpersonation, manager: EntityManager): Promise<StartedRecord> {
    const [row]: StartedRecord[] = await manager.query(
      `INSERT INTO impersonations
              (code, impersonator_id, impersonated_user_id, impersonator_team_id, team_id, reason, mode, access_request_id, expires_at,
               impersonator_session_id)
       VALUES ($1, $2, $3, $4, $5, $6, $8, $9, LEAST(now() + make_interval(mins => $7), COALESCE($10::timestamptz, 'infinity')), $11)
       RETURNING id, created_at, expires_at, mode`,
      [
        newImpersonationCode(),
        record.impersonatorId,
        record.impersonatedUserId,
        record.impersonatorTeamId,
        record.teamId,
        record.reason,
        record.minutes,
        record.mode,
        record.grant?.id ?? null,
        record.grant?.expiresAt ?? null,
        record.impersonatorSessionId,
      ],
    );
    return row;
  }

  /** The admin went back to their own account from this impersonation (cancel): no later return from it. */
  async markReturned(id: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE impersonations SET returned_at = now() WHERE id = $1 AND returned_at IS NULL`, [id]);
  }

  /**
   * Claims the admin's return from an impersonation that ended within the last `withinMinutes`, once
   * (a guarded UPDATE: of two requests, on any instances, one gets the row back), and only while the
   * admin still holds an admin role. Never after the admin left it themselves (`cancelled`: returning,
   * ending it from another tab, or signing out, after which the browser's cookie must be worth nothing),
   * and never once anything signed the admin out since the start — another sign-in ended, a password
   * or two-factor change, a super admin's reset: each of those means signing in again.
   * Null when there is nothing to return from.
   */
  async claimReturn(id: string, withinMinutes: number, manager: EntityManager): Promise<ClaimedReturn | null> {
    const [rows] = await manager.query<[ClaimedReturn[], number]>(
      `UPDATE impersonations i SET returned_at = now()
         FROM users a
        WHERE i.id = $1 AND a.id = i.impersonator_id AND a.role = ANY($3::text[])
          AND i.ended_at IS NOT NULL AND i.ended_at > now() - make_interval(mins => $2) AND i.returned_at IS NULL
          AND i.end_reason <> 'cancelled'
          AND NOT EXISTS (
                SELECT 1 FROM auth_sessions s
                 WHERE s.user_id = i.impersonator_id AND s.revoked_at >= i.created_at
                   AND s.id IS DISTINCT FROM i.impersonator_session_id)
        RETURNING i.impersonator_id, i.impersonator_team_id, i.end_reason`,
      [id, withinMinutes, ADMIN_ROLES],
    );
    return rows[0] ?? null;
  }

  /**
   * Closes the matching records that are still open, once each (a guarded UPDATE: of several callers
   * ending the same record, one gets it back). A record never ends after its expiry.
   */
  async end(
    which: RunningImpersonations,
    reason: EndReason,
    endedById: string | null,
    manager: EntityManager = this.db.manager,
  ): Promise<EndedRecord[]> {
    const { where, params } = selectRunning(which);
    const reasonSql = reason === 'found_over' ? `CASE WHEN expires_at <= now() THEN 'expired' ELSE 'revoked' END` : `$${params.length + 2}`;
    const [rows] = await manager.query<[EndedRecord[], number]>(
      `UPDATE impersonations
          SET ended_at = LEAST(now(), expires_at), end_reason = ${reasonSql}, ended_by_id = $${params.length + 1}
        WHERE ${where} AND ended_at IS NULL
        RETURNING id, impersonator_id, impersonated_user_id, impersonator_team_id, team_id, end_reason`,
      reason === 'found_over' ? [...params, endedById] : [...params, endedById, reason],
    );
    return rows;
  }
}

/** A fresh 24-character code from the CSPRNG. */
export function newImpersonationCode(): string {
  let code = '';
  for (let i = 0; i < CODE_LENGTH; i++) code += CODE_ALPHABET[randomInt(CODE_ALPHABET.length)];
  return code;
}
