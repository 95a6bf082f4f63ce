import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { ImpersonationMode, Role, SupportAccessPolicy } from '@vantage/contracts';
import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { actingPerson, type AuthContext } from '../auth/auth-context';
import { type SessionRow, sessionRowSelect } from '../auth/auth-context.loader';
import type { ImpersonationTarget } from '../auth/impersonation-policy';
import type { SelectedSession } from '../auth/session-issuer';
import { type SessionClient, sha256 } from '../auth/session.service';
import { type RunningSupportRow, runningSupportJson } from '../auth/support-session.reader';
import { preparedQuery } from '../common/prepared-query';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';
import { newImpersonationCode } from './impersonation-records';

/** What the start's rules need, read in one query (see startFacts). */
export interface StartFacts {
  target: (ImpersonationTarget & { email: string; firstName: string }) | null;
  /** The team entered: the one asked for if the user belongs to it, else their current team, else their first. */
  team: { id: string; name: string; supportAccess: SupportAccessPolicy } | null;
  /** This admin's approved, unexpired, unrevoked grant for this user in this team; read only under `approval`. */
  grant: { id: string; mode: ImpersonationMode; expiresAt: Date } | null;
}

interface StartFactsRow {
  id: string;
  email: string;
  first_name: string;
  role: Role;
  impersonation_allowed: boolean;
  team_id: string | null;
  team_name: string | null;
  support_access: SupportAccessPolicy | null;
  grant_id: string | null;
  grant_mode: ImpersonationMode | null;
  grant_expires_at: Date | null;
}

export interface StartInput {
  caller: AuthContext;
  targetId: string;
  targetEmail: string;
  team: { id: string; supportAccess: SupportAccessPolicy };
  grant: { id: string; expiresAt: Date } | null;
  mode: ImpersonationMode;
  reason: string | null;
  minutes: number;
}

export interface CommittedStart {
  sessionId: string;
  refreshToken: string;
  impersonationId: string;
  expiresAt: Date;
  mode: ImpersonationMode;
  /** The new session as the session check would read it, to issue its tokens from. */
  selected: SelectedSession;
}

/** The request's entry in the log of what support did, as the action log writes it (ImpersonationActionLog.entryOf). */
export interface ActionEntry {
  at: Date;
  method: string;
  path: string;
}

export interface CommittedCancel {
  sessionId: string;
  adminId: string;
  refreshToken: string;
  /** The admin's new session as the session check would read it, with their account's running support session. */
  selected: SelectedSession;
}

/** An ISO 8601 instant as JavaScript writes it (toISOString), for the audit entry's details. */
const ISO_MS = `'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'`;

/** The started impersonation's session, selected by the start's statement as the session check would read it. */
const STARTED_SESSION_ROW = sessionRowSelect({ sessions: 'session', impersonations: 'started' });

/** The admin's new session after a return, and whether support is in the admin's own account (for `/auth/me`). */
const RETURNED_SESSION_ROW = `SELECT r.*, ${runningSupportJson('r.user_id')} AS support_session
  FROM (${sessionRowSelect({ sessions: 'session', impersonations: 'impersonations' })}) r`;

const AUDIT_COLUMNS = `action, team_id, actor_id, actor_name, is_impersonated, impersonation_id, entity_type, entity_id, details, ip_address`;

/**
 * Starting and returning from an impersonation, each as one statement of data-modifying CTEs.
 *
 * Each spans tables owned elsewhere — `auth_sessions` (the auth core's SessionService), `audit_logs`
 * (AuditService), `users.current_team_id` (UsersRepository), `impersonation_actions` (ImpersonationActionLog) — because the transaction is this
 * feature's: a start is one atomic change (the record, its session, the admin's sign-in ended, the
 * admin's previous impersonation ended, the audit entries, the notice to send), and one statement
 * is one round trip where a transaction of separate statements took ten. The rows written are the
 * ones those owners write (same columns, same guards); a change to one of those tables' rules must be
 * made here too — ImpersonationEndings.end is the same end as the `ended` CTEs below.
 */
