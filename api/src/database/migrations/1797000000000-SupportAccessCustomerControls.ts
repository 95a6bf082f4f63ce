import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Support access the customer controls (SPEC §10):
 * - access requests: an admin asks, the user or an owner decides; an approval is a window in which
 *   the admin may start impersonations (the grant is looked up by admin, user and team);
 * - impersonations carry their mode (`read` | `write`), the grant they run under, an end reason for the
 *   user's own stop button, and when the admin returned to their account (a return is single use);
 * - every request made with an impersonation token, for the customer to see (`status` is filled in
 *   when the request has been answered).
 */
export class SupportAccessCustomerControls1797000000000 implements MigrationInterface {
  name = 'SupportAccessCustomerControls1797000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE access_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        admin_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        reason varchar(500) NOT NULL,
        mode varchar(5) NOT NULL CHECK (mode IN ('read', 'write')),
        duration_minutes int NOT NULL CHECK (duration_minutes BETWEEN 15 AND 1440),
        status varchar(10) NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'denied', 'revoked')),
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_at timestamptz,
        decided_by_id uuid REFERENCES users(id) ON DELETE SET NULL,
        expires_at timestamptz,
        CHECK ((status = 'approved') = (expires_at IS NOT NULL) OR status = 'revoked')
      )`);
    await q.query(`CREATE INDEX access_requests_user_idx ON access_requests (user_id, created_at DESC)`);
    await q.query(`CREATE INDEX access_requests_team_idx ON access_requests (team_id, created_at DESC)`);
    await q.query(`CREATE INDEX access_requests_admin_idx ON access_requests (admin_id, created_at DESC)`);
    await q.query(
      `CREATE INDEX access_requests_grant_idx ON access_requests (admin_id, user_id, team_id, expires_at) WHERE status = 'approved'`,
    );

    await q.query(`ALTER TABLE impersonations DROP CONSTRAINT impersonations_end_reason_check`);
    await q.query(`
      ALTER TABLE impersonations
        ADD CONSTRAINT impersonations_end_reason_check
          CHECK (end_reason IN ('cancelled', 'expired', 'ended_by_admin', 'ended_by_user', 'revoked')),
        ADD COLUMN mode varchar(5) NOT NULL DEFAULT 'write' CHECK (mode IN ('read', 'write')),
        ADD COLUMN access_request_id uuid REFERENCES access_requests(id) ON DELETE SET NULL,
        ADD COLUMN returned_at timestamptz`);
    await q.query(
      `CREATE INDEX impersonations_access_request_idx ON impersonations (access_request_id) WHERE access_request_id IS NOT NULL`,
    );
    await q.query(`CREATE INDEX impersonations_team_running_idx ON impersonations (team_id) WHERE ended_at IS NULL`);

    await q.query(`
      CREATE TABLE impersonation_actions (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        impersonation_id uuid NOT NULL REFERENCES impersonations(id) ON DELETE CASCADE,
        at timestamptz NOT NULL,
        method varchar(10) NOT NULL,
        path varchar(2048) NOT NULL,
        status smallint
      )`);
    await q.query(`CREATE INDEX impersonation_actions_session_idx ON impersonation_actions (impersonation_id, at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE impersonation_actions`);
    await q.query(`UPDATE impersonations SET end_reason = 'revoked' WHERE end_reason = 'ended_by_user'`);
    await q.query(`ALTER TABLE impersonations DROP COLUMN mode, DROP COLUMN access_request_id, DROP COLUMN returned_at`);
    await q.query(`ALTER TABLE impersonations DROP CONSTRAINT impersonations_end_reason_check`);
    await q.query(`
      ALTER TABLE impersonations ADD CONSTRAINT impersonations_end_reason_check
        CHECK (end_reason IN ('cancelled', 'expired', 'ended_by_admin', 'revoked'))`);
    await q.query(`DROP TABLE access_requests`);
  }
}
