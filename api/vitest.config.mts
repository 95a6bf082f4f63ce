import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import swc from 'unplugin-swc';
import { defineConfig } from 'vitest/config';

/**
 * HTTP tests against a real PostgreSQL (one embedded cluster per run, see test/support/global-setup.ts).
 * All test files share one module graph (isolate: false) and run one after another in one process, so
 * the app's modules are loaded once per run rather than once per file.
 *
 * Nothing is written inside node_modules, which may belong to another user (a checkout whose packages are
 * linked from elsewhere, as the fresh-folder check does): `npm test` loads this file with
 * `--configLoader runner` (no bundled copy beside it), and Vite's cache goes to a folder of the user's own.
 */
export default defineConfig({
  cacheDir: join(tmpdir(), `vantage-api-vite-${process.getuid?.() ?? 'user'}`),
  // SWC in Vitest: esbuild/oxc cannot emit the decorator metadata Nest's DI needs.
  plugins: [
    swc.vite({
      jsc: {
        parser: { syntax: 'typescript', decorators: true },
        transform: { legacyDecorator: true, decoratorMetadata: true },
        target: 'es2022',
        keepClassNames: true,
      },
    }),
  ],
  resolve: {
    // The shared contracts from their TypeScript source, as the web app and the type check read them:
    // the tests never depend on a stale or missing contracts/dist.
    alias: [{ find: /^@vantage\/contracts$/, replacement: fileURLToPath(new URL('../contracts/src/index.ts', import.meta.url)) }],
  },
  test: {
    globals: true,
    environment: 'node',
    include: ['test/**/*.e2e-spec.ts', 'test/**/*.spec.ts', 'src/**/*.spec.ts'],
    // Starts and migrates the run's PostgreSQL; at the end, sums the OpenAPI counts and fails on leaked secrets.
    globalSetup: ['./test/support/vitest-global-setup.ts'],
    // Every answer of every HTTP test is checked against the served OpenAPI document (test/support/openapi-answers.ts).
    setupFiles: ['./test/support/openapi-answers.setup.ts'],
    isolate: false,
    fileParallelism: false,
    pool: 'forks',
    // Files share modules, so a spy left on a prototype would reach the next file's tests.
    restoreMocks: true,
    testTimeout: 30000,
    hookTimeout: 60000,
  },
});
