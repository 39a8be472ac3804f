import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The strategy editor's language service is TypeScript 5's JavaScript API (typescript-ls):
    // the project's compiler, TypeScript 7, ships none. @valtown/codemirror-ts imports it as
    // 'typescript', so that name points at it too (as in the renderer's build), and the package is
    // run through Vite (inlined) for the alias to reach its imports.
    alias: [{ find: /^typescript$/, replacement: 'typescript-ls' }],
  },
  test: {
    include: ['src-*/**/*.test.ts', 'src-*/**/*.test.tsx', 'scripts/**/*.test.ts'],
    // Forks, not threads: tests start their own worker_threads and open native SQLite handles.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
    server: { deps: { inline: ['@valtown/codemirror-ts'] } },
  },
});
