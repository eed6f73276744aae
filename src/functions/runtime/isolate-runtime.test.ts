import { describe, expect, it } from 'vitest';
import { fakeHost, fnVersion, runtimeContract } from './contracts/runtime-contract.js';
import { INLINE_SLICE_MS, createIsolateRuntime } from './isolate-runtime.js';

runtimeContract('isolated-vm (threaded)', () => createIsolateRuntime());
runtimeContract('isolated-vm (inline)', () => createIsolateRuntime({ mode: 'inline' }));

describe('isolated-vm (inline): a call that outruns its slice', () => {
  it('holds the event loop one slice, finishes on the thread pool with the right output, and asks nothing twice', async () => {
    // Emits first (a host request made in the cut slice is refused), then computes for ~200 ms.
    const version = fnVersion(
      `async (input, ctx) => { console.log('start'); const until = Date.now() + 200; let n = 0; while (Date.now() < until) n++; await ctx.emit({ type: 'x', source: 's', id: 'e1' }); return { done: input.k, counted: n > 0 }; }`,
      { name: 'cpu', version: `1.0.${Date.now() % 100000}` },
    );
    const inst = await createIsolateRuntime({ mode: 'inline' }).create(version);
    const host = fakeHost();
    let longestTurn = 0;
    let last = performance.now();
    const ticker = setInterval(() => {
      longestTurn = Math.max(longestTurn, performance.now() - last);
      last = performance.now();
    }, 1);
    const t0 = performance.now();
    const out = await inst.invoke({ k: 7 }, host.ctx);
    const blockedFor = longestTurn;
    clearInterval(ticker);
    expect(out).toEqual({ done: 7, counted: true });
    expect(performance.now() - t0).toBeGreaterThanOrEqual(200);
    // One slice (INLINE_SLICE_MS) plus scheduling, far from the call's 200 ms.
    expect(blockedFor).toBeLessThan(INLINE_SLICE_MS + 80);
    expect(host.events).toHaveLength(1);
    // The cut slice's log line was dropped with it: the line is there once, from the run that finished.
    expect(host.logs.filter((l) => l.message === 'start')).toHaveLength(1);
    // The next call of this version goes to the thread pool at once: the event loop is not held.
    last = performance.now();
    longestTurn = 0;
    const again = setInterval(() => {
      longestTurn = Math.max(longestTurn, performance.now() - last);
      last = performance.now();
    }, 1);
    expect(await inst.invoke({ k: 8 }, host.ctx)).toEqual({ done: 8, counted: true });
    clearInterval(again);
    expect(longestTurn).toBeLessThan(INLINE_SLICE_MS + 80);
    inst.dispose();
  });
});
