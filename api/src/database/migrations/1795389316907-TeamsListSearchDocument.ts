import { type MigrationInterface, type QueryRunner } from 'typeorm';

/**
 * The admin Teams List searches team name, owner full name and owner email. Searching three
 * trigram indexes on two tables and joining the hits measured 50–300 ms at 100,000 teams for
 * common terms (every matching user, members included, had to be joined back to a team before
 * sorting and counting). So each team keeps one lower-cased search document — name, owner's full
 * name, owner's email, one per line — with one trigram index: a search is a single-table scan that
 * the planner can serve by the trigram index (rare terms) or by walking teams(created_at, id)
 * backwards until the page is full (common terms). Triggers keep the document in step with team
 * renames, ownership changes and owner profile changes, whoever makes them.
 * Fields are separated by a newline, which a search cannot contain, so no match spans two fields.
 */
export class TeamsListSearchDocument1795389316907 implements MigrationInterface {
  name = 'TeamsListSearchDocument1795389316907';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE teams ADD COLUMN search_text text NOT NULL DEFAULT ''`);

    // The document itself, in one place: lower-cased team name, then the owner's name and email if any.
    await q.query(`
      CREATE FUNCTION team_search_text(team_name text, owner_first_name text, owner_last_name text, owner_email text)
      RETURNS text LANGUAGE sql IMMUTABLE AS $$
        SELECT lower(team_name) ||
               coalesce(E'\\n' || lower(owner_first_name || ' ' || owner_last_name) || E'\\n' || lower(owner_email), '')
      $$`);
    // A team's document from its current owner, whoever that is now.
    await q.query(`
      CREATE FUNCTION team_search_document(for_team uuid, team_name text) RETURNS text
      LANGUAGE sql STABLE AS $$
        SELECT team_search_text(team_name, u.first_name, u.last_name, u.email)
          FROM (SELECT 1) AS one
          LEFT JOIN team_members m ON m.team_id = for_team AND m.role = 'owner'
          LEFT JOIN users u ON u.id = m.user_id
      $$`);

    // A new or renamed team. A new team has no owner yet: memberships can only follow it (foreign key).
    await q.query(`
      CREATE FUNCTION teams_set_search_document() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        NEW.search_text := CASE WHEN TG_OP = 'INSERT' THEN team_search_text(NEW.name, NULL, NULL, NULL)
                                ELSE team_search_document(NEW.id, NEW.name) END;
        RETURN NEW;
      END $$`);
    await q.query(`
      CREATE TRIGGER teams_search_document BEFORE INSERT OR UPDATE OF name ON teams
      FOR EACH ROW EXECUTE FUNCTION teams_set_search_document()`);

    // An owner added, replaced or removed. Per statement and set-based (the new owner comes from the
    // transition table, joined once), so a bulk insert of memberships updates its teams in one pass.
    await q.query(`
      CREATE FUNCTION team_members_refresh_search_documents() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP IN ('INSERT', 'UPDATE') THEN
          UPDATE teams t SET search_text = team_search_text(t.name, u.first_name, u.last_name, u.email)
            FROM changed_new c JOIN users u ON u.id = c.user_id
           WHERE c.role = 'owner' AND t.id = c.team_id;
        END IF;
        IF TG_OP IN ('UPDATE', 'DELETE') THEN
          -- A team that lost its owner row: whoever (if anyone) owns it now.
          UPDATE teams t SET search_text = team_search_document(t.id, t.name)
           WHERE t.id IN (SELECT team_id FROM changed_old WHERE role = 'owner');
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER team_members_search_insert AFTER INSERT ON team_members
      REFERENCING NEW TABLE AS changed_new
      FOR EACH STATEMENT EXECUTE FUNCTION team_members_refresh_search_documents()`);
    await q.query(`
      CREATE TRIGGER team_members_search_update AFTER UPDATE ON team_members
      REFERENCING OLD TABLE AS changed_old NEW TABLE AS changed_new
      FOR EACH STATEMENT EXECUTE FUNCTION team_members_refresh_search_documents()`);
    await q.query(`
      CREATE TRIGGER team_members_search_delete AFTER DELETE ON team_members
      REFERENCING OLD TABLE AS changed_old
      FOR EACH STATEMENT EXECUTE FUNCTION team_members_refresh_search_documents()`);

    // An owner renamed or given a new email.
    await q.query(`
      CREATE FUNCTION users_refresh_owned_team_search_documents() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE teams t SET search_text = team_search_text(t.name, NEW.first_name, NEW.last_name, NEW.email)
          FROM team_members m
         WHERE m.user_id = NEW.id AND m.role = 'owner' AND t.id = m.team_id;
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE TRIGGER users_search_document AFTER UPDATE OF first_name, last_name, email ON users
      FOR EACH ROW
      WHEN (OLD.first_name IS DISTINCT FROM NEW.first_name OR OLD.last_name IS DISTINCT FROM NEW.last_name
            OR OLD.email IS DISTINCT FROM NEW.email)
      EXECUTE FUNCTION users_refresh_owned_team_search_documents()`);

    await q.query(`UPDATE teams SET search_text = team_search_document(id, name)`);
    await q.query(`CREATE INDEX teams_search_text_trgm_idx ON teams USING gin (search_text gin_trgm_ops)`);
    // Only the Teams List searched team names; the document index replaces it.
    await q.query(`DROP INDEX teams_name_trgm_idx`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX teams_name_trgm_idx ON teams USING gin (lower(name) gin_trgm_ops)`);
    await q.query(`DROP TRIGGER users_search_document ON users`);
    await q.query(`DROP TRIGGER team_members_search_delete ON team_members`);
    await q.query(`DROP TRIGGER team_members_search_update ON team_members`);
    await q.query(`DROP TRIGGER team_members_search_insert ON team_members`);
    await q.query(`DROP TRIGGER teams_search_document ON teams`);
    await q.query(`DROP FUNCTION users_refresh_owned_team_search_documents()`);
    await q.query(`DROP FUNCTION team_members_refresh_search_documents()`);
    await q.query(`DROP FUNCTION teams_set_search_document()`);
    await q.query(`DROP FUNCTION team_search_document(uuid, text)`);
    await q.query(`DROP FUNCTION team_search_text(text, text, text, text)`);
    await q.query(`DROP INDEX teams_search_text_trgm_idx`);
    await q.query(`ALTER TABLE teams DROP COLUMN search_text`);
  }
}
