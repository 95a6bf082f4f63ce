import { Injectable } from '@nestjs/common';
import DataLoader from 'dataloader';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ImpersonationMode, Role, TeamRole, TwoFactorMethod } from '@vantage/contracts';
import { DataSource } from 'typeorm';
import { preparedQuery } from '../common/prepared-query';
import { UUID_PATTERN } from '../common/uuid-param';
import type { AuthSessionKind } from './auth-session.entity';
import type { AuthContext } from './auth-context';
import { isStillValid } from './impersonation-policy';

export interface SessionRow {
  session_id: string;
  user_id: string;
  kind: AuthSessionKind;
  team_id: string | null;
  team_name: string | null;
  team_role: TeamRole | null;
  team_require_two_factor: boolean | null;
  two_factor_authenticated: boolean;
  session_live: boolean;
  session_expires_at: Date;
  last_seen_at: Date;
  email: string;
  first_name: string;
  last_name: string;
  role: Role;
  impersonation_allowed: boolean;
  is_two_factor_enabled: boolean;
  two_factor_method: TwoFactorMethod | null;
  impersonation_id: string | null;
  impersonation_code: string | null;
  impersonation_started_at: Date | null;
  impersonation_expires_at: Date | null;
  impersonation_ended_at: Date | null;
  impersonation_mode: ImpersonationMode | null;
  impersonator_team_id: string | null;
  admin_id: string | null;
  admin_email: string | null;
  admin_first_name: string | null;
  admin_last_name: string | null;
  admin_role: Role | null;
}

export type LoadedSession =
  { status: 'live'; context: AuthContext } | { status: 'gone' } | { status: 'impersonation_over'; impersonationId: string };

/** The session check, exported for the bench's physical reference, which must send the very same statement. */
export const LOAD_SESSION_SQL = `SELECT s.id AS session_id, s.user_id, s.kind, s.team_id, s.two_factor_authenticated,
              s.expires_at AS session_expires_at, (s.revoked_at IS NULL AND s.expires_at > now()) AS session_live, s.last_seen_at,
              u.email, u.first_name, u.last_name, u.role, u.impersonation_allowed,
              u.is_two_factor_enabled, u.two_factor_method,
              i.id AS impersonation_id, i.code AS impersonation_code, i.created_at AS impersonation_started_at,
              i.expires_at AS impersonation_expires_at, i.ended_at AS impersonation_ended_at, i.mode AS impersonation_mode,
              i.impersonator_team_id, t.name AS team_name, m.role AS team_role, t.require_two_factor AS team_require_two_factor,
              a.id AS admin_id, a.email AS admin_email, a.first_name AS admin_first_name,
              a.last_name AS admin_last_name, a.role AS admin_role
         FROM auth_sessions s
         JOIN users u ON u.id = s.user_id
         LEFT JOIN impersonations i ON i.id = s.impersonation_id
         LEFT JOIN users a ON a.id = i.impersonator_id
         LEFT JOIN team_members m ON m.team_id = s.team_id AND m.user_id = s.user_id
         LEFT JOIN teams t ON t.id = m.team_id
        WHERE s.id = ANY($1::uuid[])`;

/**
 * The session check's row, selected from other sources: a statement that has just written a session
 * (and its impersonation) names its own CTEs, since the tables do not show it those rows yet. A token
 * is then issued from the very row the session check would read, without reading it again.
 */
export function sessionRowSelect(sources: { sessions: string; impersonations: string }): string {
  const sql = LOAD_SESSION_SQL.replace('FROM auth_sessions s', `FROM ${sources.sessions} s`)
    .replace('LEFT JOIN impersonations i', `LEFT JOIN ${sources.impersonations} i`)
    .replace(/\s+WHERE s\.id = ANY\(\$1::uuid\[\]\)$/, '');
  if (/auth_sessions s|\$1/.test(sql)) throw new Error('The session query changed shape: update sessionRowSelect');
  return sql;
}

/** At most this many sessions in one query. */
const MAX_BATCH = 200;

