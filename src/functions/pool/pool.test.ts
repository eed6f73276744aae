import { describe, expect, it } from 'vitest';
import type { Json } from '../../shared/index.js';
import type { FunctionManifest, FunctionVersion } from '../../ports/index.js';
import { FN_ERROR_CODES, FunctionError, fnTimeout } from '../errors.js';
import type { FunctionRuntime, HostContext, Instance } from '../runtime/runtime.js';
import { FunctionPool, type PoolClock } from './pool.js';
import { NodeCapacity } from './node-capacity.js';

const T0 = 1_700_000_000_000;

class ManualClock implements PoolClock {
  t = T0;
  private timers: { at: number; fn: () => void }[] = [];
  now = () => this.t;
  setTimer = (at: number, fn: () => void) => {
    const timer = { at, fn };
    this.timers.push(timer);
    return () => void (this.timers = this.timers.filter((x) => x !== timer));
  };
  advance(ms: number): void {
    this.t += ms;
    for (;;) {
      const due = this.timers.filter((x) => x.at <= this.t).sort((a, b) => a.at - b.at)[0];
      if (!due) return;
      this.timers = this.timers.filter((x) => x !== due);
      due.fn();
    }
  }
}

function deferred<T>() {
  let resolve!: (v: T) => void, reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

/** Instances whose invocations finish when the test says so; `invoke('kill')` times out and disposes. */
class FakeInstance implements Instance {
  disposed = false;
  readonly memoryBytes = 1234;
  calls: { input: Json; done: ReturnType<typeof deferred<Json>> }[] = [];
  constructor(readonly id: number, readonly version: FunctionVersion) {}
  invoke(input: Json): Promise<Json> {
    if (input === 'kill') {
      this.disposed = true;
      return Promise.reject(fnTimeout('fn', 10));
    }
    const done = deferred<Json>();
    this.calls.push({ input, done });
    return done.promise;
  }
  finish(value: Json = 'ok'): void {
    this.calls.shift()!.done.resolve(value);
  }
  dispose(): void {
    this.disposed = true;
  }
}

class FakeRuntime implements FunctionRuntime {
  readonly kind = 'isolate';
  readonly engine = 'fake';
  created: FakeInstance[] = [];
  failNext?: Error;
  create(version: FunctionVersion): Promise<Instance> {
    if (this.failNext) {
      const err = this.failNext;
      this.failNext = undefined;
      return Promise.reject(err);
    }
    const inst = new FakeInstance(this.created.length + 1, version);
    this.created.push(inst);
    return Promise.resolve(inst);
  }
}

function version(m: Partial<FunctionManifest> = {}): FunctionVersion {
  const manifest = { name: 'fn', version: '1.0.0', memoryMb: 64, timeoutMs: 1000, maxConcurrency: 2, minWarm: 0, idleMs: 1000, egress: [], secrets: [], ...m };
  return { name: 'fn', version: manifest.version, hash: 'h', size: 1, code: '', manifest, createdAt: 0 };
}

const ctx = (deadline = T0 + 60_000): HostContext => ({
  invocationId: 'i', idempotencyKey: 'k', deadline, fetch: () => Promise.reject(new Error('no')), secret: () => undefined, log: () => {}, emit: async () => {},
});
async function failure(p: Promise<unknown>): Promise<FunctionError> {
  const err = await p.then(() => undefined, (e: unknown) => e);
  expect(err).toBeInstanceOf(FunctionError);
  return err as FunctionError;
}
const tick = () => new Promise((r) => setImmediate(r));

function setup(m: Partial<FunctionManifest> = {}, maxQueue?: number) {
  const clock = new ManualClock();
  const runtime = new FakeRuntime();
  const pool = new FunctionPool(version(m), runtime, { clock, maxQueue });
  return { clock, runtime, pool };
}

describe('FunctionPool', () => {
  it('starts cold, then reuses the warm instance', async () => {
    const { runtime, pool } = setup();
    const first = pool.invoke(1, ctx());
    await tick();
    runtime.created[0].finish('a');
    expect(await first).toMatchObject({ output: 'a', cold: true, queueMs: 0, memoryBytes: 1234 });
    const second = pool.invoke(2, ctx());
    await tick();
    runtime.created[0].finish('b');
    expect(await second).toMatchObject({ output: 'b', cold: false });
    expect(runtime.created).toHaveLength(1);
    expect(runtime.created[0].version.version).toBe('1.0.0');
    expect(pool.stats()).toMatchObject({ instances: 1, idle: 1, busy: 0, coldStarts: 1, invocations: 2 });
  });

  it('runs up to maxConcurrency at once, queues the rest and hands them a warm instance in order', async () => {
    const { clock, runtime, pool } = setup({ maxConcurrency: 2 });
    const calls = [1, 2, 3].map((i) => pool.invoke(i, ctx()));
    await tick();
    expect(runtime.created).toHaveLength(2);
    expect(pool.stats()).toMatchObject({ busy: 2, queued: 1 });
    clock.advance(25);
    runtime.created[1].finish('two');
    await tick();
    expect(runtime.created[1].calls.map((c) => c.input)).toEqual([3]);
    runtime.created[0].finish('one');
    runtime.created[1].finish('three');
    const results = await Promise.all(calls);
    expect(results.map((r) => [r.output, r.cold, r.queueMs])).toEqual([['one', true, 0], ['two', true, 0], ['three', false, 25]]);
  });

  it('refuses beyond the queue with a retryable WEFT_ERR_FN_THROTTLED (queue defaults to 2 × maxConcurrency)', async () => {
    const { runtime, pool } = setup({ maxConcurrency: 1 });
    const running = [1, 2, 3].map((i) => pool.invoke(i, ctx()));
    await tick();
    const err = await failure(pool.invoke(4, ctx()));
    expect(err).toBeInstanceOf(FunctionError);
    expect([err.code, err.retryable, err.status, err.kind]).toEqual([FN_ERROR_CODES.throttled, true, 429, 'communication']);
    expect(pool.stats()).toMatchObject({ busy: 1, queued: 2, throttles: 1 });
    for (let i = 0; i < 3; i++) {
      runtime.created[0].finish();
      await tick();
    }
    await Promise.all(running);
    const none = setup({ maxConcurrency: 1 }, 0);
    void none.pool.invoke(1, ctx());
    expect((await failure(none.pool.invoke(2, ctx()))).code).toBe(FN_ERROR_CODES.throttled);
  });

  it('disposes idle instances after idleMs and starts cold again', async () => {
    const { clock, runtime, pool } = setup({ idleMs: 1000 });
    const p = pool.invoke(1, ctx());
    await tick();
    runtime.created[0].finish();
    await p;
    clock.advance(999);
    expect(runtime.created[0].disposed).toBe(false);
    clock.advance(1);
    expect(runtime.created[0].disposed).toBe(true);
    expect(pool.stats()).toMatchObject({ instances: 0, idle: 0 });
    const again = pool.invoke(2, ctx());
    await tick();
    runtime.created[1].finish();
    expect((await again).cold).toBe(true);
  });

  it('creates minWarm instances at start, keeps them when idle and replaces one that dies', async () => {
    const { clock, runtime, pool } = setup({ minWarm: 2, idleMs: 100 });
    await pool.start();
    expect(pool.stats()).toMatchObject({ instances: 2, idle: 2, coldStarts: 0 });
    const p = pool.invoke(1, ctx());
    await tick();
    runtime.created[1].finish();
    expect((await p).cold).toBe(false);
    clock.advance(10_000);
    expect(pool.stats()).toMatchObject({ instances: 2, idle: 2 });
    const killed = await failure(pool.invoke('kill', ctx()));
    expect(killed.code).toBe(FN_ERROR_CODES.timeout);
    expect(killed.timing).toMatchObject({ cold: false, queueMs: 0 });
    await tick();
    expect(runtime.created).toHaveLength(3);
    expect(pool.stats()).toMatchObject({ instances: 2, idle: 2, replaced: 1 });
  });

  it('replaces a timed-out instance: the next invocation gets a new one', async () => {
    const { runtime, pool } = setup();
    await pool.invoke('kill', ctx()).catch(() => {});
    const next = pool.invoke(1, ctx());
    await tick();
    expect(runtime.created).toHaveLength(2);
    runtime.created[1].finish('fresh');
    expect(await next).toMatchObject({ output: 'fresh', cold: true });
    expect(pool.stats()).toMatchObject({ instances: 1, replaced: 1 });
  });

  it('times out a caller whose deadline passes in the queue, without running it', async () => {
    const { clock, runtime, pool } = setup({ maxConcurrency: 1 });
    const busy = pool.invoke(1, ctx());
    await tick();
    const queued = failure(pool.invoke(2, ctx(T0 + 500)));
    clock.advance(500);
    const err = await queued;
    expect([err.code, err.message]).toEqual([FN_ERROR_CODES.timeout, 'function fn@1.0.0 (waiting for a free instance) timed out after 500 ms']);
    runtime.created[0].finish();
    await busy;
    expect(runtime.created[0].calls).toHaveLength(0);
    expect(pool.stats().queued).toBe(0);
  });

  it('reports a failing cold start and frees its slot for the next caller', async () => {
    const { runtime, pool } = setup({ maxConcurrency: 1 });
    runtime.failNext = new FunctionError(FN_ERROR_CODES.runtime, 'function fn@1.0.0 failed to load: boom');
    const first = pool.invoke(1, ctx()).catch((e: Error) => e.message);
    const second = pool.invoke(2, ctx());
    expect(await first).toBe('function fn@1.0.0 failed to load: boom');
    await tick();
    runtime.created[0].finish('second');
    expect(await second).toMatchObject({ output: 'second', cold: true });
  });

  it('closes: queued callers are refused, idle instances disposed now, busy ones when they finish', async () => {
    const { runtime, pool } = setup({ maxConcurrency: 1 });
    const warm = pool.invoke(0, ctx());
    await tick();
    runtime.created[0].finish();
    await warm;
    const busy = pool.invoke(1, ctx());
    const queued = pool.invoke(2, ctx()).catch((e: Error) => e.message);
    await tick();
    let closed = false;
    const closing = pool.close().then(() => (closed = true));
    expect(await queued).toBe('function fn@1.0.0 is shutting down');
    await tick();
    expect(closed).toBe(false);
    runtime.created[0].finish('last');
    expect((await busy).output).toBe('last');
    await closing;
    expect(runtime.created[0].disposed).toBe(true);
    expect((await pool.invoke(3, ctx()).catch((e: Error) => e.message))).toBe('function fn@1.0.0 is shutting down');
  });
});

describe('FunctionPool under a node-wide instance cap (NodeCapacity)', () => {
  function two(max: number, a: Partial<FunctionManifest> = {}) {
    const clock = new ManualClock();
    const capacity = new NodeCapacity(max);
    const ra = new FakeRuntime();
    const rb = new FakeRuntime();
    const pa = new FunctionPool(version({ maxConcurrency: 4, ...a }), ra, { clock, capacity });
    const pb = new FunctionPool(version({ name: 'other', maxConcurrency: 4 }), rb, { clock, capacity });
    return { clock, capacity, ra, rb, pa, pb };
  }

  it('refuses for capacity when the node is full of busy instances, queues behind its own, and evicts an idle one elsewhere', async () => {
    const { capacity, ra, rb, pa, pb } = two(2);
    const a1 = pa.invoke(1, ctx());
    const a2 = pa.invoke(2, ctx());
    await tick();
    expect(capacity.inUse).toBe(2);
    // Another function: no slot, none of its own busy → throttled (a waiting run retries later).
    const refused = await failure(pb.invoke(1, ctx()));
    expect([refused.code, refused.retryable]).toEqual([FN_ERROR_CODES.throttled, true]);
    // The same function: queued behind its own busy instances, not refused.
    const a3 = pa.invoke(3, ctx());
    await tick();
    expect(pa.stats()).toMatchObject({ busy: 2, queued: 1 });
    ra.created[0].finish('one');
    await tick();
    expect(ra.created[0].calls.map((c) => c.input)).toEqual([3]);
    ra.created[0].finish('three');
    ra.created[1].finish('two');
    expect((await Promise.all([a1, a2, a3])).map((r) => r.output)).toEqual(['one', 'two', 'three']);
    // Both of A's instances are idle now: B takes the slot of the one idle longest.
    const b = pb.invoke(9, ctx());
    await tick();
    expect(capacity.inUse).toBe(2);
    expect(pa.stats().instances).toBe(1);
    expect(ra.created.filter((i) => i.disposed)).toHaveLength(1);
    rb.created[0].finish('b');
    expect((await b).output).toBe('b');
  });

  it('provisions minWarm only within the cap and gives slots back when instances go away', async () => {
    const { capacity, pa, pb } = two(3, { minWarm: 4 });
    await pa.start();
    expect(pa.stats().instances).toBe(3);
    expect(capacity.inUse).toBe(3);
    await pa.close();
    expect(capacity.inUse).toBe(0);
    const b = pb.invoke(1, ctx());
    await tick();
    expect(capacity.inUse).toBe(1);
    void b;
  });
});
