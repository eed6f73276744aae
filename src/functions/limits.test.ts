import { describe, expect, it } from 'vitest';
import type { FunctionManifest } from '../ports/index.js';
import { DEFAULT_FUNCTION_LIMITS, clampManifest, functionLimitsFromEnv, limitProblems } from './limits.js';

const manifest: FunctionManifest = { name: 'f', version: '1.0.0', memoryMb: 64, timeoutMs: 10_000, maxConcurrency: 10, minWarm: 0, idleMs: 60_000, egress: [], secrets: [] };

describe('function limits', () => {
  it('reads the caps from the environment, keeps defaults for unset ones and refuses malformed ones', () => {
    expect(functionLimitsFromEnv({})).toEqual(DEFAULT_FUNCTION_LIMITS);
    const l = functionLimitsFromEnv({ WEFT_FN_MAX_MEMORY_MB: '128', WEFT_FN_MAX_MIN_WARM: '0', WEFT_FN_MAX_LOG_LINES: '10', WEFT_FN_NODE_MAX_CONCURRENCY: '32' });
    expect(l).toMatchObject({ maxMemoryMb: 128, maxMinWarm: 0, nodeMaxConcurrency: 32, logs: { lines: 10, bytes: 256 * 1024 } });
    expect(() => functionLimitsFromEnv({ WEFT_FN_MAX_CONCURRENCY: 'lots' })).toThrow(/WEFT_FN_MAX_CONCURRENCY="lots": expected an integer ≥ 1/);
    expect(() => functionLimitsFromEnv({ WEFT_FN_MAX_MEMORY_MB: '4' })).toThrow(/≥ 8/);
  });

  it('names every field over a cap, with the cap and its setting', () => {
    expect(limitProblems(manifest, DEFAULT_FUNCTION_LIMITS)).toEqual([]);
    expect(limitProblems({ memoryMb: 1024, minWarm: 1000, maxConcurrency: 1000, timeoutMs: 900_000 }, DEFAULT_FUNCTION_LIMITS)).toEqual([
      { pointer: '/memoryMb', message: "1024 is over this server's cap of 256 MB (WEFT_FN_MAX_MEMORY_MB)" },
      { pointer: '/timeoutMs', message: "900000 is over this server's cap of 60000 ms (WEFT_FN_MAX_TIMEOUT_MS)" },
      { pointer: '/maxConcurrency', message: "1000 is over this server's cap of 64 (WEFT_FN_MAX_CONCURRENCY)" },
      { pointer: '/minWarm', message: "1000 is over this server's cap of 4 (WEFT_FN_MAX_MIN_WARM)" },
    ]);
    // The per-function cap never exceeds the node's.
    expect(limitProblems({ maxConcurrency: 40 }, { ...DEFAULT_FUNCTION_LIMITS, nodeMaxConcurrency: 32 })).toEqual([
      { pointer: '/maxConcurrency', message: "40 is over this server's cap of 32 (WEFT_FN_NODE_MAX_CONCURRENCY)" },
    ]);
  });

  it('clamps a version deployed before a cap was lowered (the same object when within)', () => {
    expect(clampManifest(manifest, DEFAULT_FUNCTION_LIMITS)).toBe(manifest);
    const big = { ...manifest, memoryMb: 1024, timeoutMs: 900_000, maxConcurrency: 1000, minWarm: 1000 };
    expect(clampManifest(big, DEFAULT_FUNCTION_LIMITS)).toMatchObject({ memoryMb: 256, timeoutMs: 60_000, maxConcurrency: 64, minWarm: 4 });
    expect(clampManifest({ ...big, maxConcurrency: 2 }, DEFAULT_FUNCTION_LIMITS)).toMatchObject({ maxConcurrency: 2, minWarm: 2 });
  });
});
