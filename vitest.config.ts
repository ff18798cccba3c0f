import { defineConfig } from 'vitest/config';

/** One project per package; `npm test` runs them all. Integration and browser files run one at a time. */
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'shared', include: ['shared/src/**/*.test.ts'] } },
      { test: { name: 'client', include: ['game-client/src/**/*.test.ts', 'game-client/build/**/*.test.ts'] } },
      {
        test: {
          name: 'server',
          include: ['game-server/test/**/*.test.ts'],
          setupFiles: ['game-server/src/polyfill.ts'],
          fileParallelism: false,
          testTimeout: 30_000,
          hookTimeout: 30_000,
        },
      },
      {
        test: {
          name: 'e2e',
          include: ['game-client/e2e/**/*.test.ts'],
          setupFiles: ['game-server/src/polyfill.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'loadtest',
          include: ['loadtest/test/**/*.test.ts'],
          setupFiles: ['game-server/src/polyfill.ts'],
          fileParallelism: false,
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
