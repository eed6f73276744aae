/** The pool over the real isolate runtime: warm reuse, parallel instances, a timed-out instance replaced. */
import { afterEach, describe, expect, it } from 'vitest';
import { FN_ERROR_CODES, FunctionError } from '../errors.js';
import { fakeHost, fnVersion } from '../runtime/contracts/runtime-contract.js';
import { createIsolateRuntime } from '../runtime/isolate-runtime.js';
import { FunctionPool } from './pool.js';

describe('FunctionPool on isolated-vm', () => {
  const pools: FunctionPool[] = [];
  afterEach(async () => {
    await Promise.all(pools.splice(0).map((p) => p.close()));
  });
  const pool = (src: string, prelude: string, m = {}) => {
    const p = new FunctionPool(fnVersion(src, { maxConcurrency: 2, timeoutMs: 300, ...m }, prelude), createIsolateRuntime());
    pools.push(p);
    return p;
  };

  it('reuses a warm isolate, runs two at once, and replaces an isolate that timed out', async () => {
    const p = pool(`async (input) => { if (input === 'spin') while (true) {} if (input === 'slow') await new Promise((r) => setTimeout(r, 50)); return ++count; }`, 'let count = 0');
    const a = await p.invoke(null, fakeHost().ctx);
    const b = await p.invoke(null, fakeHost().ctx);
    expect([a.output, a.cold, b.output, b.cold]).toEqual([1, true, 2, false]);
    expect(b.memoryBytes).toBeGreaterThan(0);
    const [c, d] = await Promise.all([p.invoke('slow', fakeHost().ctx), p.invoke('slow', fakeHost().ctx)]);
    expect([c.cold, d.cold].sort()).toEqual([false, true]);
    expect(p.stats()).toMatchObject({ instances: 2, coldStarts: 2 });
    const err = await p.invoke('spin', fakeHost().ctx).catch((e: FunctionError) => e);
    expect(err).toBeInstanceOf(FunctionError);
    expect((err as FunctionError).code).toBe(FN_ERROR_CODES.timeout);
    expect(p.stats()).toMatchObject({ instances: 1, replaced: 1 });
    const e = await p.invoke(null, fakeHost().ctx);
    expect(e.cold).toBe(false);
    const [f, g] = await Promise.all([p.invoke('slow', fakeHost().ctx), p.invoke('slow', fakeHost().ctx)]);
    expect([f.cold, g.cold].sort()).toEqual([false, true]);
  });

  it('keeps minWarm isolates ready from start()', async () => {
    const p = pool('(input) => input', '', { minWarm: 1 });
    await p.start();
    expect(p.stats()).toMatchObject({ instances: 1, idle: 1 });
    const r = await p.invoke({ x: 1 }, fakeHost().ctx);
    expect([r.output, r.cold]).toEqual([{ x: 1 }, false]);
  });
});
