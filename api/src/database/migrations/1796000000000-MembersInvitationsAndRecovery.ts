import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * Teams people can join and accounts people can get back into (SPEC §8–9):
 * - a team may have several owners: the one-owner index goes; the Teams List and its search
 *   document show the first owner (the earliest to join);
 * - team settings for later policies (two-factor for everyone, support access), defaults as before;
 * - invitations and password reset links, stored only as SHA-256 hashes of their tokens;
 * - what a person needs to recognise their sign-ins: device (user agent), address and last use;
 * - one counter table for the limits shared by every instance (wrong passwords per address, which
 *   had a table of their own, and password reset requests).
 */
export class MembersInvitationsAndRecovery1796000000000 implements MigrationInterface {
  name = 'MembersInvitationsAndRecovery1796000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX team_members_one_owner_idx`);
    await q.query(`CREATE INDEX team_members_owners_idx ON team_members (team_id, created_at, user_id) WHERE role = 'owner'`);
    // The team's first owner, whoever that is now (the search document and the Teams List name one owner).
    await q.query(`
      CREATE OR REPLACE FUNCTION team_search_document(for_team uuid, team_name text) RETURNS text
      LANGUAGE sql STABLE AS $$
        SELECT team_search_text(team_name, u.first_name, u.last_name, u.email)
          FROM (SELECT 1) AS one
          LEFT JOIN LATERAL (
            SELECT m.user_id FROM team_members m
             WHERE m.team_id = for_team AND m.role = 'owner'
             ORDER BY m.created_at, m.user_id LIMIT 1
          ) first_owner ON true
          LEFT JOIN users u ON u.id = first_owner.user_id
      $$`);
    // Owners added, changed or removed: the teams concerned are worked out again from their first owner.
    await q.query(`
      CREATE OR REPLACE FUNCTION team_members_refresh_search_documents() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'INSERT' THEN
          UPDATE teams t SET search_text = team_search_document(t.id, t.name)
           WHERE t.id IN (SELECT team_id FROM changed_new WHERE role = 'owner');
        ELSIF TG_OP = 'UPDATE' THEN
          UPDATE teams t SET search_text = team_search_document(t.id, t.name)
           WHERE t.id IN (SELECT team_id FROM changed_new WHERE role = 'owner'
                          UNION SELECT team_id FROM changed_old WHERE role = 'owner');
        ELSE
          UPDATE teams t SET search_text = team_search_document(t.id, t.name)
           WHERE t.id IN (SELECT team_id FROM changed_old WHERE role = 'owner');
        END IF;
        RETURN NULL;
      END $$`);
    // An owner renamed: only the teams where they are the first owner show them.
    await q.query(`
      CREATE OR REPLACE FUNCTION users_refresh_owned_team_search_documents() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE teams t SET search_text = team_search_document(t.id, t.name)
          FROM team_members m
         WHERE m.user_id = NEW.id AND m.role = 'owner' AND t.id = m.team_id;
        RETURN NULL;
      END $$`);

    await q.query(`
      ALTER TABLE teams
        ADD COLUMN require_two_factor boolean NOT NULL DEFAULT false,
        ADD COLUMN support_access varchar(10) NOT NULL DEFAULT 'allowed' CHECK (support_access IN ('allowed', 'approval', 'never'))`);

    await q.query(`
      CREATE TABLE team_invitations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        email varchar(254) NOT NULL,
        role varchar(10) NOT NULL CHECK (role IN ('owner', 'member')),
        token_hash varchar(64) NOT NULL UNIQUE,
        invited_by_id uuid REFERENCES users(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        accepted_at timestamptz,
        revoked_at timestamptz
      )`);
    // One open invitation per team and email: inviting again replaces it (the old link stops working).
    await q.query(`
      CREATE UNIQUE INDEX team_invitations_open_idx ON team_invitations (team_id, lower(email))
        WHERE accepted_at IS NULL AND revoked_at IS NULL`);

    await q.query(`
      CREATE TABLE password_reset_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash varchar(64) NOT NULL UNIQUE,
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        used_at timestamptz
      )`);
    await q.query(`CREATE INDEX password_reset_tokens_open_idx ON password_reset_tokens (user_id) WHERE used_at IS NULL`);

    await q.query(`
      ALTER TABLE auth_sessions
        ADD COLUMN user_agent varchar(400),
        ADD COLUMN ip varchar(64),
        ADD COLUMN last_seen_at timestamptz NOT NULL DEFAULT now()`);

    await q.query(`
      CREATE TABLE rate_limit_counters (
        key varchar(300) PRIMARY KEY,
        count int NOT NULL,
        window_start timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX rate_limit_counters_window_idx ON rate_limit_counters (window_start)`);
    // Runs of wrong passwords in progress carry over.
    await q.query(`
      INSERT INTO rate_limit_counters (key, count, window_start)
      SELECT 'password:' || email, failed_count, window_start FROM password_attempts`);
    await q.query(`DROP TABLE password_attempts`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE password_attempts (
        email varchar(254) PRIMARY KEY,
        failed_count int NOT NULL,
        window_start timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX password_attempts_window_idx ON password_attempts (window_start)`);
    await q.query(`DROP TABLE rate_limit_counters`);
    await q.query(`ALTER TABLE auth_sessions DROP COLUMN user_agent, DROP COLUMN ip, DROP COLUMN last_seen_at`);
    await q.query(`DROP TABLE password_reset_tokens`);
    await q.query(`DROP TABLE team_invitations`);
    await q.query(`ALTER TABLE teams DROP COLUMN require_two_factor, DROP COLUMN support_access`);
    await q.query(`DROP INDEX team_members_owners_idx`);
    await q.query(`CREATE UNIQUE INDEX team_members_one_owner_idx ON team_members (team_id) WHERE role = 'owner'`);
  }
}
