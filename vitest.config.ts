import { defineConfig } from 'vitest/config';

const include = ['test/**/*.test.ts', 'packages/*/test/**/*.test.ts'];

/**
 * Files that change what the whole process sees (its working directory, a faked clock) run with
 * a fresh module graph of their own. Everything else shares one graph per worker: re-importing
 * the gateway (Express, zod schemas, the OpenAPI registry) for each of a hundred files was the
 * biggest part of the suite's time. Files keep their own Redis prefixes and servers either way.
 */
const isolated = [
  'test/gateway/house-rules.test.ts',
  'packages/simulator/test/contract-answers.test.ts',
  'packages/simulator/test/contract-requests.test.ts',
  'packages/simulator/test/sessions.test.ts',
];

export default defineConfig({
  test: {
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
    pool: 'forks',
    // Vitest's default on 2 cores is one worker; most files wait on sockets, Redis and child
    // processes rather than compute, so two workers nearly halve the suite (188 s -> 106 s).
    maxWorkers: 2,
    projects: [
      { extends: true, test: { name: 'shared', include, exclude: isolated, isolate: false } },
      { extends: true, test: { name: 'isolated', include: isolated, isolate: true } },
    ],
  },
});
