import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The notice to the user that support started working in their account, as an outbox on the record
 * itself: the start marks it pending in the statement that creates the record (so it exists exactly
 * when the start commits), and it is sent after the answer — and, should the instance stop first, at
 * the next start-up or by the once-a-minute sweep. A claim holds a notice being sent for two minutes.
 */
export class ImpersonationNoticeOutbox1797400000000 implements MigrationInterface {
  name = 'ImpersonationNoticeOutbox1797400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE impersonations ADD COLUMN notice_pending boolean NOT NULL DEFAULT false, ADD COLUMN notice_claimed_until timestamptz`,
    );
    await q.query(`CREATE INDEX impersonations_notice_pending_idx ON impersonations (created_at) WHERE notice_pending`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX impersonations_notice_pending_idx`);
    await q.query(`ALTER TABLE impersonations DROP COLUMN notice_pending, DROP COLUMN notice_claimed_until`);
  }
}