@Injectable()
export class ImpersonationStarts {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * The target user, the team to enter and its support-access policy, and under `approval` this
   * admin's grant — one query, read before the rules (auth/impersonation-policy.ts) decide. The
   * policy and the grant are read again, locked, by the start itself (see start).
   */
  async startFacts(adminId: string, userId: string, requestedTeamId: string | undefined): Promise<StartFacts> {
    const [row] = await preparedQuery<StartFactsRow>(
      this.db,
      'vantage-impersonation-start-facts',
      `SELECT u.id, u.email, u.first_name, u.role, u.impersonation_allowed,
              t.id AS team_id, t.name AS team_name, t.support_access,
              g.id AS grant_id, g.mode AS grant_mode, g.expires_at AS grant_expires_at
         FROM users u
         LEFT JOIN LATERAL (
              SELECT t.id, t.name, t.support_access
                FROM team_members m JOIN teams t ON t.id = m.team_id
               WHERE m.user_id = u.id AND ($2::uuid IS NULL OR m.team_id = $2::uuid)
               ORDER BY (m.team_id = u.current_team_id) DESC, m.created_at
               LIMIT 1) t ON true
         LEFT JOIN LATERAL (
              SELECT id, mode, expires_at FROM access_requests
               WHERE admin_id = $3 AND user_id = u.id AND team_id = t.id AND status = 'approved' AND expires_at > now()
               ORDER BY expires_at DESC
               LIMIT 1) g ON t.support_access = 'approval'
        WHERE u.id = $1`,
      [userId, requestedTeamId ?? null, adminId],
    );
    if (!row) return { target: null, team: null, grant: null };
    return {
      target: { id: row.id, email: row.email, firstName: row.first_name, role: row.role, impersonationAllowed: row.impersonation_allowed },
      team: row.team_id ? { id: row.team_id, name: row.team_name!, supportAccess: row.support_access! } : null,
      grant: row.grant_id ? { id: row.grant_id, mode: row.grant_mode!, expiresAt: row.grant_expires_at! } : null,
    };
  }

  /**
   * One statement: the team's policy (and the grant it relies on) held FOR SHARE and checked to be
   * what the rules were decided on — an owner tightening the policy, or a revocation, waits for
   * this start and then ends what it started; the admin's running impersonation ended (as a return
   * from it: one running impersonation per admin, one left in a closed tab ends here; one whose time
   * ran out is left for the sweep to end as expired) with its sessions and audit entry; the record
   * (the database sets its start and its end: `minutes` from now, or the grant's end if sooner); its
   * session; the admin's own sign-in ended (this browser's cookie now belongs to the impersonation);
   * the audit entry; and the notice to the user marked pending (the outbox, sent after the answer).
   * Null when the policy or the grant changed since they were read: nothing was written.
   */
  async start(input: StartInput): Promise<CommittedStart | null> {
    const admin = actingPerson(input.caller);
    const secret = randomBytes(32).toString('base64url');
    const [row] = await preparedQuery<SessionRow>(
      this.db,
      'vantage-impersonation-start',
      `WITH held_team AS (
              SELECT id FROM teams WHERE id = $3 AND support_access = $4 FOR SHARE
         ), held_grant AS (
              SELECT id FROM access_requests WHERE id = $5::uuid AND status = 'approved' AND expires_at > now() FOR SHARE
         ), allowed AS (
              SELECT 1 FROM held_team WHERE $5::uuid IS NULL OR EXISTS (SELECT 1 FROM held_grant)
         ), ended AS (
              UPDATE impersonations
                 SET ended_at = LEAST(now(), expires_at), end_reason = 'cancelled', ended_by_id = $1
               WHERE impersonator_id = $1 AND expires_at > now() AND ended_at IS NULL AND EXISTS (SELECT 1 FROM allowed)
           RETURNING id, impersonator_id, impersonated_user_id, team_id
         ), ended_sessions AS (
              UPDATE auth_sessions SET revoked_at = now()
               WHERE impersonation_id IN (SELECT id FROM ended) AND revoked_at IS NULL
         ), started AS (
              INSERT INTO impersonations
                     (code, impersonator_id, impersonated_user_id, impersonator_team_id, team_id, reason, mode, access_request_id,
                      expires_at, impersonator_session_id, notice_pending)
              SELECT $6, $1, $2, $7::uuid, $3, $8, $9, $5::uuid,
                     LEAST(now() + make_interval(mins => $10), COALESCE($11::timestamptz, 'infinity')), $12, true
                FROM allowed
           RETURNING *
         ), session AS (
              INSERT INTO auth_sessions (user_id, kind, team_id, two_factor_authenticated, impersonation_id, refresh_token_hash, expires_at)
              SELECT $2, 'impersonation', $3, false, id, $13, expires_at FROM started
           RETURNING *
         ), admin_signed_out AS (
              UPDATE auth_sessions SET revoked_at = now()
               WHERE id = $12 AND revoked_at IS NULL AND expires_at > now() AND EXISTS (SELECT 1 FROM started)
         ), audited AS (
              INSERT INTO audit_logs (${AUDIT_COLUMNS})
              SELECT 'impersonation.cancelled', e.team_id, $1::uuid, $14, false, NULL::uuid, 'impersonation', e.id::text,
                     jsonb_build_object('impersonatorId', e.impersonator_id, 'impersonatedUserId', e.impersonated_user_id), NULL::varchar
                FROM ended e
              UNION ALL
              SELECT 'impersonation.started', $3, $1, $14, false, NULL, 'impersonation', s.id::text,
                     $15::jsonb || jsonb_build_object('expiresAt', to_char(s.expires_at AT TIME ZONE 'UTC', ${ISO_MS}), 'mode', s.mode),
                     NULL
                FROM started s
         )
         ${STARTED_SESSION_ROW}`,
      [
        admin.id,
        input.targetId,
        input.team.id,
        input.team.supportAccess,
        input.grant?.id ?? null,
        newImpersonationCode(),
        input.caller.teamId,
        input.reason,
        input.mode,
        input.minutes,
        input.grant?.expiresAt ?? null,
        input.caller.sessionId,
        sha256(secret),
        admin.name,
        JSON.stringify({
          impersonatedUserId: input.targetId,
          impersonatedEmail: input.targetEmail,
          reason: input.reason,
          accessRequestId: input.grant?.id ?? null,
        }),
      ],
    );
    if (!row) return null;
    return {
      sessionId: row.session_id,
      refreshToken: `${row.session_id}.${secret}`,
      impersonationId: row.impersonation_id!,
      expiresAt: row.impersonation_expires_at!,
      mode: row.impersonation_mode!,
      selected: { row, supportSession: null },
    };
  }

