import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import type { DataSource } from 'typeorm';
import { COLLECT_MATCHES_UP_TO, teamsListPage, teamsListTotal } from '../admin/teams-list.query';
import { openCliDatabase, parseCliArgs, positiveInt } from './cli-database';
import { LARGE_SEED_VOCABULARY } from './seed-large';

/**
 * Times the admin Teams List on the database as it is (seed it first with `npm run seed:large`):
 * the exact statements AdminTeamsService runs, for typical searches, with EXPLAIN (ANALYZE, BUFFERS)
 * of each on request (`--explain true`).
 *
 *   node dist/database/teams-list-bench.cli.js [--runs 30] [--page-size 20] [--explain true] [--database-url …]
 */
interface BenchCase {
  label: string;
  search: string;
  page: number;
}

interface Timing {
  median: number;
  p95: number;
}

async function main(): Promise<void> {
  const args = parseCliArgs(process.argv.slice(2), ['runs', 'page-size', 'explain', 'database-url']);
  const runs = positiveInt(args.runs, 'runs', 30);
  const pageSize = positiveInt(args['page-size'], 'page-size', 20);
  const explain = args.explain === 'true';
  const { db, close } = await openCliDatabase(args['database-url'], (line) => console.log(line));
  try {
    const [{ teams }] = await db.query<{ teams: number }[]>(`SELECT count(*)::int AS teams FROM teams`);
    console.log(`Teams List benchmark: ${teams} teams, page size ${pageSize}, ${runs} runs per case (after 3 warm-up runs)\n`);
    const cases = await benchCases(db, teams, pageSize);
    console.log(
      `${'case'.padEnd(40)} ${'search'.padEnd(26)} ${'matches'.padStart(7)} ${'page by'.padEnd(8)} ` +
        `${'total ms'.padEnd(13)} ${'page ms'.padEnd(13)} request ms (median/p95)`,
    );
    for (const benchCase of cases) {
      const offset = (benchCase.page - 1) * pageSize;
      const count = teamsListTotal(benchCase.search);
      const [{ total }] = await db.query<{ total: number }[]>(count.sql, count.params);
      const page = teamsListPage(benchCase.search, total, pageSize, offset);
      // Exactly what AdminTeamsService.list does: the total, then the page it chose.
      const request = async () => {
        const [{ total: counted }] = await db.query<{ total: number }[]>(count.sql, count.params);
        const chosen = teamsListPage(benchCase.search, counted, pageSize, offset);
        await db.query(chosen.sql, chosen.params);
      };
      for (let i = 0; i < 3; i += 1) await request();
      const totalTiming = await time(runs, () => db.query(count.sql, count.params));
      const pageTiming = await time(runs, () => db.query(page.sql, page.params));
      const requestTiming = await time(runs, request);
      const strategy = !benchCase.search ? 'index' : total <= COLLECT_MATCHES_UP_TO ? 'collect' : 'walk';
      console.log(
        `${benchCase.label.padEnd(40)} ${JSON.stringify(benchCase.search).slice(0, 26).padEnd(26)} ${String(total).padStart(7)} ` +
          `${strategy.padEnd(8)} ${fmt(totalTiming)} ${fmt(pageTiming)} ${fmt(requestTiming)}`,
      );
      if (explain) {
        for (const [name, statement] of [
          ['total', count],
          ['page', page],
        ] as const) {
          const plan: { 'QUERY PLAN': string }[] = await db.query(`EXPLAIN (ANALYZE, BUFFERS) ${statement.sql}`, statement.params);
          console.log(`\n  -- ${name} query plan --\n${plan.map((row) => `  ${row['QUERY PLAN']}`).join('\n')}\n`);
        }
      }
    }
  } finally {
    await close();
  }
}

/** Searches an admin would type: nothing, a common word, a name, an email fragment, a rare exact name. */
async function benchCases(db: DataSource, teams: number, pageSize: number): Promise<BenchCase[]> {
  const middle = Math.floor(teams / 2);
  const [sample]: { team_name: string; owner_email: string | null }[] = await db.query(
    `SELECT t.name AS team_name, u.email AS owner_email
       FROM teams t
       LEFT JOIN team_members m ON m.team_id = t.id AND m.role = 'owner'
       LEFT JOIN users u ON u.id = m.user_id
      ORDER BY t.created_at DESC, t.id DESC OFFSET $1 LIMIT 1`,
    [middle],
  );
  const words = LARGE_SEED_VOCABULARY;
  const cases: BenchCase[] = [
    { label: 'no search, first page', search: '', page: 1 },
    { label: 'no search, deep page', search: '', page: Math.max(1, Math.floor(middle / pageSize)) },
    { label: 'common word (team kind)', search: words.teamKinds[0].toLowerCase(), page: 1 },
    { label: 'common word, later page', search: words.teamKinds[0].toLowerCase(), page: 50 },
    { label: 'one letter (too short for trigrams)', search: 'a', page: 1 },
    { label: 'two letters (too short for trigrams)', search: 'er', page: 1 },
    // Seeded emails end in the team's number, so "baker.1" matches mostly the oldest teams.
    { label: 'matches clustered among old teams', search: `${words.lastNames[1].toLowerCase()}.1`, page: 1 },
    { label: 'owner first name, other case', search: words.firstNames[14].toUpperCase(), page: 1 },
    { label: 'email domain fragment', search: words.emailDomains[0], page: 1 },
    { label: 'no match', search: 'qzxv', page: 1 },
  ];
  if (sample?.owner_email) cases.push({ label: 'email fragment (one owner)', search: sample.owner_email.split('@')[0], page: 1 });
  if (sample) cases.push({ label: 'rare name (one exact team name)', search: sample.team_name, page: 1 });
  cases.push({ label: 'wildcard characters are literal', search: '100%_', page: 1 });
  return cases;
}

async function time(runs: number, run: () => Promise<unknown>): Promise<Timing> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const started = performance.now();
    await run();
    samples.push(performance.now() - started);
  }
  samples.sort((a, b) => a - b);
  return {
    median: samples[Math.floor(samples.length / 2)],
    p95: samples[Math.min(samples.length - 1, Math.ceil(samples.length * 0.95) - 1)],
  };
}

function fmt(timing: Timing): string {
  return `${timing.median.toFixed(1).padStart(6)}/${timing.p95.toFixed(1).padEnd(6)}`;
}

main().catch((error) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
