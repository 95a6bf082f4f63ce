import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Passkeys (SPEC §11), a second factor beside email or authenticator-app codes, and the WebAuthn
 * challenges they answer. Challenges live here rather than in a process's memory so that options
 * issued by one API instance are answered on another; each is taken with one DELETE … RETURNING,
 * so it is used once however many requests carry it.
 */
export class Passkeys1797200000000 implements MigrationInterface {
  name = 'Passkeys1797200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE passkeys (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        name varchar(100) NOT NULL,
        credential_id varchar(1400) NOT NULL UNIQUE,
        public_key bytea NOT NULL,
        sign_count bigint NOT NULL DEFAULT 0 CHECK (sign_count >= 0),
        transports varchar(16)[] NOT NULL DEFAULT '{}',
        created_at timestamptz NOT NULL DEFAULT now(),
        last_used_at timestamptz
      )`);
    await q.query(`CREATE INDEX passkeys_user_idx ON passkeys (user_id, created_at)`);
    await q.query(`
      CREATE TABLE passkey_challenges (
        challenge varchar(128) PRIMARY KEY,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        purpose varchar(16) NOT NULL CHECK (purpose IN ('registration', 'login', 'step_up')),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX passkey_challenges_user_idx ON passkey_challenges (user_id, purpose, created_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE passkey_challenges`);
    await q.query(`DROP TABLE passkeys`);
  }
}