  /**
   * "Return to my account", one statement: the record named by the token's claims (user, code and
   * start time — PostgreSQL keeps microseconds and a JWT milliseconds, so compared truncated to the
   * millisecond) ended as cancelled and marked returned from (no later return from it), its sessions
   * revoked, the end audited as the admin acting as support; the admin back in the team they started
   * from if they still belong to it (else their current team), and a new session for them — they
   * proved a fresh second factor to start, and the session carries that. The request's own entry in
   * the log of what support did is written by the same statement (the route is WritesOwnActionEntry),
   * whether or not the record was still running; `returned` is null when it was not (nothing else written).
   */
  async cancel(
    auth: AuthContext,
    code: string,
    startedAtMs: number,
    client: SessionClient,
    entry: ActionEntry,
  ): Promise<{ actionEntryId: string; returned: CommittedCancel | null }> {
    const by = actingPerson(auth);
    const secret = randomBytes(32).toString('base64url');
    const [row] = await preparedQuery<SessionRow & { action_entry_id: string; support_session: RunningSupportRow | null }>(
      this.db,
      'vantage-impersonation-return',
      `WITH ended AS (
            UPDATE impersonations
               SET ended_at = LEAST(now(), expires_at), end_reason = 'cancelled', ended_by_id = $4, returned_at = now()
             WHERE impersonated_user_id = $1 AND code = $2 AND floor(extract(epoch FROM created_at) * 1000)::bigint = $3::bigint
               AND expires_at > now() AND ended_at IS NULL
         RETURNING id, impersonator_id, impersonated_user_id, impersonator_team_id, team_id
       ), ended_sessions AS (
            UPDATE auth_sessions SET revoked_at = now()
             WHERE impersonation_id IN (SELECT id FROM ended) AND revoked_at IS NULL
       ), audited AS (
            INSERT INTO audit_logs (${AUDIT_COLUMNS})
            SELECT 'impersonation.cancelled', e.team_id, $4, $5, $6, $7::uuid, 'impersonation', e.id::text,
                   jsonb_build_object('impersonatorId', e.impersonator_id, 'impersonatedUserId', e.impersonated_user_id), NULL
              FROM ended e
       ), admin AS (
            UPDATE users u
               SET current_team_id = COALESCE(
                     (SELECT m.team_id FROM team_members m WHERE m.team_id = e.impersonator_team_id AND m.user_id = u.id), u.current_team_id)
              FROM ended e
             WHERE u.id = e.impersonator_id
         RETURNING u.id, u.current_team_id
       ), session AS (
            INSERT INTO auth_sessions (user_id, kind, team_id, two_factor_authenticated, refresh_token_hash, expires_at, user_agent, ip)
            SELECT id, 'full', current_team_id, true, $8, now() + make_interval(secs => $9 * 86400), $10, $11 FROM admin
         RETURNING *
       ), action AS (
            INSERT INTO impersonation_actions (impersonation_id, at, method, path) VALUES ($12, $13, $14, $15) RETURNING id
       )
       SELECT action.id AS action_entry_id, returned.* FROM action LEFT JOIN (${RETURNED_SESSION_ROW}) returned ON true`,
      [
        auth.user.id,
        code,
        startedAtMs,
        by.id,
        by.name,
        by.isImpersonated,
        by.impersonationId,
        sha256(secret),
        this.config.refreshTokenTtlDays,
        client.userAgent,
        client.ip,
        auth.impersonation!.id,
        entry.at,
        entry.method,
        entry.path,
      ],
    );
    const { action_entry_id: actionEntryId, support_session: supportSession, ...sessionRow } = row;
    if (!sessionRow.session_id) return { actionEntryId, returned: null };
    return {
      actionEntryId,
      returned: {
        sessionId: row.session_id,
        adminId: row.user_id,
        refreshToken: `${row.session_id}.${secret}`,
        selected: { row: sessionRow, supportSession },
      },
    };
  }
}
