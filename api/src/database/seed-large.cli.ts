import 'reflect-metadata';
import { PasswordService } from '../auth/password.service';
import { openCliDatabase, parseCliArgs, positiveInt } from './cli-database';
import { seedLarge } from './seed-large';

/** Every generated user signs in with this password (they are test data, never real accounts). */
export const LARGE_SEED_PASSWORD = 'vantage-large-seed';

/**
 * `npm run seed:large -w api -- --teams 100000 [--users-per-team 2] [--database-url postgres://…]`
 * (after `npm run build`). Adds that many teams, each with an owner and members, to the database.
 */
async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2), ['teams', 'users-per-team', 'database-url']);
  const teams = positiveInt(args.teams, 'teams', 100_000);
  const usersPerTeam = positiveInt(args['users-per-team'], 'users-per-team', 2);
  const log = (line: string) => console.log(line);

  const { db, config, close } = await openCliDatabase(args['database-url'], log);
  try {
    // Hashed once, the way sign-in checks it, so any seeded user can sign in.
    const passwordHash = await new PasswordService(config).hash(LARGE_SEED_PASSWORD);
    log(`Seeding ${teams} teams with ${usersPerTeam} user(s) each…`);
    const result = await seedLarge(db, {
      teams,
      usersPerTeam,
      passwordHash,
      progress: (step, ms) => log(`  ${step} (${(ms / 1000).toFixed(1)} s)`),
    });
    log(
      `Seeded ${result.teams} teams and ${result.users} users in ${(result.milliseconds / 1000).toFixed(1)} s ` +
        `(emails end in @${result.tag}.<domain>; password "${LARGE_SEED_PASSWORD}").`,
    );
  } finally {
    await close();
  }
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
