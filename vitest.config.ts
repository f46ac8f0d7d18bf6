import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['libs/*/src/**/*.test.ts', 'apps/*/src/**/*.test.ts', 'test/**/*.test.ts', 'bench/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    fileParallelism: true,
    maxWorkers: 2,
    // Library logs (pino on stderr) would drown the report; tests that spawn tiers capture theirs.
    env: { LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' },
  },
});
