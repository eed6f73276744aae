import { configDefaults, defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'studio/src/**/*.test.ts'],
    // Run on their own, one at a time, after this suite (vitest.adversarial.config.ts).
    exclude: [...configDefaults.exclude, 'test/adversarial/**'],
    globalSetup: ['test/global-setup.ts'],
    testTimeout: 30_000,
    // Test files run in forked processes started the way `weft` starts node (src/cli/launch.ts).
    pool: 'forks',
    poolOptions: { forks: { execArgv: ['--no-node-snapshot'] } },
  },
});