/**
 * Loads the caller in one indexed query: the session, its user and current team (with the team's
 * two-factor requirement, so team-wide two-factor costs no query of its own), and for an
 * impersonation the record and the admin behind it. This is the revocation check of every authenticated request.
 *
 * Requests that arrive together share the query: every load asked for while the event loop reads
 * incoming requests is sent as one `WHERE s.id = ANY($1)` when that read is over (DataLoader,
 * scheduled with setImmediate, no cache). Each request still reads the database after it arrived,
 * so a revocation committed before a request is always seen; under load, PostgreSQL answers one
 * query per batch instead of one per request.
 */
@Injectable()
export class AuthContextLoader {
  private readonly sessions: DataLoader<string, SessionRow | undefined>;

  constructor(@InjectDataSource() private readonly db: DataSource) {
    this.sessions = new DataLoader((ids) => this.fetch(ids), {
      cache: false,
      maxBatchSize: MAX_BATCH,
      batchScheduleFn: (send) => setImmediate(send),
    });
  }

  private async fetch(ids: readonly string[]): Promise<(SessionRow | undefined)[]> {
    // A named (prepared) statement: PostgreSQL plans this five-table join once per connection
    // instead of on every request (planning took longer than executing it).
    const rows = await preparedQuery<SessionRow>(this.db, 'vantage-auth-contexts', LOAD_SESSION_SQL, [ids]);
    const byId = new Map(rows.map((row) => [row.session_id, row]));
    return ids.map((id) => byId.get(id));
  }

  /** `prefetched`: the row as a statement that wrote the session selected it (sessionRowSelect), not read again. */
  async load(sessionId: string, userId: string, prefetched?: SessionRow): Promise<LoadedSession> {
    // Not a UUID: no such session — and sent along, it would fail the whole batch's query.
    if (!UUID_PATTERN.test(sessionId)) return { status: 'gone' };
    const row = prefetched?.session_id === sessionId ? prefetched : await this.sessions.load(sessionId);
    if (!row || row.user_id !== userId) return { status: 'gone' };

    if (row.kind === 'impersonation') {
      const over =
        !row.session_live ||
        !row.impersonation_id ||
        !isStillValid({
          endedAt: row.impersonation_ended_at,
          expiresAt: row.impersonation_expires_at!,
          impersonatorRole: row.admin_role,
          impersonationAllowed: row.impersonation_allowed,
        });
      if (over) return row.impersonation_id ? { status: 'impersonation_over', impersonationId: row.impersonation_id } : { status: 'gone' };
    } else if (!row.session_live) {
      return { status: 'gone' };
    }

    return {
      status: 'live',
      context: {
        user: {
          id: row.user_id,
          email: row.email,
          firstName: row.first_name,
          lastName: row.last_name,
          role: row.role,
          impersonationAllowed: row.impersonation_allowed,
          isTwoFactorEnabled: row.is_two_factor_enabled,
          twoFactorMethod: row.two_factor_method,
        },
        sessionId: row.session_id,
        sessionKind: row.kind,
        sessionExpiresAt: row.session_expires_at,
        sessionLastSeenAt: row.last_seen_at,
        teamId: row.team_id,
        team: row.team_role
          ? { id: row.team_id!, name: row.team_name!, role: row.team_role, requireTwoFactor: row.team_require_two_factor === true }
          : null,
        twoFactorAuthenticated: row.two_factor_authenticated,
        impersonation:
          row.kind === 'impersonation' && row.impersonation_id
            ? {
                id: row.impersonation_id,
                code: row.impersonation_code!,
                impersonator: {
                  id: row.admin_id!,
                  email: row.admin_email!,
                  firstName: row.admin_first_name!,
                  lastName: row.admin_last_name!,
                  role: row.admin_role!,
                },
                impersonatorTeamId: row.impersonator_team_id,
                startedAt: row.impersonation_started_at!,
                expiresAt: row.impersonation_expires_at!,
                mode: row.impersonation_mode!,
              }
            : null,
      },
    };
  }
}
