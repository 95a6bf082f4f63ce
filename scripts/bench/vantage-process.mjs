// Starting and stopping the built Vantage app (api/dist/main.js) as a child process, for the bench
// and the load and fault scripts.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = resolve(fileURLToPath(import.meta.url), '..', '..', '..');

/** @returns {Promise<number>} a TCP port free on loopback right now */
export async function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = /** @type {import('node:net').AddressInfo} */ (server.address());
      server.close(() => resolvePort(port));
    });
  });
}

/** @param {() => unknown} check resolves truthy when the wait is over */
export async function waitFor(check, timeoutMs = 60_000, intervalMs = 50) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await check()) return;
    } catch {
      /* not yet */
    }
    if (Date.now() > deadline) throw new Error('Timed out waiting');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * @typedef {Awaited<ReturnType<typeof startVantage>>} Vantage a running instance
 */

/**
 * Starts Vantage on loopback. Resolves once /api/health answers 200, with the time that took.
 * `env` adds to a quiet, seed-free configuration.
 * @param {{ port: number, dataDir: string, pgPort: number, env?: Record<string, string>, nodeArgs?: string[] }} options
 */
export async function startVantage({ port, dataDir, pgPort, env = {}, nodeArgs = [] }) {
  const startedAt = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, join(ROOT, 'api', 'dist', 'main.js')], {
    cwd: ROOT,
    env: {
      ...process.env,
      NODE_ENV: 'development',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      EMBEDDED_PG_PORT: String(pgPort),
      SEED_DEMO_DATA: 'false',
      LOG_LEVEL: 'warn',
      BCRYPT_ROUNDS: '10',
      THROTTLE_AUTH_LIMIT: '100000',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d) => (output += d));
  child.stderr.on('data', (d) => (output += d));
  let exited = false;
  let stopping = false;
  child.on('exit', (code, signal) => {
    exited = true;
    // An instance that dies while in use says why (the scripts only see refused connections).
    if (!stopping)
      console.error(`\nVantage on port ${port} exited (code ${code}, signal ${signal}). Its last output:\n${output.slice(-4000)}\n`);
  });
  const base = `http://127.0.0.1:${port}`;
  await waitFor(async () => {
    if (exited) throw Object.assign(new Error(`Vantage exited:\n${output}`), { fatal: true });
    const res = await fetch(`${base}/api/health`);
    return res.status === 200;
  }, 120_000).catch((/** @type {Error} */ error) => {
    throw new Error(`Vantage did not become healthy: ${error.message}\n${output.slice(-2000)}`);
  });
  const startMs = performance.now() - startedAt;
  return {
    child,
    base,
    startMs,
    output: () => output,
    databaseUrl: () => {
      const password = readFileSync(join(dataDir, 'postgres', 'pg-password'), 'utf8').trim();
      return `postgres://vantage:${encodeURIComponent(password)}@127.0.0.1:${pgPort}/vantage`;
    },
    /** Ends it abruptly (a crash, for the fault checks). @param {NodeJS.Signals} signal */
    kill(signal = 'SIGKILL') {
      stopping = true;
      child.kill(signal);
    },
    async stop() {
      stopping = true;
      if (exited) return;
      const done = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await done;
    },
  };
}

/** @param {number | undefined} pid @returns {number} the resident memory of the process, in MB */
export function rssMb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/** @type {RegExpExecArray} */ (/VmRSS:\s+(\d+)/.exec(status))[1]) / 1024;
}

/**
 * CPU time (ms) used so far by a process (`own`) and by its descendants (`children`: for the app, its
 * embedded PostgreSQL and that server's backends). From /proc; clock ticks are 1/100 s on Linux.
 * @param {number | undefined} rootPid
 */
export function cpuMsOfTree(rootPid) {
  const processes = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      processes.push({ pid: Number(entry), ppid: Number(fields[1]), ms: (Number(fields[11]) + Number(fields[12])) * 10 });
    } catch {
      /* the process ended while we looked */
    }
  }
  const inTree = new Set([rootPid]);
  for (let grew = true; grew;) {
    grew = false;
    for (const p of processes) {
      if (!inTree.has(p.pid) && inTree.has(p.ppid)) {
        inTree.add(p.pid);
        grew = true;
      }
    }
  }
  let own = 0;
  let children = 0;
  for (const p of processes)
    if (p.pid === rootPid) own = p.ms;
    else if (inTree.has(p.pid)) children += p.ms;
  return { own, children };
}
