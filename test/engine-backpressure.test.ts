/**
 * Back-pressure in the engine with the real function invoker (isolates) and real time: a function at
 * capacity makes runs wait and retry instead of faulting; a waiting run can be cancelled; resumption after
 * a restart is paced and oldest first, and a parent resumed before its child still finds it.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { Engine, MemoryRegistry } from '../src/engine/index.js';
import type { Json } from '../src/expr/index.js';
import { MemoryBus } from '../src/events/memory-bus.js';
import { deployFunction } from '../src/functions/packaging/index.js';
import { systemClock } from '../src/functions/runtime/index.js';
import { MemoryStore } from '../src/store/index.js';
import { testInvoker } from './support/test-engine.js';

const doc = { dsl: '1.0.0', namespace: 'test', name: 'bp', version: '1.0.0' };
const engines: Engine[] = [];
afterEach(() => {
  for (const e of engines.splice(0)) e.stop();
});

function make(store: MemoryStore, o: { recoveryConcurrency?: number; registry?: MemoryRegistry; functions?: boolean } = {}) {
  const bus = new MemoryBus();
  const invoker = o.functions === false ? undefined : testInvoker(store, bus);
  let n = 0;
  const engine = new Engine({
    store, clock: systemClock, bus, ids: { newId: () => `r-${Date.now()}-${++n}-${Math.random().toString(36).slice(2, 6)}` },
    http: { request: async () => ({ status: 599, headers: {}, body: null }) },
    ...(invoker ? { functions: invoker } : {}),
    ...(o.registry ? { registry: o.registry } : {}),
    ...(o.recoveryConcurrency ? { recoveryConcurrency: o.recoveryConcurrency } : {}),
  });
  engines.push(engine);
  return { engine, invoker };
}

const slow = `export default async (input) => { await new Promise((r) => setTimeout(r, 15)); return { n: input.n * 2 }; };`;
const callSlow: Record<string, Json> = { document: doc, do: [{ c: { call: 'slow:1.0.0@default', with: { n: '${ .n }' } } }] };

describe('a function at capacity', () => {
  it('makes runs wait and retry (no fault) when 30 runs reach a maxConcurrency-1 function at once', async () => {
    const store = new MemoryStore();
    await deployFunction(store.functions, { files: { 'index.ts': slow }, entry: 'index.ts' }, { name: 'slow', version: '1.0.0', maxConcurrency: 1 }, 0);
    const { engine } = make(store);
    const results = await Promise.all(Array.from({ length: 30 }, (_, n) => engine.run(callSlow, { n })));
    expect(results.map((r) => r.status)).toEqual(Array(30).fill('completed'));
    expect(results.map((r) => (r.output as { n: number }).n).sort((a, b) => a - b)).toEqual(Array.from({ length: 30 }, (_, n) => n * 2).sort((a, b) => a - b));
    // Nothing was journaled for the refusals: one outcome per run.
    for (const r of results) expect((await store.journal(r.id)).map((e) => e.kind)).toEqual(['started', 'resolved', 'completed']);
  }, 30_000);

  it('a run waiting for capacity can be cancelled, and a function failing for another reason still faults the run', async () => {
    const store = new MemoryStore();
    await deployFunction(store.functions, { files: { 'index.ts': `export default async () => { await new Promise((r) => setTimeout(r, 400)); return 1; };` }, entry: 'index.ts' }, { name: 'slow', version: '1.0.0', maxConcurrency: 1 }, 0);
    await deployFunction(store.functions, { files: { 'index.ts': `export default async () => { throw new Error('broken'); };` }, entry: 'index.ts' }, { name: 'broken', version: '1.0.0' }, 0);
    const { engine } = make(store);
    const busy = await Promise.all(Array.from({ length: 3 }, () => engine.startRun(callSlow, { n: 1 })));
    const waiting = await engine.startRun(callSlow, { n: 2 }); // refused: 1 running + 2 queued
    await new Promise((r) => setTimeout(r, 100));
    const t0 = Date.now();
    expect(await engine.cancel(waiting.record.id)).toMatchObject({ status: 'cancelled' });
    expect(Date.now() - t0).toBeLessThan(100);
    expect((await store.journal(waiting.record.id)).map((e) => e.kind)).toEqual(['started', 'cancelled']);
    const failed = await engine.run({ document: doc, do: [{ c: { call: 'broken:1.0.0@default' } }] }, {});
    expect(failed).toMatchObject({ status: 'faulted', error: { detail: expect.stringContaining('broken') } });
    expect((await Promise.all(busy.map((b) => b.done))).map((r) => r.status)).toEqual(['completed', 'completed', 'completed']);
  }, 30_000);
});

describe('paced resumption', () => {
  it('re-activates unfinished runs oldest first, a bounded number at a time, and all complete', async () => {
    const store = new MemoryStore();
    const first = make(store, { functions: false }).engine;
    const waiter: Record<string, Json> = { document: doc, do: [{ w: { wait: 'PT0.15S' } }, { s: { set: { done: '${ $workflow.id }' } } }] };
    const ids: string[] = [];
    for (let i = 0; i < 40; i++) ids.push(await first.start(waiter, {}));
    first.stop();
    const { engine } = make(store, { recoveryConcurrency: 4, functions: false });
    expect(await engine.recover()).toBe(40);
    // Only the first slots are activated right away; the rest wait their turn.
    expect(engine.activeRuns).toBeLessThanOrEqual(4);
    let most = 0;
    const watch = setInterval(() => (most = Math.max(most, engine.activeRuns)), 5);
    const results = await Promise.all(ids.map((id) => engine.result(id)));
    clearInterval(watch);
    expect(results.map((r) => r.status)).toEqual(Array(40).fill('completed'));
    expect(most).toBeLessThanOrEqual(4);
    // Oldest first: the earliest-created runs ended first.
    const ended = results.map((r, i) => [r.endedAt!, i] as const).sort((a, b) => a[0] - b[0]).map(([, i]) => i);
    expect(ended.slice(0, 4).every((i) => i < 8)).toBe(true);
  }, 30_000);

  it('a parent resumed before its sub-workflow still gets the child\'s result', async () => {
    const store = new MemoryStore();
    const registry = new MemoryRegistry();
    const child = { document: { ...doc, name: 'child' }, do: [{ w: { wait: 'PT0.2S' } }, { s: { set: { twice: '${ .n * 2 }' } } }] };
    registry.add(child as never);
    const first = make(store, { registry, functions: false }).engine;
    const parent = await first.start({ document: doc, do: [{ sub: { run: { workflow: { namespace: 'test', name: 'child', version: '1.0.0', input: { n: 21 } } } } }] } as never, {});
    await new Promise((r) => setTimeout(r, 50));
    first.stop();
    expect((await store.listRuns()).length).toBe(2);
    const { engine } = make(store, { recoveryConcurrency: 1, registry, functions: false });
    expect(await engine.recover()).toBe(2);
    expect(await engine.result(parent)).toMatchObject({ status: 'completed', output: { twice: 42 } });
  }, 30_000);
});
