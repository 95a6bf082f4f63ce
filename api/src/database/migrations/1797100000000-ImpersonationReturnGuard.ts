import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The admin's sign-in that an impersonation replaced (the start ends it). A return to the admin's
 * account after someone else ended the session is allowed only if nothing signed the admin out
 * since: any other of the admin's sessions revoked after the start refuses it, and this column tells
 * the start's own revocation apart from those.
 */
export class ImpersonationReturnGuard1797100000000 implements MigrationInterface {
  name = 'ImpersonationReturnGuard1797100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE impersonations ADD COLUMN impersonator_session_id uuid REFERENCES auth_sessions(id) ON DELETE SET NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE impersonations DROP COLUMN impersonator_session_id`);
  }
}
