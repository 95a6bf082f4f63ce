#!/usr/bin/env node
/**
 * `npm run graph`: the folder-level dependency graph of api/src — each top-level folder (and top-level file) and
 * the folders it imports, in the layer order of API_LAYERS (eslint.config.mjs). An import that points up the
 * layers is marked ↑ (ESLint's import-x/no-restricted-paths refuses it too). Exits 1 if the folders form a cycle.
 * Imports are found with a regular expression, which is enough for a picture: ESLint is the real check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { API_LAYERS, API_TOP_FILE_IMPORTS } from '../eslint.config.mjs';

const SRC = resolve(fileURLToPath(import.meta.url), '..', '..', 'api', 'src');
const IMPORT = /(?:\bfrom\s+|\bimport\s*\(\s*|\bimport\s+|\brequire\s*\(\s*)['"](\.{1,2}\/[^'"]*)['"]/g;

/** @param {string} dir @returns {string[]} every .ts file under `dir` */
const tsFiles = (dir) =>
  readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(path);
    return entry.name.endsWith('.ts') ? [path] : [];
  });

const folders = new Set(
  readdirSync(SRC, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name),
);

/** @param {string} path @returns {string | null} its top-level folder in api/src, its file name if it is at the top, null outside */
const nodeOf = (path) => {
  const top = relative(SRC, path).split(/[\\/]/)[0];
  if (top.startsWith('..')) return null;
  return folders.has(top) ? top : `${top.replace(/\.[cm]?[jt]s$/, '')}.ts`;
};

/** @type {Map<string, Set<string>>} */
const graph = new Map();
for (const file of tsFiles(SRC)) {
  const from = /** @type {string} */ (nodeOf(file));
  const edges = graph.get(from) ?? new Set();
  graph.set(from, edges);
  for (const [, specifier] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
    const to = nodeOf(resolve(dirname(file), specifier));
    if (to && to !== from) edges.add(to);
  }
}

/** @param {string} node @returns {number} its layer (1 = lowest); unlisted folders above them all, files at the top */
const layerOf = (node) => {
  const index = API_LAYERS.indexOf(node);
  if (index >= 0) return index + 1;
  return node.endsWith('.ts') ? Infinity : API_LAYERS.length + 1;
};
const nodes = [...graph.keys()].sort((a, b) => layerOf(a) - layerOf(b) || a.localeCompare(b));
const width = Math.max(...nodes.map((node) => node.length));

console.log('api/src: folder → the folders it imports (layers from API_LAYERS in eslint.config.mjs; ↑ = against the layers)\n');
for (const node of nodes) {
  const layer = layerOf(node);
  const label = Number.isFinite(layer) ? String(layer).padStart(2) : ' -';
  const targets = [...(graph.get(node) ?? [])].sort((a, b) => layerOf(a) - layerOf(b) || a.localeCompare(b));
  const upward = (/** @type {string} */ to) => Number.isFinite(layer) && layerOf(to) >= layer && !API_TOP_FILE_IMPORTS[node]?.includes(to);
  const shown = targets.map((to) => (upward(to) ? `↑${to}` : to));
  const note = layer === API_LAYERS.length + 1 ? '   (not in API_LAYERS)' : '';
  console.log(`${label} ${node.padEnd(width)} → ${shown.join(', ') || '(nothing)'}${note}`);
}

// Cycles: a depth-first search that reports each back edge as the path it closes.
/** @type {string[][]} */
const cycles = [];
/** @type {Map<string, 'open' | 'done'>} */
const state = new Map();
/** @param {string} node @param {string[]} path */
const visit = (node, path) => {
  state.set(node, 'open');
  for (const next of graph.get(node) ?? []) {
    if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), node, next]);
    else if (!state.has(next)) visit(next, [...path, node]);
  }
  state.set(node, 'done');
};
for (const node of nodes) if (!state.has(node)) visit(node, []);

if (cycles.length) {
  console.log(`\n${cycles.length} folder cycle(s):`);
  for (const cycle of cycles) console.log(`  ${cycle.join(' → ')}`);
  process.exit(1);
}
console.log('\nNo folder cycle.');
