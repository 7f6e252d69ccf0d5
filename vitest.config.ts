import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    reporters: ['default', './test/plain-summary-reporter.ts'],
    // One temporary folder for the whole run, removed at its end.
    globalSetup: ['./test/temp-folder.ts'],
    // Grading runs start real programs; their failure paths wait for bounds of a few seconds.
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Two cores: more grading runs at once would starve the programs being graded.
    maxConcurrency: 2,
  },
});
