// node --test scripts/start/: when `npm start` rebuilds and when it skips.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { inputFiles, inputsHash, reasonToBuild } from './build-inputs.mjs';

const root = mkdtempSync(join(tmpdir(), 'vantage-build-inputs-'));
after(() => rmSync(root, { recursive: true, force: true }));

/** @param {string} path @param {string} text */
function write(path, text) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), text);
}

write('package-lock.json', '{"lockfileVersion":3}');
write('lib/src/index.ts', 'export const a = 1;');
write('app/src/main.ts', 'import { a } from "lib";');
write('app/src/main.spec.ts', 'it("works", () => {});');
write('app/tsconfig.json', '{}');
const lib = { name: 'lib', inputs: ['lib/src'], output: 'lib/dist/index.js', dependsOn: [] };
const app = { name: 'app', inputs: ['app/src', 'app/tsconfig.json', 'app/vite.config.ts'], output: 'app/dist/main.js', dependsOn: ['lib'] };

/** @returns {{ lib: string, app: string }} */
function hashes() {
  const built = new Map();
  built.set('lib', inputsHash(root, lib, built));
  return { lib: built.get('lib'), app: inputsHash(root, app, built) };
}

void describe('build inputs', () => {
  void it('lists the sources and configs, skipping tests and missing paths', () => {
    assert.deepEqual(inputFiles(root, app.inputs), ['app/src/main.ts', 'app/tsconfig.json']);
  });

  void it('keeps the hash when nothing changed or only a test changed', () => {
    const before = hashes();
    assert.deepEqual(hashes(), before);
    write('app/src/main.spec.ts', 'it("works again", () => {});');
    assert.deepEqual(hashes(), before);
  });

  void it('changes the hash when a source, a config or the lock file changes', () => {
    for (const [path, text] of [
      ['app/src/main.ts', 'import { a } from "lib"; console.log(a);'],
      ['app/src/new-file.ts', ''],
      ['app/tsconfig.json', '{"strict":true}'],
      ['package-lock.json', '{"lockfileVersion":3,"packages":{}}'],
    ]) {
      const before = hashes();
      write(path, text);
      assert.notEqual(hashes().app, before.app, `${path} changed`);
    }
  });

  void it("changes a workspace's hash when a workspace it depends on changes, not the other way round", () => {
    const before = hashes();
    write('lib/src/index.ts', 'export const a = 2;');
    const afterLibChange = hashes();
    assert.notEqual(afterLibChange.lib, before.lib);
    assert.notEqual(afterLibChange.app, before.app);
    write('app/src/main.ts', 'import { a } from "lib"; export default a;');
    assert.equal(hashes().lib, afterLibChange.lib);
  });
});

void describe('reason to build', () => {
  const stamp = { inputsHash: 'abc', outputMtimeMs: 1000 };
  void it('skips only when the inputs and the output are those of the last build', () => {
    assert.equal(reasonToBuild(stamp, 'abc', 1000), null);
  });
  void it('builds when the output is missing, never recorded, the sources changed or another build replaced it', () => {
    assert.equal(reasonToBuild(stamp, 'abc', null), 'not built yet');
    assert.equal(reasonToBuild(null, 'abc', 1000), 'no record of its last build');
    assert.equal(reasonToBuild(stamp, 'abd', 1000), 'sources changed');
    assert.equal(reasonToBuild(stamp, 'abc', 2000), 'built elsewhere since');
  });
});
