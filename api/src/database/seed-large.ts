import { randomBytes } from 'node:crypto';
import { type DataSource } from 'typeorm';

/** Words the generated names are made of; the benchmark searches for some of them. */
export const LARGE_SEED_VOCABULARY = {
  teamAdjectives: [
    'Acme',
    'Blue',
    'Bright',
    'Cedar',
    'Cobalt',
    'Crimson',
    'Delta',
    'Eastern',
    'Emerald',
    'Evergreen',
    'Falcon',
    'Golden',
    'Granite',
    'Harbor',
    'Iron',
    'Juniper',
    'Keystone',
    'Lakeside',
    'Maple',
    'Meridian',
    'Nimbus',
    'Northern',
    'Oak',
    'Orbit',
    'Pacific',
    'Pioneer',
    'Quantum',
    'Redwood',
    'Riverside',
    'Sapphire',
    'Silver',
    'Summit',
    'Sunrise',
    'Titan',
    'Union',
    'Vertex',
    'Western',
    'Willow',
    'Zenith',
    'Zephyr',
  ],
  teamNouns: [
    'Anchor',
    'Arrow',
    'Beacon',
    'Bridge',
    'Canyon',
    'Castle',
    'Compass',
    'Crest',
    'Field',
    'Forge',
    'Garden',
    'Gate',
    'Grove',
    'Haven',
    'Hill',
    'Horizon',
    'Island',
    'Lantern',
    'Ledger',
    'Meadow',
    'Mill',
    'Mountain',
    'Nest',
    'Ocean',
    'Peak',
    'Pine',
    'Point',
    'Prairie',
    'Ridge',
    'River',
    'Rock',
    'Shore',
    'Signal',
    'Spring',
    'Star',
    'Stone',
    'Tower',
    'Trail',
    'Valley',
    'Wave',
  ],
  teamKinds: [
    'Logistics',
    'Bakery',
    'Consulting',
    'Dental',
    'Realty',
    'Fitness',
    'Studios',
    'Partners',
    'Labs',
    'Foods',
    'Motors',
    'Clinic',
  ],
  firstNames: [
    'Ada',
    'Ben',
    'Chloe',
    'Diego',
    'Emma',
    'Finn',
    'Grace',
    'Hiro',
    'Isla',
    'Jonas',
    'Kara',
    'Liam',
    'Maya',
    'Noah',
    'Olivia',
    'Priya',
    'Quinn',
    'Rosa',
    'Sam',
    'Tara',
    'Uma',
    'Victor',
    'Wen',
    'Ximena',
    'Yusuf',
    'Zoe',
    'Amir',
    'Bianca',
    'Carlos',
    'Dana',
    'Elif',
    'Farah',
    'Gabriel',
    'Hana',
    'Ivan',
    'Julia',
    'Kofi',
    'Lena',
    'Mateo',
    'Nadia',
  ],
  lastNames: [
    'Anderson',
    'Baker',
    'Chen',
    'Diaz',
    'Evans',
    'Foster',
    'Garcia',
    'Hopper',
    'Ito',
    'Jensen',
    'Kim',
    'Lopez',
    'Mendes',
    'Nilsen',
    'Owens',
    'Patel',
    'Quist',
    'Rossi',
    'Silva',
    'Tanaka',
    'Ueda',
    'Varga',
    'Weber',
    'Xu',
    'Yilmaz',
    'Zhang',
    'Abbott',
    'Brennan',
    'Castillo',
    'Dubois',
    'Eriksen',
    'Fischer',
    'Gupta',
    'Haddad',
    'Ibrahim',
    'Kowalski',
  ],
  emailDomains: [
    'northwind.test',
    'contoso.test',
    'fabrikam.test',
    'tailspin.test',
    'adventure.test',
    'wingtip.test',
    'litware.test',
    'proseware.test',
  ],
};

export interface SeedLargeOptions {
  teams: number;
  /** Owner included: 1 = owners only, 3 = an owner and two members per team. */
  usersPerTeam: number;
  /** bcrypt hash given to every generated user (see the CLI: one known password). */
  passwordHash: string;
  /** Told after each step how long it took. */
  progress?: (step: string, milliseconds: number) => void;
}

export interface SeedLargeResult {
  teams: number;
  users: number;
  /** Marks this run's users' emails (`…@<tag>.<domain>`), so the seed can run again on the same database. */
  tag: string;
  milliseconds: number;
}

/**
 * Fills the database with many teams, each with an owner and members, for measuring the admin
 * Teams List at scale. Everything is generated inside PostgreSQL (`generate_series`) in a few
 * set-based statements, so 100,000 teams take seconds rather than 100,000 round trips.
 * Names are built from LARGE_SEED_VOCABULARY with a hash of the row number, so searches hit
 * realistic mixes of common and rare values.
 */
