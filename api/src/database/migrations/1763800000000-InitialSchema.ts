import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The whole Vantage schema (SPEC §2). Indexes follow the queries the app makes:
 * - users.email: unique on lower(email) (login, registration);
 * - Teams List search: trigram indexes on lower(team name), lower(owner name), lower(owner email);
 *   stable order by (created_at, id);
 * - team-scoped lists: (team_id, created_at) on every CRM table and the audit log;
 * - auth: sessions by id (primary key) and by user; impersonations active by impersonator/impersonated.
 */
export class InitialSchema1763800000000 implements MigrationInterface {
  name = 'InitialSchema1763800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);

    await q.query(`
      CREATE TABLE teams (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name varchar(100) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX teams_created_at_id_idx ON teams (created_at, id)`);
    await q.query(`CREATE INDEX teams_name_trgm_idx ON teams USING gin (lower(name) gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        email varchar(254) NOT NULL,
        password_hash varchar(100) NOT NULL,
        first_name varchar(100) NOT NULL,
        last_name varchar(100) NOT NULL,
        role varchar(20) NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin', 'super_admin')),
        impersonation_allowed boolean NOT NULL DEFAULT true,
        is_two_factor_enabled boolean NOT NULL DEFAULT false,
        two_factor_method varchar(10) CHECK (two_factor_method IN ('email', 'totp')),
        totp_secret_encrypted text,
        totp_pending_secret_encrypted text,
        totp_last_used_step bigint,
        two_factor_failed_attempts int NOT NULL DEFAULT 0,
        two_factor_locked_until timestamptz,
        failed_login_count int NOT NULL DEFAULT 0,
        failed_login_window_start timestamptz,
        current_team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT users_two_factor_enabled_needs_method CHECK (NOT is_two_factor_enabled OR two_factor_method IS NOT NULL)
      )`);
    await q.query(`CREATE UNIQUE INDEX users_email_lower_key ON users (lower(email))`);
    await q.query(`CREATE INDEX users_email_trgm_idx ON users USING gin (lower(email) gin_trgm_ops)`);
    await q.query(`CREATE INDEX users_full_name_trgm_idx ON users USING gin (lower(first_name || ' ' || last_name) gin_trgm_ops)`);

    await q.query(`
      CREATE TABLE team_members (
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        role varchar(10) NOT NULL CHECK (role IN ('owner', 'member')),
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (team_id, user_id)
      )`);
    await q.query(`CREATE INDEX team_members_user_idx ON team_members (user_id)`);
    // One owner per team; the Teams List joins through this index.
    await q.query(`CREATE UNIQUE INDEX team_members_one_owner_idx ON team_members (team_id) WHERE role = 'owner'`);
    await q.query(`CREATE INDEX team_members_owner_user_idx ON team_members (user_id, team_id) WHERE role = 'owner'`);

    await q.query(`
      CREATE TABLE businesses (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        name varchar(200) NOT NULL,
        description varchar(2000),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX businesses_team_created_idx ON businesses (team_id, created_at DESC, id)`);

    await q.query(`
      CREATE TABLE leads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        business_id uuid REFERENCES businesses(id) ON DELETE SET NULL,
        name varchar(200) NOT NULL,
        email varchar(254),
        status varchar(20) NOT NULL DEFAULT 'new' CHECK (status IN ('new', 'contacted', 'qualified', 'won', 'lost')),
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX leads_team_created_idx ON leads (team_id, created_at DESC, id)`);
    await q.query(`CREATE INDEX leads_business_idx ON leads (business_id)`);

