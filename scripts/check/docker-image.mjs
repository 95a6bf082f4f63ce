#!/usr/bin/env node
/**
 * `npm run check:docker` (after `npm run build`): what can be proved about the image without a Docker engine.
 *
 *   1. the Dockerfile: a build stage and a runtime stage; the runtime installs with `npm ci --omit=dev`, runs
 *      as a non-root USER, has a HEALTHCHECK on /api/health that uses node, and starts `node api/dist/main.js`;
 *      docker-compose.yml builds it and passes DATABASE_URL, SMTP_URL and the secrets from the environment;
 *   2. the runtime stage, replayed in a scratch folder: its COPY lines (package files from the context, the
 *      compiled output from this checkout's build), its `npm ci --omit=dev`, then its CMD with its ENV and
 *      production secrets, on an embedded PostgreSQL — /api/health must answer, the HEALTHCHECK command must
 *      exit 0, the SPA must be served, and SIGTERM must end it with 0. So every file the runtime needs is copied.
 *
 * `--static` does step 1 only. Exits non-zero on a failed check.
 */
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { freePort, ROOT } from '../bench/vantage-process.mjs';

let failures = 0;
/** @param {boolean} ok @param {string} what */
function check(ok, what) {
  console.log(`${ok ? '✓' : '✗'} ${what}`);
  if (!ok) failures++;
}

/**
 * The Dockerfile's stages, each a list of [instruction, arguments] with continuation lines joined.
 * @param {string} text
 * @returns {{ name: string, from: string, steps: [string, string][] }[]}
 */
export function parseDockerfile(text) {
  /** @type {{ name: string, from: string, steps: [string, string][] }[]} */
  const stages = [];
  const lines = text.replace(/\\\r?\n/g, ' ').split(/\r?\n/);
  for (const raw of lines) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const [, instruction, args] = /^(\S+)\s*(.*)$/.exec(line) ?? [];
    if (instruction.toUpperCase() === 'FROM') {
      const [, image, name] = /^(\S+)(?:\s+AS\s+(\S+))?/i.exec(args) ?? [];
      stages.push({ name: name ?? String(stages.length), from: image, steps: [] });
    } else {
      stages[stages.length - 1]?.steps.push([instruction.toUpperCase(), args.replace(/\s+/g, ' ')]);
    }
  }
  return stages;
}

/** @param {string} args the arguments of an exec-form instruction (["node", "-e", "…"]) or a shell-form one */
function execForm(args) {
  return args.startsWith('[') ? /** @type {string[]} */ (JSON.parse(args)) : ['/bin/sh', '-c', args];
}

const stages = parseDockerfile(readFileSync(join(ROOT, 'Dockerfile'), 'utf8'));
const runtime = stages[stages.length - 1];
const build = stages.find((stage) => stage.name === 'build');
const steps = (/** @type {string} */ name) => runtime.steps.filter(([instruction]) => instruction === name).map(([, args]) => args);

console.log('Dockerfile');
check(stages.length >= 2 && build !== undefined, `multi-stage: ${stages.map((s) => s.name).join(' → ')}`);
check(
  build?.steps.some(([i, a]) => i === 'RUN' && /npm ci(?!.*--omit)/.test(a)) === true,
  'the build stage installs every dependency (npm ci, dev included)',
);
check(
  steps('RUN').some((a) => /npm ci .*--omit=dev/.test(a)),
  'the runtime stage installs production dependencies only (npm ci --omit=dev)',
);
const user = steps('USER').pop();
check(user !== undefined && !/^(root|0)(:|$)/.test(user), `the runtime runs as a non-root user (USER ${user})`);
const healthcheck = steps('HEALTHCHECK').pop() ?? '';
const healthCommand = execForm(healthcheck.replace(/^.*?CMD\s+/, ''));
check(healthCommand[0] === 'node' && healthcheck.includes('/api/health'), 'HEALTHCHECK asks /api/health with node (the image has no curl)');
const cmd = execForm(steps('CMD').pop() ?? '[]');
check(cmd.join(' ') === 'node api/dist/main.js', `CMD ${cmd.join(' ')}`);

const compose = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
console.log('docker-compose.yml');
check(
  /^\s+build:/m.test(compose) && !/image: node:/.test(compose),
  'the app service builds the image (no npm ci inside a stock Node image)',
);
for (const variable of ['DATABASE_URL', 'SMTP_URL', 'JWT_SECRET', 'ENCRYPTION_KEY', 'APP_URL'])
  check(new RegExp(`^\\s+${variable}:`, 'm').test(compose), `the app gets ${variable}`);
