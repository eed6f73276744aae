import { defineConfig } from 'vitest/config';

/**
 * The adversarial suite (test/adversarial): each file attacks a spawned server while probing /healthz
 * and holds it to a 250 ms bound. It runs after the main suite, one file at a time, so that the bound
 * measures what the attack does to the server, not what other test files do to this 2-core machine.
 */
export default defineConfig({
  test: {
    include: ['test/adversarial/**/*.test.ts'],
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
