import { describe, expect, it } from 'vitest';
import { THROTTLED_CODE, Withdrawn, backoffDelay, isCapacityRefusal, retryThrottled } from './backpressure.js';

/** Real timers, shortened: the policy is about real waiting. */
const clock = { now: () => Date.now(), setTimer: (at: number, fn: () => void) => { const t = setTimeout(fn, Math.max(0, at - Date.now())); return () => clearTimeout(t); } };
const throttled = () => ({ problem: { code: THROTTLED_CODE, status: 429, type: 'x', title: 'busy' } });

describe('backoffDelay', () => {
  it('doubles from 50 ms up to the 5 s cap, with jitter in [d/2, d]', () => {
    expect([0, 1, 2, 3].map((n) => backoffDelay(n, { random: () => 0 }))).toEqual([25, 50, 100, 200]);
    expect([0, 1, 2].map((n) => backoffDelay(n, { random: () => 0.999 }))).toEqual([50, 100, 200]);
    expect(backoffDelay(30, { random: () => 0.999 })).toBe(4998);
    expect(backoffDelay(1000, { random: () => 0 })).toBe(2500);
    for (let i = 0; i < 100; i++) expect(backoffDelay(4)).toBeGreaterThanOrEqual(400);
  });
});

describe('retryThrottled', () => {
  it('recognises the FunctionRunner capacity refusal and nothing else', () => {
    expect(isCapacityRefusal(throttled())).toBe(true);
    expect(isCapacityRefusal({ problem: { code: 'WEFT_ERR_FN_TIMEOUT' } })).toBe(false);
    expect(isCapacityRefusal(new Error('x'))).toBe(false);
    expect(isCapacityRefusal(undefined)).toBe(false);
  });

  it('performs the same call again after growing delays until it is admitted', async () => {
    const at: number[] = [];
    const delays: number[] = [];
    const t0 = Date.now();
    const out = await retryThrottled(
      async () => {
        at.push(Date.now() - t0);
        if (at.length < 4) throw throttled();
        return 'ok';
      },
      { clock, live: () => true, baseMs: 10, random: () => 0.5, onThrottled: (_n, d) => delays.push(d) },
    );
    expect(out).toBe('ok');
    expect(delays).toEqual([8, 15, 30]);
    // Not spinning: each attempt waited at least its delay after the previous one.
    for (let i = 1; i < at.length; i++) expect(at[i] - at[i - 1]).toBeGreaterThanOrEqual(delays[i - 1] - 1);
  });

  it('passes any other failure through at once', async () => {
    let n = 0;
    await expect(retryThrottled(async () => { n++; throw { problem: { code: 'WEFT_ERR_FN_RUNTIME' } }; }, { clock, live: () => true })).rejects.toEqual({ problem: { code: 'WEFT_ERR_FN_RUNTIME' } });
    expect(n).toBe(1);
  });

  it('withdraws when the run no longer wants the outcome, or at once when the engine stops', async () => {
    let live = true;
    let n = 0;
    const p = retryThrottled(async () => { n++; live = false; throw throttled(); }, { clock, live: () => live, baseMs: 5 });
    await expect(p).rejects.toBeInstanceOf(Withdrawn);
    expect(n).toBe(1);
    const halt = new AbortController();
    const t0 = Date.now();
    const q = retryThrottled(async () => { throw throttled(); }, { clock, live: () => true, baseMs: 10_000, signal: halt.signal });
    setTimeout(() => halt.abort(), 20);
    await expect(q).rejects.toBeInstanceOf(Withdrawn);
    expect(Date.now() - t0).toBeLessThan(1_000);
  });
});
