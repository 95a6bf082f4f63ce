// ESLint for the whole monorepo (npm run lint). Type-aware typescript-eslint, no file import cycles, and the
// layering of api/src and web/src written as import-x/no-restricted-paths zones generated from the arrays below.
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import { createTypeScriptImportResolver } from 'eslint-import-resolver-typescript';
import { importX } from 'eslint-plugin-import-x';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const ROOT = fileURLToPath(new URL('.', import.meta.url));

/**
 * The layers of api/src, lowest first. A file in a folder may import only from its own folder and from folders
 * EARLIER in this list (plus packages and @vantage/contracts); app.module.ts and main.ts may import anything.
 * Because every import points down the list, a cycle between folders cannot exist. `common` and `config` are the
 * base; `database` sits near the top because it is the composition root of the schema (it imports every folder's
 * entities); `bootstrap` builds the app from all of it. A folder that is not listed may import only the listed ones.
 * `npm run graph` prints the folder graph that this order constrains.
 */
export const API_LAYERS = [
  'common',
  'config',
  'observability',
  'jobs',
  'auth',
  'mail',
  'audit',
  'users',
  'teams',
  'two-factor',
  'impersonation',
  'sign-in',
  'profile',
  'crm',
  'admin',
  'health',
  'database',
  'bootstrap',
];

/** The only imports from a folder of api/src to a top-level file: bootstrap builds the Nest app from AppModule. */
export const API_TOP_FILE_IMPORTS = /** @type {Record<string, string[]>} */ ({ bootstrap: ['app.module.ts'] });

/** @param {string} dir @returns {string[]} the folders in `dir` (none if `dir` does not exist) */
const foldersIn = (dir) =>
  existsSync(join(ROOT, dir))
    ? readdirSync(join(ROOT, dir), { withFileTypes: true })
        .filter((entry) => entry.isDirectory())
        .map((entry) => entry.name)
    : [];

// A zone forbids files under `target` to import anything under `from` except the `except` folders. Zones for
// folders that do not exist (yet) match no file, so the order may name folders before they are created.
const apiLayerZones = API_LAYERS.map((folder, layer) => {
  const allowed = [...API_LAYERS.slice(0, layer + 1), ...(API_TOP_FILE_IMPORTS[folder] ?? [])];
  return {
    target: `./api/src/${folder}`,
    from: './api/src',
    except: allowed.map((path) => `./${path}`),
    message: `api/src/${folder} may import only from ${allowed.join(', ')} (API_LAYERS in eslint.config.mjs).`,
  };
});
const unlistedApiFolderZones = foldersIn('api/src')
  .filter((folder) => !API_LAYERS.includes(folder))
  .map((folder) => ({
    target: `./api/src/${folder}`,
    from: './api/src',
    except: [`./${folder}`, ...API_LAYERS.map((allowed) => `./${allowed}`)],
    message: `api/src/${folder} is not in API_LAYERS (eslint.config.mjs): add it there at its layer.`,
  }));

// web/src: app → features → shared (components, lib, config). Features are independent of each other.
const WEB_SHARED = ['components', 'lib', 'config'];
const webLayerZones = [
  ...WEB_SHARED.map((folder) => ({
    target: `./web/src/${folder}`,
    from: ['./web/src/features', './web/src/app'],
    message: `web/src/${folder} is shared code: it may not import features/ or app/.`,
  })),
  { target: './web/src/features', from: './web/src/app', message: 'features/ may not import app/.' },
  ...foldersIn('web/src/features').map((feature) => ({
    target: `./web/src/features/${feature}`,
    from: './web/src/features',
    except: [`./${feature}`],
    message: `features/${feature} may not import another feature: move what both need to components/ or lib/.`,
  })),
];
const webTestingZone = {
  target: './web/src',
  from: './web/src/testing',
  message: 'testing/ is for tests (*.test.ts[x]) only.',
};

const TS_PROJECTS = ['contracts/tsconfig.json', 'api/tsconfig.test.json', 'web/tsconfig.json', 'tsconfig.scripts.json'];

export default defineConfig(
  {
    ignores: ['**/dist/', '**/node_modules/', '.data/', '**/coverage/', '**/test-results/', '**/playwright-report/'],
  },
  { linterOptions: { reportUnusedDisableDirectives: 'error' } },

  // Everything linted: the workspaces' sources and tests and the root scripts.
  {
    files: [
      'contracts/src/**/*.ts',
      'api/src/**/*.ts',
      'api/test/**/*.ts',
      'web/src/**/*.{ts,tsx}',
      'web/e2e/**/*.ts',
      'scripts/**/*.mjs',
      'eslint.config.mjs',
    ],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked, importX.flatConfigs.typescript],
    languageOptions: {
      parserOptions: { project: TS_PROJECTS, tsconfigRootDir: ROOT },
    },
    settings: {
      'import-x/resolver-next': [
        createTypeScriptImportResolver({
          project: TS_PROJECTS.map((p) => join(ROOT, p)),
          alwaysTryTypes: true,
          noWarnOnMultipleProjects: true,
        }),
      ],
    },
    rules: {
      // A file cycle makes load order matter (an ESM `X before initialization`) and hides a missing layer.
      // Type-only imports (`import type`, `import { type X }`) are erased and do not count.
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
      'import-x/no-self-import': 'error',
      // `_name` marks a parameter or variable kept on purpose; `{ secret, ...rest }` drops `secret` from `rest`.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
      // `import type` says the import vanishes at run time, so it cannot create a load-order cycle (--fix adds it).
      // Files with decorators are left alone: with emitDecoratorMetadata their types are run-time values.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
    },
  },

  // Node code: the API, its tests, the browser tests' runner side and the scripts.
  {
    files: ['api/**/*.ts', 'web/e2e/**/*.ts', 'scripts/**/*.mjs', 'eslint.config.mjs'],
    languageOptions: { globals: globals.node },
  },
  {
    files: ['api/src/**/*.ts'],
    rules: { 'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: [...apiLayerZones, ...unlistedApiFolderZones] }] },
  },
  {
    files: ['api/test/**/*.ts', 'api/src/**/*.spec.ts', 'scripts/**/*.mjs'],
    rules: {
      // Tests and scripts read HTTP answers (supertest's `res.body`, fetch's `json()`) and SQL rows, which are `any`
      // by design, and check them at run time; typing every body would add casts, not safety.
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  // The SPA.
  {
    files: ['web/src/**/*.{ts,tsx}'],
    // Only its rules: the plugin's `configs` do not fit ESLint's Plugin type, and we use none of them.
    plugins: { 'react-hooks': { rules: reactHooks.rules } },
    languageOptions: { globals: globals.browser },
    rules: {
      'react-hooks/rules-of-hooks': 'error',
      'react-hooks/exhaustive-deps': 'error',
      'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: [...webLayerZones, webTestingZone] }],
    },
  },
  {
    files: ['web/src/**/*.test.{ts,tsx}', 'web/src/testing/**'],
    rules: { 'import-x/no-restricted-paths': ['error', { basePath: ROOT, zones: webLayerZones }] },
  },

  // Last: turn off the stylistic rules that Prettier owns.
  prettier,
);
