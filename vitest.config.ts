import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // The module strategy files import (`import { defineStrategy } from 'barwise'`): the SDK's runtime.
    alias: [{ find: /^barwise$/, replacement: fileURLToPath(new URL('./src-workers/sdk/index.ts', import.meta.url)) }],
  },
  test: {
    include: ['src-*/**/*.test.ts', 'src-*/**/*.test.tsx', 'scripts/**/*.test.ts'],
    // Forks, not threads: tests start their own worker_threads and open native SQLite handles.
    pool: 'forks',
    // The PostgreSQL server of the team tests, found or started once per run (and said which, in one line).
    globalSetup: ['src-main/sync/test-support/global-setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
