import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ACCESS_REQUEST_PENDING_DAYS, type AccessRequestStatus, type ImpersonationMode } from '@vantage/contracts';
import { DataSource, EntityManager } from 'typeorm';

/** An approved window in which an admin may start impersonations of one user in one team (SPEC §10). */
export interface UsableGrant {
  id: string;
  mode: ImpersonationMode;
  expires_at: Date;
}

export interface NewAccessRequest {
  adminId: string;
  userId: string;
  teamId: string;
  reason: string;
  mode: ImpersonationMode;
  durationMinutes: number;
}

/** A request with the names it is shown with; `status` is as read now (`expired` computed by PostgreSQL's clock). */
export interface AccessRequestRow {
  id: string;
  admin_id: string;
  admin_first: string;
  admin_last: string;
  admin_email: string;
  user_id: string;
  user_first: string;
  user_last: string;
  user_email: string;
  team_id: string;
  team_name: string;
  reason: string;
  mode: ImpersonationMode;
  duration_minutes: number;
  status: AccessRequestStatus;
  created_at: Date;
  decided_at: Date | null;
  decided_by_id: string | null;
  decided_first: string | null;
  decided_last: string | null;
  expires_at: Date | null;
}

/** A request as one caller may act on it: whether they are the person concerned or an owner of its team now. */
export interface AccessRequestForCaller extends AccessRequestRow {
  caller_is_user: boolean;
  caller_is_owner: boolean;
  /** Whether the request's team requires two-factor of its members (team-wide two-factor). */
  team_require_two_factor: boolean;
}

/** The stored states; `expired` is never stored. */
const STATUS_NOW = `CASE
    WHEN r.status = 'approved' AND r.expires_at <= now() THEN 'expired'
    WHEN r.status = 'pending' AND r.created_at <= now() - make_interval(days => ${ACCESS_REQUEST_PENDING_DAYS}) THEN 'expired'
    ELSE r.status END`;

/** A pending request still open to an answer (not older than ACCESS_REQUEST_PENDING_DAYS). */
const ANSWERABLE = `status = 'pending' AND created_at > now() - make_interval(days => ${ACCESS_REQUEST_PENDING_DAYS})`;

const SELECT_VIEW = `
  SELECT r.id, r.admin_id, a.first_name AS admin_first, a.last_name AS admin_last, a.email AS admin_email,
         r.user_id, u.first_name AS user_first, u.last_name AS user_last, u.email AS user_email,
         r.team_id, t.name AS team_name, r.reason, r.mode, r.duration_minutes, ${STATUS_NOW} AS status,
         r.created_at, r.decided_at, r.decided_by_id, d.first_name AS decided_first, d.last_name AS decided_last, r.expires_at
    FROM access_requests r
    JOIN users a ON a.id = r.admin_id
    JOIN users u ON u.id = r.user_id
    JOIN teams t ON t.id = r.team_id
    LEFT JOIN users d ON d.id = r.decided_by_id`;

/** Lists are of the latest requests; older ones are no longer actionable. */
const LIST_LIMIT = 100;

/** The owner of the `access_requests` table: every statement that writes it, and the grant lookup. */
@Injectable()
export class AccessRequestRecords {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * The grant an impersonation starts under: approved, not revoked, window not over; the latest
   * ending one when there are several. Read `FOR SHARE` inside the start's transaction, so a
   * revocation committing at the same moment waits for the start and then ends what it started.
   */
  async usableGrant(
    which: { adminId: string; userId: string; teamId: string },
    manager: EntityManager = this.db.manager,
  ): Promise<UsableGrant | null> {
    const [row]: UsableGrant[] = await manager.query(
      `SELECT id, mode, expires_at FROM access_requests
        WHERE admin_id = $1 AND user_id = $2 AND team_id = $3 AND status = 'approved' AND expires_at > now()
        ORDER BY expires_at DESC
        LIMIT 1
        FOR SHARE`,
      [which.adminId, which.userId, which.teamId],
    );
    return row ?? null;
  }

