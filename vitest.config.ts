import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src-*/**/*.test.ts', 'src-*/**/*.test.tsx', 'scripts/**/*.test.ts'],
    // Forks, not threads: tests start their own worker_threads and open native SQLite handles.
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