    await q.query(`
      CREATE TABLE impersonations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        code varchar(24) NOT NULL UNIQUE,
        impersonator_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        impersonated_user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        impersonator_team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        reason varchar(500),
        created_at timestamptz NOT NULL DEFAULT now(),
        expires_at timestamptz NOT NULL,
        ended_at timestamptz,
        ended_by_id uuid REFERENCES users(id) ON DELETE SET NULL,
        end_reason varchar(20) CHECK (end_reason IN ('cancelled', 'expired', 'ended_by_admin', 'revoked'))
      )`);
    await q.query(`CREATE INDEX impersonations_impersonated_idx ON impersonations (impersonated_user_id, created_at DESC)`);
    await q.query(`CREATE INDEX impersonations_impersonator_idx ON impersonations (impersonator_id, created_at DESC)`);
    await q.query(`CREATE INDEX impersonations_active_idx ON impersonations (expires_at) WHERE ended_at IS NULL`);

    const commentTable = (table: string, parent: string, parentTable: string) => `
      CREATE TABLE ${table} (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        ${parent} uuid NOT NULL REFERENCES ${parentTable}(id) ON DELETE CASCADE,
        team_id uuid NOT NULL REFERENCES teams(id) ON DELETE CASCADE,
        text varchar(5000) NOT NULL,
        author_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        author_name varchar(250) NOT NULL,
        is_impersonated boolean NOT NULL DEFAULT false,
        impersonation_id uuid REFERENCES impersonations(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`;
    await q.query(commentTable('business_comments', 'business_id', 'businesses'));
    await q.query(`CREATE INDEX business_comments_parent_idx ON business_comments (business_id, created_at, id)`);
    await q.query(commentTable('lead_comments', 'lead_id', 'leads'));
    await q.query(`CREATE INDEX lead_comments_parent_idx ON lead_comments (lead_id, created_at, id)`);

    await q.query(`
      CREATE TABLE audit_logs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        team_id uuid REFERENCES teams(id) ON DELETE CASCADE,
        actor_id uuid REFERENCES users(id) ON DELETE SET NULL,
        actor_name varchar(250) NOT NULL,
        action varchar(60) NOT NULL,
        entity_type varchar(40),
        entity_id varchar(64),
        details jsonb,
        is_impersonated boolean NOT NULL DEFAULT false,
        impersonation_id uuid REFERENCES impersonations(id) ON DELETE SET NULL,
        ip_address varchar(64),
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX audit_logs_team_created_idx ON audit_logs (team_id, created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX audit_logs_actor_idx ON audit_logs (actor_id, created_at DESC)`);

    await q.query(`
      CREATE TABLE auth_sessions (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        kind varchar(20) NOT NULL CHECK (kind IN ('pending_two_factor', 'full', 'impersonation')),
        team_id uuid REFERENCES teams(id) ON DELETE SET NULL,
        two_factor_authenticated boolean NOT NULL DEFAULT false,
        impersonation_id uuid REFERENCES impersonations(id) ON DELETE CASCADE,
        refresh_token_hash varchar(64),
        failed_attempts int NOT NULL DEFAULT 0,
        expires_at timestamptz NOT NULL,
        revoked_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX auth_sessions_user_live_idx ON auth_sessions (user_id) WHERE revoked_at IS NULL`);
    await q.query(`CREATE INDEX auth_sessions_impersonation_idx ON auth_sessions (impersonation_id) WHERE impersonation_id IS NOT NULL`);

    await q.query(`
      CREATE TABLE two_factor_email_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        purpose varchar(20) NOT NULL CHECK (purpose IN ('login', 'step_up')),
        code_hash varchar(64) NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX two_factor_email_codes_user_idx ON two_factor_email_codes (user_id, purpose, created_at DESC)`);

    await q.query(`
      CREATE TABLE two_factor_recovery_codes (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        code_hash varchar(64) NOT NULL,
        used_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX two_factor_recovery_codes_user_idx ON two_factor_recovery_codes (user_id, code_hash)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of [
      'two_factor_recovery_codes',
      'two_factor_email_codes',
      'auth_sessions',
      'audit_logs',
      'lead_comments',
      'business_comments',
      'impersonations',
      'leads',
      'businesses',
      'team_members',
      'users',
      'teams',
    ]) {
      await q.query(`DROP TABLE IF EXISTS ${table}`);
    }
  }
}
