// `npm start`: builds only the workspaces whose sources changed since their last successful build, so a
// second start goes straight to the app. A build's listing is shown only when it fails.
// `--force` builds everything.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { inputsHash, reasonToBuild, WORKSPACES } from './build-inputs.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const stampDir = join(root, 'node_modules', '.cache', 'vantage-start');
const force = process.argv.includes('--force');

/** @param {string} path @returns {number | null} */
function mtimeOf(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return null;
  }
}

/** @param {string} name @returns {import('./build-inputs.mjs').BuildStamp | null} */
function readStamp(name) {
  try {
    return /** @type {import('./build-inputs.mjs').BuildStamp} */ (JSON.parse(readFileSync(join(stampDir, `${name}.json`), 'utf8')));
  } catch {
    return null;
  }
}

/** @param {string} name @returns {Promise<{ code: number | null, output: string }>} */
function build(name) {
  return new Promise((resolve, reject) => {
    const child = spawn('npm', ['run', 'build', '-w', name], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    /** @type {Buffer[]} */
    const output = [];
    child.stdout.on('data', (chunk) => output.push(chunk));
    child.stderr.on('data', (chunk) => output.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output: Buffer.concat(output).toString() }));
  });
}

/** @type {Map<string, string>} */
const hashes = new Map();
for (const workspace of WORKSPACES) {
  const hash = inputsHash(root, workspace, hashes);
  hashes.set(workspace.name, hash);
  const output = join(root, workspace.output);
  const reason = force ? 'asked with --force' : reasonToBuild(readStamp(workspace.name), hash, mtimeOf(output));
  if (!reason) {
    console.log(`${workspace.name}: up to date, not rebuilt`);
    continue;
  }
  const startedAt = Date.now();
  console.log(`${workspace.name}: building (${reason})…`);
  const result = await build(workspace.name);
  if (result.code !== 0) {
    process.stdout.write(result.output);
    console.error(`${workspace.name}: the build failed (above); the app was not started`);
    process.exit(1);
  }
  mkdirSync(stampDir, { recursive: true });
  writeFileSync(join(stampDir, `${workspace.name}.json`), JSON.stringify({ inputsHash: hash, outputMtimeMs: mtimeOf(output) }));
  console.log(`${workspace.name}: built in ${((Date.now() - startedAt) / 1000).toFixed(1)} s`);
}
