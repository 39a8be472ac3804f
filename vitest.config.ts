import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    alias: [
      // The module strategy files import (`import { defineStrategy } from 'barwise'`): the SDK's runtime.
      { find: /^barwise$/, replacement: fileURLToPath(new URL('./src-workers/sdk/index.ts', import.meta.url)) },
      // The strategy editor's language service is TypeScript 5's JavaScript API (typescript-ls):
      // the project's compiler, TypeScript 7, ships none. @valtown/codemirror-ts imports it as
      // 'typescript', so that name points at it too (as in the renderer's build), and the package is
      // run through Vite (inlined) for the alias to reach its imports.
      { find: /^typescript$/, replacement: 'typescript-ls' },
    ],
  },
  test: {
    include: ['src-*/**/*.test.ts', 'src-*/**/*.test.tsx', 'scripts/**/*.test.ts'],
    // Forks, not threads: tests start their own worker_threads and open native SQLite handles.
    pool: 'forks',
    // The PostgreSQL server of the team tests, found or started once per run (and said which, in one line).
    globalSetup: ['src-main/sync/test-support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    server: { deps: { inline: ['@valtown/codemirror-ts'] } },
  },
});
