import { defineConfig } from 'vitest/config';

/**
 * `npm run test:fast`: the pure core, for everyday work (under a minute with lint and the type check). A test file
 * belongs here when it needs no browser, no database, no server and no child process: scoring, criteria, Thai text,
 * the tables' formats, the document model. `npm test` runs these and everything else (vitest.config.ts).
 */
export default defineConfig({
  test: {
    include: [
      'test/analysis.test.ts',
      'test/chromium-choice.test.ts',
      'test/complaints-limits.test.ts',
      'test/documents-lint-proofreading.test.ts',
      'test/documents-model.test.ts',
      'test/exact.test.ts',
      'test/ita-catalogue.test.ts',
      'test/measures-table.test.ts',
      'test/oit.test.ts',
      'test/score.test.ts',
      'test/scores-table.test.ts',
      'test/survey.test.ts',
      'test/thai.test.ts',
    ],
    environment: 'node',
    testTimeout: 60_000,
    maxWorkers: 2,
  },
});
