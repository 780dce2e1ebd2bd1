import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'src/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    globalSetup: ['test/global-setup.ts'],
    // Two test files at a time: much of a file's time is spent waiting on Chromium, poppler and the database, so
    // two overlap well even on a 2-core machine (vitest's default is cores - 1, which is one file at a time there).
    maxWorkers: 2,
  },
});