check(
  /JWT_SECRET: \$\{JWT_SECRET:\?/.test(compose) && /ENCRYPTION_KEY: \$\{ENCRYPTION_KEY:\?/.test(compose),
  'the secrets come from the environment, required',
);

if (!process.argv.includes('--static')) await replayRuntimeStage();
console.log(failures ? `\n${failures} check(s) failed` : '\nimage: all checks passed');
process.exit(failures ? 1 : 0);

/** Step 2: the runtime stage in a scratch folder, as close to `docker build` + `docker run` as a machine without Docker gets. */
async function replayRuntimeStage() {
  console.log('runtime stage, replayed');
  const scratch = mkdtempSync(join(tmpdir(), 'vantage-image-'));
  // mkdtemp makes it 0700: as root, PostgreSQL (the postgres user) would keep its data elsewhere.
  chmodSync(scratch, 0o755);
  const app = join(scratch, 'app');
  const data = join(scratch, 'data');
  mkdirSync(app);
  mkdirSync(data);
  /** @type {Record<string, string>} */
  const env = {};
  try {
    for (const [instruction, args] of runtime.steps) {
      if (instruction === 'ENV') for (const [, key, value] of args.matchAll(/(\w+)=(\S+)/g)) env[key] = value;
      if (instruction === 'COPY') {
        const fromBuild = /^--from=\S+ /.test(args);
        const parts = args.replace(/^--from=\S+ /, '').split(' ');
        const destination = parts.pop() ?? '.';
        for (const source of parts) {
          // The build stage's /app is this checkout after `npm run build`.
          const from = join(ROOT, fromBuild ? source.replace(/^\/app\//, '') : source);
          if (!existsSync(from)) {
            check(false, `COPY ${source}: missing (run npm run build first)`);
            continue;
          }
          const to =
            destination.endsWith('/') || parts.length > 1 || destination === './'
              ? join(app, destination, source.split('/').pop() ?? '')
              : join(app, destination);
          mkdirSync(dirname(to), { recursive: true });
          cpSync(from, to, { recursive: true });
        }
      }
      if (instruction === 'RUN' && /npm ci/.test(args)) {
        const install = args.split('&&')[0].trim().split(' ');
        execFileSync(install[0], [...install.slice(1), '--prefer-offline'], { cwd: app, stdio: ['ignore', 'ignore', 'pipe'] });
        check(true, `RUN ${args.split('&&')[0].trim()}`);
      }
    }
    check(
      !existsSync(join(app, 'node_modules', 'vitest')) && !existsSync(join(app, 'node_modules', 'vite')),
      'no dev dependency installed (vitest, vite absent)',
    );

    const port = await freePort();
    const server = spawn(cmd[0] === 'node' ? process.execPath : cmd[0], cmd.slice(1), {
      cwd: app,
      env: {
        PATH: process.env.PATH,
        ...env,
        PORT: String(port),
        DATA_DIR: data,
        APP_URL: `http://localhost:${port}`,
        JWT_SECRET: randomBytes(48).toString('base64url'),
        ENCRYPTION_KEY: randomBytes(32).toString('base64'),
        EMBEDDED_PG_PORT: String(await freePort()),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    server.stdout.on('data', (chunk) => (output += chunk.toString()));
    server.stderr.on('data', (chunk) => (output += chunk.toString()));
    /** @type {Promise<number | string | null>} */
    const exited = new Promise((resolve) => server.once('exit', (code, signal) => resolve(code ?? signal)));
    const deadline = Date.now() + 90_000;
    let healthy = false;
    while (!healthy && server.exitCode === null && Date.now() < deadline) {
      healthy = await fetch(`http://127.0.0.1:${port}/api/health`).then(
        (r) => r.ok,
        () => false,
      );
      if (!healthy) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    check(healthy, `CMD starts the app with NODE_ENV=${env.NODE_ENV}: /api/health answers 200`);
    if (!healthy) console.log(output.slice(-3000));
    const probe = healthCommand[0] === 'node' ? [process.execPath, ...healthCommand.slice(1)] : healthCommand;
    let probeCode = 0;
    try {
      execFileSync(probe[0], probe.slice(1), { env: { ...process.env, PORT: String(port) }, stdio: 'ignore' });
    } catch {
      probeCode = 1;
    }
    check(probeCode === 0, 'the HEALTHCHECK command exits 0');
    const spa = await fetch(`http://127.0.0.1:${port}/`).then(
      async (r) => r.ok && (await r.text()).includes('<div id="root">'),
      () => false,
    );
    check(spa, 'the web app is served from web/dist');
    server.kill('SIGTERM');
    check((await exited) === 0, 'SIGTERM: exit 0');
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
