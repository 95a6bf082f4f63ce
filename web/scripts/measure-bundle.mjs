#!/usr/bin/env node
/**
 * Prints the gzip size of the JavaScript a first visit downloads before anything else can run:
 * the entry script referenced by dist/index.html plus every chunk it imports statically
 * (transitively). Lazily loaded route chunks are listed separately and not counted.
 *
 *   node scripts/measure-bundle.mjs            # after `npm run build -w web`
 *   node scripts/measure-bundle.mjs --budget 150   # exit 1 when the initial JS exceeds 150 kB gzip
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, join, posix, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const distDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'dist');
const indexHtmlPath = join(distDir, 'index.html');
const budgetFlag = process.argv.indexOf('--budget');
const budgetKb = budgetFlag === -1 ? null : Number(process.argv[budgetFlag + 1]);

if (!existsSync(indexHtmlPath)) {
  console.error(`No ${relative(process.cwd(), indexHtmlPath)}: run "npm run build -w web" first.`);
  process.exit(2);
}

const html = readFileSync(indexHtmlPath, 'utf8');
const entryScripts = [...html.matchAll(/<script[^>]*type="module"[^>]*src="([^"]+)"/g)].map((m) => m[1]);
if (entryScripts.length === 0) {
  console.error('dist/index.html has no <script type="module" src="…">.');
  process.exit(2);
}

/** URL path in index.html ("/assets/x.js") → file in dist. */
const toDistFile = (urlPath) => join(distDir, urlPath.replace(/^\//, ''));

// Static imports in minified ES modules: `import{a as b}from"./x.js"`, `import"./x.js"`,
// `export{…}from"./x.js"`. Dynamic `import("./x.js")` is deliberately not matched.
const STATIC_IMPORT = /(?:\bimport|\bexport)\s*(?:[\w$*{}\s,]+?\s*from\s*)?["'`](\.{1,2}\/[^"'`]+\.js)["'`]/g;
const DYNAMIC_IMPORT = /\bimport\(\s*["'`](\.{1,2}\/[^"'`]+\.js)["'`]\s*\)/g;

const initial = new Map();
const lazy = new Set();
const queue = entryScripts.map(toDistFile);
while (queue.length > 0) {
  const file = queue.shift();
  if (initial.has(file)) continue;
  const code = readFileSync(file);
  initial.set(file, { raw: code.length, gzip: gzipSync(code, { level: 9 }).length });
  const text = code.toString('utf8');
  for (const [, specifier] of text.matchAll(STATIC_IMPORT)) {
    queue.push(join(dirname(file), ...specifier.split(posix.sep)));
  }
  for (const [, specifier] of text.matchAll(DYNAMIC_IMPORT)) {
    lazy.add(join(dirname(file), ...specifier.split(posix.sep)));
  }
}

const kb = (bytes) => `${(bytes / 1024).toFixed(2)} kB`;
const rows = [...initial.entries()].sort((a, b) => b[1].gzip - a[1].gzip);
const totalRaw = rows.reduce((sum, [, size]) => sum + size.raw, 0);
const totalGzip = rows.reduce((sum, [, size]) => sum + size.gzip, 0);

console.log('Initial JavaScript (entry + static imports):');
for (const [file, size] of rows) {
  console.log(`  ${relative(distDir, file).padEnd(44)} ${kb(size.raw).padStart(11)}  gzip ${kb(size.gzip).padStart(10)}`);
}
console.log(`  ${'total'.padEnd(44)} ${kb(totalRaw).padStart(11)}  gzip ${kb(totalGzip).padStart(10)}`);

const lazyOnly = [...lazy].filter((file) => !initial.has(file));
const allJs = readdirSync(join(distDir, 'assets')).filter((name) => name.endsWith('.js'));
console.log(`\nLazily loaded chunks: ${lazyOnly.length} route chunks, ${allJs.length} JS files in dist/assets in all.`);

if (budgetKb !== null) {
  const withinBudget = totalGzip / 1024 <= budgetKb;
  console.log(`Budget ${budgetKb} kB gzip: ${withinBudget ? 'within budget' : 'OVER BUDGET'}`);
  if (!withinBudget) process.exit(1);
}