  /** A new pending request; answers its id. */
  async insert(request: NewAccessRequest, manager: EntityManager): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO access_requests (admin_id, user_id, team_id, reason, mode, duration_minutes)
       VALUES ($1, $2, $3, $4, $5, $6)
       RETURNING id`,
      [request.adminId, request.userId, request.teamId, request.reason, request.mode, request.durationMinutes],
    );
    return row.id;
  }

  /** One request as shown, or null. */
  async find(id: string, manager: EntityManager = this.db.manager): Promise<AccessRequestRow | null> {
    const [row]: AccessRequestRow[] = await manager.query(`${SELECT_VIEW} WHERE r.id = $1`, [id]);
    return row ?? null;
  }

  /** One request with the caller's part in it (the person concerned, an owner of the team now), or null. */
  async findForCaller(id: string, callerId: string, manager: EntityManager = this.db.manager): Promise<AccessRequestForCaller | null> {
    const [row]: AccessRequestForCaller[] = await manager.query(
      `SELECT v.*, v.user_id = $2 AS caller_is_user,
              EXISTS (SELECT 1 FROM team_members m WHERE m.team_id = v.team_id AND m.user_id = $2 AND m.role = 'owner') AS caller_is_owner,
              (SELECT t.require_two_factor FROM teams t WHERE t.id = v.team_id) AS team_require_two_factor
         FROM (${SELECT_VIEW} WHERE r.id = $1) v`,
      [id, callerId],
    );
    return row ?? null;
  }

  /** The requests an admin made, newest first. */
  async listMadeBy(adminId: string): Promise<AccessRequestRow[]> {
    // The latest ids from the index first: sorting the joined rows of every request made would read them all.
    return this.db.query(
      `${SELECT_VIEW}
        WHERE r.id IN (SELECT id FROM access_requests WHERE admin_id = $1 ORDER BY created_at DESC LIMIT ${LIST_LIMIT})
        ORDER BY r.created_at DESC, r.id`,
      [adminId],
    );
  }

  /** The requests concerning a person or a team they own now, newest first. */
  async listConcerning(userId: string): Promise<AccessRequestRow[]> {
    // Two indexed branches (by user, by owned team) rather than one OR the planner cannot index.
    return this.db.query(
      `${SELECT_VIEW}
        WHERE r.id IN (
          (SELECT id FROM access_requests WHERE user_id = $1 ORDER BY created_at DESC LIMIT ${LIST_LIMIT})
          UNION
          (SELECT q.id FROM access_requests q JOIN team_members m ON m.team_id = q.team_id AND m.user_id = $1 AND m.role = 'owner'
            ORDER BY q.created_at DESC LIMIT ${LIST_LIMIT}))
        ORDER BY r.created_at DESC, r.id
        LIMIT ${LIST_LIMIT}`,
      [userId],
    );
  }

  /**
   * Approves a pending, unexpired request for `minutes` from now. Guarded: of two deciders at the same
   * moment one gets true, the other (waiting on the row) finds it no longer pending and gets false.
   */
  async approve(id: string, minutes: number, deciderId: string, manager: EntityManager): Promise<boolean> {
    const [, count] = await manager.query<[unknown[], number]>(
      `UPDATE access_requests
          SET status = 'approved', duration_minutes = $2, decided_at = now(), decided_by_id = $3,
              expires_at = now() + make_interval(mins => $2)
        WHERE id = $1 AND ${ANSWERABLE}`,
      [id, minutes, deciderId],
    );
    return count === 1;
  }

  /** Denies a pending, unexpired request; guarded as `approve`. */
  async deny(id: string, deciderId: string, manager: EntityManager): Promise<boolean> {
    const [, count] = await manager.query<[unknown[], number]>(
      `UPDATE access_requests SET status = 'denied', decided_at = now(), decided_by_id = $2 WHERE id = $1 AND ${ANSWERABLE}`,
      [id, deciderId],
    );
    return count === 1;
  }

  /**
   * Revokes an approved window that is not over: the last decision is now the revocation (who, when),
   * and the window ends now. Guarded as `approve`. Taking the row lock waits for an impersonation
   * starting under it (its grant is read FOR SHARE), so the caller's end sees that session too.
   */
  async revoke(id: string, revokerId: string, manager: EntityManager): Promise<boolean> {
    const [, count] = await manager.query<[unknown[], number]>(
      `UPDATE access_requests SET status = 'revoked', decided_at = now(), decided_by_id = $2, expires_at = now()
        WHERE id = $1 AND status = 'approved' AND expires_at > now()`,
      [id, revokerId],
    );
    return count === 1;
  }

  /**
   * Revokes every approved window of the team that is not over (its owners chose `never`): switching
   * back later must not bring old approvals back to life. Answers the requests revoked.
   */
  async revokeAllInTeam(
    teamId: string,
    revokerId: string,
    manager: EntityManager,
  ): Promise<{ id: string; admin_id: string; user_id: string }[]> {
    const [rows] = await manager.query<[{ id: string; admin_id: string; user_id: string }[], number]>(
      `UPDATE access_requests SET status = 'revoked', decided_at = now(), decided_by_id = $2, expires_at = now()
        WHERE team_id = $1 AND status = 'approved' AND expires_at > now()
        RETURNING id, admin_id, user_id`,
      [teamId, revokerId],
    );
    return rows;
  }

  /** Where to tell of a new request: the person concerned and every owner of the team now, each once. */
  async recipientsOf(userId: string, teamId: string, manager: EntityManager): Promise<{ email: string; first_name: string }[]> {
    return manager.query(
      `SELECT email, first_name FROM users WHERE id = $1
        UNION
       SELECT u.email, u.first_name FROM team_members m JOIN users u ON u.id = m.user_id WHERE m.team_id = $2 AND m.role = 'owner'`,
      [userId, teamId],
    );
  }
}
