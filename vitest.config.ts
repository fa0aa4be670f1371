import { defineConfig } from 'vitest/config';

// Unit tests are pure and fast; integration tests run the real CLIs, git and the bundled action
// against local servers, so they get longer timeouts and run a few files at a time.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          // Pure, but some build large inputs or run many properties: a busy machine must not fail them.
          testTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 60_000,
          maxWorkers: 2,
        },
      },
    ],
  },
});
