// What each workspace's build reads, and whether its last build still matches: `npm start` builds only
// the workspaces whose inputs changed since their last successful build.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

/**
 * @typedef {{ name: string, inputs: string[], output: string, dependsOn: string[] }} Workspace
 * @typedef {{ inputsHash: string, outputMtimeMs: number }} BuildStamp
 */

/** The root files every build reads: the exact versions of the tools and the shared compiler options. */
export const SHARED_INPUTS = ['package-lock.json', 'tsconfig.base.json'];

/** In build order; `output` is a file each build writes last-ish, so its absence or a newer build is noticed. */
/** @type {Workspace[]} */
export const WORKSPACES = [
  {
    name: 'contracts',
    inputs: ['contracts/src', 'contracts/package.json', 'contracts/tsconfig.json'],
    output: 'contracts/dist/index.js',
    dependsOn: [],
  },
  {
    name: 'web',
    inputs: [
      'web/src',
      'web/public',
      'web/index.html',
      'web/package.json',
      'web/tsconfig.json',
      'web/vite.config.ts',
      'web/postcss.config.cjs',
    ],
    output: 'web/dist/index.html',
    dependsOn: ['contracts'],
  },
  {
    name: 'api',
    inputs: ['api/src', 'api/package.json', 'api/nest-cli.json', 'api/tsconfig.json', 'api/tsconfig.build.json'],
    output: 'api/dist/main.js',
    dependsOn: ['contracts'],
  },
];

/** Tests sit beside the code they test but are not part of any build: editing one needs no rebuild. */
const TEST_FILE = /\.(spec|test)\.[cm]?[jt]sx?$/;

/**
 * Every file under the given paths (files or folders), relative to root, sorted, tests left out.
 * @param {string} root
 * @param {string[]} paths
 * @returns {string[]}
 */
export function inputFiles(root, paths) {
  /** @type {string[]} */
  const files = [];
  /** @param {string} path */
  const walk = (path) => {
    if (!existsSync(path)) return;
    if (statSync(path).isDirectory()) {
      for (const entry of readdirSync(path)) walk(join(path, entry));
    } else if (!TEST_FILE.test(path)) {
      files.push(relative(root, path));
    }
  };
  for (const path of paths) walk(join(root, path));
  return files.sort();
}

/**
 * One hash of a workspace's inputs (names and contents), its dependencies' hashes and the shared files:
 * a change in contracts changes the web app's and the API's hash too.
 * @param {string} root
 * @param {Workspace} workspace
 * @param {Map<string, string>} builtHashes hashes of the workspaces it depends on, computed before it
 * @returns {string}
 */
export function inputsHash(root, workspace, builtHashes) {
  const hash = createHash('sha256');
  for (const file of inputFiles(root, [...SHARED_INPUTS, ...workspace.inputs])) {
    hash.update(`${file}\0`);
    hash.update(readFileSync(join(root, file)));
    hash.update('\0');
  }
  for (const dependency of workspace.dependsOn) hash.update(`${dependency}:${builtHashes.get(dependency) ?? ''}\0`);
  return hash.digest('hex');
}

/**
 * Why the workspace must be built, or null when its last build by `npm start` still matches: same
 * inputs, and its output is the very file that build wrote (no other build, e.g. `npm run build` from
 * edited sources since reverted, replaced it in between).
 * @param {BuildStamp | null} stamp
 * @param {string} currentHash
 * @param {number | null} outputMtimeMs null when the output does not exist
 * @returns {string | null}
 */
export function reasonToBuild(stamp, currentHash, outputMtimeMs) {
  if (outputMtimeMs === null) return 'not built yet';
  if (!stamp) return 'no record of its last build';
  if (stamp.inputsHash !== currentHash) return 'sources changed';
  if (stamp.outputMtimeMs !== outputMtimeMs) return 'built elsewhere since';
  return null;
}