export async function seedLarge(db: DataSource, options: SeedLargeOptions): Promise<SeedLargeResult> {
  if (!Number.isInteger(options.teams) || options.teams < 1) throw new Error('teams must be a positive whole number');
  if (!Number.isInteger(options.usersPerTeam) || options.usersPerTeam < 1) throw new Error('usersPerTeam must be a positive whole number');
  const startedAt = Date.now();
  const tag = randomBytes(3).toString('hex');
  const words = LARGE_SEED_VOCABULARY;
  const step = async <T>(name: string, run: () => Promise<T>): Promise<T> => {
    const stepStartedAt = Date.now();
    const result = await run();
    options.progress?.(name, Date.now() - stepStartedAt);
    return result;
  };

  await db.transaction(async (manager) => {
    // Trigram (GIN) index entries collect in a pending list and are merged in bulk when it fills
    // (or by the VACUUM below): a large list for this transaction makes the inserts far cheaper.
    await manager.query(`SET LOCAL gin_pending_list_limit = '256MB'`);
    // One row per generated person: the team it belongs to, its place in the team (1 = owner), and
    // two independent well-mixed hashes that pick the team's and the person's words (independent, so
    // owners' names do not follow their team's name). Teams are spread over ~2 years, newest last.
    await step('people generated', () =>
      manager.query(
        `
      CREATE TEMP TABLE seed_people ON COMMIT DROP AS
      SELECT g, k, team_id, gen_random_uuid() AS user_id,
             (hashint8(g::bigint) & 2147483647)::bigint AS team_hash,
             (hashint8(g::bigint * 64 + k + 4294967296) & 2147483647)::bigint AS person_hash,
             team_created_at
        FROM (SELECT g, gen_random_uuid() AS team_id,
                     now() - make_interval(secs => ($1::int - g) * 600 + (g % 7)) AS team_created_at
                FROM generate_series(1, $1::int) g) t
       CROSS JOIN generate_series(1, $2::int) k`,
        [options.teams, options.usersPerTeam],
      ),
    );

    await step('teams inserted', () =>
      manager.query(
        `INSERT INTO teams (id, name, created_at)
       SELECT team_id,
              ($1::text[])[1 + team_hash % cardinality($1::text[])] || ' ' ||
              ($2::text[])[1 + (team_hash / 64) % cardinality($2::text[])] || ' ' ||
              ($3::text[])[1 + (team_hash / 4096) % cardinality($3::text[])],
              team_created_at
         FROM seed_people WHERE k = 1`,
        [words.teamAdjectives, words.teamNouns, words.teamKinds],
      ),
    );

    await step('users inserted', () =>
      manager.query(
        `INSERT INTO users (id, email, password_hash, first_name, last_name, impersonation_allowed, current_team_id, created_at, updated_at)
       SELECT user_id,
              lower(first_name || '.' || last_name) || '.' || g || CASE WHEN k > 1 THEN '-' || k ELSE '' END ||
                '@' || $4 || '.' || ($3::text[])[1 + (person_hash / 4096) % cardinality($3::text[])],
              $5, first_name, last_name,
              person_hash / 65536 % 10 <> 0,  -- one in ten has switched support access off
              team_id, team_created_at, team_created_at
         FROM (SELECT *, ($1::text[])[1 + person_hash % cardinality($1::text[])] AS first_name,
                         ($2::text[])[1 + (person_hash / 64) % cardinality($2::text[])] AS last_name
                 FROM seed_people) p`,
        [words.firstNames, words.lastNames, words.emailDomains, tag, options.passwordHash],
      ),
    );

    // The search-document trigger looks up each new owner by id: without statistics for the rows
    // just inserted (ANALYZE counts this transaction's own rows) it would plan to scan all users per team.
    await step('statistics refreshed', () => manager.query(`ANALYZE teams, users`));

    // The search-document trigger fills every new team's owner into teams.search_text here.
    await step('memberships inserted', () =>
      manager.query(
        `INSERT INTO team_members (team_id, user_id, role, created_at)
       SELECT team_id, user_id, CASE WHEN k = 1 THEN 'owner' ELSE 'member' END, team_created_at FROM seed_people`,
      ),
    );
  });

  // Fresh statistics, or the planner would judge the Teams List by an empty table; VACUUM also
  // clears the row versions the search-document trigger left behind and sets the visibility map.
  await step('tables vacuumed and analysed', () => db.query(`VACUUM ANALYZE teams, users, team_members`));
  return { teams: options.teams, users: options.teams * options.usersPerTeam, tag, milliseconds: Date.now() - startedAt };
}
