import { describe, expect, it } from 'vitest';
import { durationMs } from './durations.js';

describe('durations', () => {
  it.each([
    ['PT1S', 1000],
    ['PT0.25S', 250],
    ['PT1H30M', 5_400_000],
    ['P1D', 86_400_000],
    ['P1DT1M', 86_460_000],
    [{ seconds: 2 }, 2000],
    [{ minutes: 1, milliseconds: 5 }, 60_005],
    [{ days: 1, hours: 1 }, 90_000_000],
  ] as const)('%j is %d ms', (d, ms) => {
    expect(durationMs(d as never)).toBe(ms);
  });

  it.each(['', 'P', 'PT', '1S', 'PT1X', 'P1Y'])('rejects %j', (d) => {
    expect(durationMs(d)).toBeNull();
  });

  it('rejects unknown units and negative amounts', () => {
    expect(durationMs({ weeks: 1 })).toBeNull();
    expect(durationMs({ seconds: -1 })).toBeNull();
  });
});
