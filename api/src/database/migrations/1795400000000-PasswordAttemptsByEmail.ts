import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The per-account limit on wrong passwords moves from two columns of `users` to its own table keyed
 * by the lower-cased email, so an email with no account is limited exactly like a real one: the
 * 429 after ten wrong passwords no longer tells an attacker which emails have accounts.
 */
export class PasswordAttemptsByEmail1795400000000 implements MigrationInterface {
  name = 'PasswordAttemptsByEmail1795400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE password_attempts (
        email varchar(254) PRIMARY KEY,
        failed_count int NOT NULL,
        window_start timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX password_attempts_window_idx ON password_attempts (window_start)`);
    await q.query(`ALTER TABLE users DROP COLUMN failed_login_count, DROP COLUMN failed_login_window_start`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE users ADD COLUMN failed_login_count int NOT NULL DEFAULT 0, ADD COLUMN failed_login_window_start timestamptz`,
    );
    await q.query(`DROP TABLE password_attempts`);
  }
}
