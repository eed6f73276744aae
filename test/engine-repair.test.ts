/**
 * Redrive and rerun at the engine (Engine.redrive/rerun over the memory store): a cancelled run's wait in
 * flight, a failed sub-workflow redriven with its parent, a concurrent redrive refused, the idempotency
 * keys of re-performed effects, and what a rerun copies.
 */
import { describe, expect, it } from 'vitest';
import { Engine, MemoryRegistry } from '../src/engine/index.js';
import type { HttpClient } from '../src/ports/index.js';
import { MemoryBus } from '../src/events/memory-bus.js';
import { MemoryStore } from '../src/store/index.js';
import { FakeClock } from './support/fake-clock.js';
import { testEngine } from './support/test-engine.js';

const doc = { dsl: '1.0.0', namespace: 'test', name: 'w', version: '1.0.0' };
const post = (path: string) => ({ call: 'http', with: { method: 'post', endpoint: `https://api.test/${path}` } });

/** An HTTP client that counts requests per path and answers 500 for the paths in `down`. */
function countingHttp() {
  const sent: { path: string; key: string | undefined }[] = [];
  const down = new Set<string>();
  /** Requests to these paths wait until `release()`. */
  const held = new Set<string>();
  let release = () => {};
  const gate = new Promise<void>((r) => (release = r));
  const http: HttpClient = {
    request: async (req) => {
      const path = new URL(req.url).pathname.slice(1);
      sent.push({ path, key: req.idempotencyKey });
      if (held.has(path)) await gate;
      return down.has(path) ? { status: 500, headers: {}, body: null } : { status: 200, headers: {}, body: { path } };
    },
  };
  return { http, sent, down, held, release: () => release(), count: (path: string) => sent.filter((s) => s.path === path).length };
}

describe('Engine.redrive', () => {
  it('a cancelled run performs its effect in flight again (same idempotency key); a failed one gets a new key', async () => {
    const h = countingHttp();
    const t = testEngine({ http: h.http });
    h.held.add('b');
    h.down.add('c');
    const def = { document: doc, do: [{ a: post('a') }, { b: post('b') }, { c: post('c') }] };
    const id = await t.engine.start(def as never, {});
    while (h.count('b') === 0) await new Promise((r) => setTimeout(r, 1));
    expect(await t.engine.cancel(id)).toMatchObject({ status: 'cancelled' });
    await t.engine.redrive(id, { by: 'ops' });
    expect((await t.store.getRun(id))?.status).toBe('running');
    h.release();
    // c answers 500: faulted again; redriven once more, c is re-sent with a new key.
    expect(await t.engine.result(id)).toMatchObject({ status: 'faulted', error: { instance: '/do/2/c' } });
    h.down.clear();
    await t.engine.redrive(id);
    expect(await t.engine.result(id)).toMatchObject({ status: 'completed', output: { path: 'c' } });
    expect([h.count('a'), h.count('b'), h.count('c')]).toEqual([1, 2, 2]);
    const keys = (path: string) => h.sent.filter((s) => s.path === path).map((s) => s.key);
    expect(keys('b')[1]).toBe(keys('b')[0]);
    expect(keys('c')[1]).toBe(`${keys('c')[0]}#redrive-2`);
    expect((await t.store.journal(id)).map((e) => e.kind)).toContain('redriven');
  });

  it('redrives a failed sub-workflow with its parent: the child keeps its completed tasks, same child id', async () => {
    const h = countingHttp();
    h.down.add('c2');
    const registry = new MemoryRegistry();
    registry.add({ document: { ...doc, name: 'child' }, do: [{ c1: post('c1') }, { c2: post('c2') }] } as never);
    const store = new MemoryStore();
    let n = 0;
    const engine = new Engine({ store, clock: new FakeClock(), http: h.http, bus: new MemoryBus(), ids: { newId: () => `r${++n}` }, registry });
    const parent = { document: doc, do: [{ p1: post('p1') }, { sub: { run: { workflow: { namespace: 'test', name: 'child', version: '1.0.0' } } } }] };
    const first = await engine.run(parent as never, {});
    expect(first).toMatchObject({ status: 'faulted', error: { instance: '/do/1/sub' } });
    const runs = await store.listRuns();
    expect(runs.map((r) => r.status).sort()).toEqual(['faulted', 'faulted']);
    h.down.clear();
    await engine.redrive(first.id);
    expect(await engine.result(first.id)).toMatchObject({ status: 'completed', output: { path: 'c2' } });
    expect([h.count('p1'), h.count('c1'), h.count('c2')]).toEqual([1, 1, 2]);
    expect((await store.listRuns()).map((r) => r.status)).toEqual(['completed', 'completed']);
    // The child's re-performed call has a fresh key; the parent's sub-workflow is the same child run.
    const c2 = h.sent.filter((s) => s.path === 'c2').map((s) => s.key);
    expect(c2[1]).toBe(`${c2[0]}#redrive-1`);
  });

  it('of two concurrent redrives one wins; a completed run is refused', async () => {
    const h = countingHttp();
    h.down.add('a');
    const t = testEngine({ http: h.http });
    const r = await t.engine.run({ document: doc, do: [{ a: post('a') }] } as never, {});
    expect(r.status).toBe('faulted');
    h.down.clear();
    const both = await Promise.allSettled([t.engine.redrive(r.id), t.engine.redrive(r.id)]);
    expect(both.map((x) => x.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await t.engine.result(r.id)).toMatchObject({ status: 'completed' });
    expect(h.count('a')).toBe(2);
    await expect(t.engine.redrive(r.id)).rejects.toMatchObject({ code: 'WEFT_ERR_STORE_CONFLICT' });
  });
});

describe('Engine.rerun', () => {
  it('a new run copies the outcomes before `from` and performs the rest; the original is untouched', async () => {
    const h = countingHttp();
    const t = testEngine({ http: h.http });
    const def = { document: doc, do: [{ a: post('a') }, { b: post('b') }, { c: post('c') }] };
    const r = await t.engine.run(def as never, { n: 1 });
    expect(r.status).toBe('completed');
    const id = await t.engine.rerun(r.id, { from: '/do/1/b', input: { n: 2 } });
    expect(id).not.toBe(r.id);
    expect(await t.engine.result(id)).toMatchObject({ status: 'completed', output: { path: 'c' } });
    expect([h.count('a'), h.count('b'), h.count('c')]).toEqual([1, 2, 2]);
    expect((await t.store.journal(id))[0]).toMatchObject({ kind: 'started', input: { n: 2 }, origin: { run: r.id, from: '/do/1/b' } });
    expect((await t.store.getRun(r.id))?.status).toBe('completed');
  });
});
