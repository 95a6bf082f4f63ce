import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

const srcDir = fileURLToPath(new URL('./src', import.meta.url));
// The shared contracts are consumed from their TypeScript source: the SPA gets real ES modules
// (tree-shaken, no CommonJS interop) and dev, tests and builds never depend on `contracts/dist`
// having been built first.
const contractsEntry = fileURLToPath(new URL('../contracts/src/index.ts', import.meta.url));

export default defineConfig({
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@vantage\/contracts$/, replacement: contractsEntry },
      { find: /^@\//, replacement: `${srcDir}/` },
    ],
  },
  server: {
    port: 5173,
    proxy: {
      // Same origin in the browser, so the API's httpOnly refresh cookie works in development too.
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
  preview: {
    proxy: {
      '/api': { target: 'http://localhost:3000', changeOrigin: false },
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    sourcemap: true,
    target: 'es2022',
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/testing/setup-tests.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    restoreMocks: true,
    testTimeout: 20_000,
    css: false,
    // Test files share one module graph per worker instead of re-importing React, Mantine and the
    // lazy route modules for every file: the suite runs about 3× faster on two cores. The module
    // state that could leak (access token, toasts, stubbed fetch, URL) is reset in setup-tests.ts.
    isolate: false,
    // One worker per core (Vitest leaves one free by default): in npm test these tests end their lane,
    // often alone on the machine, and on two cores two workers take 50 s instead of 89.
    maxWorkers: '100%',
  },
});
