/** The engine driver against the memory store and a virtual clock: durable waits, retries, recovery. */
import { describe, expect, it } from 'vitest';
import { Engine, MemoryRegistry } from '../src/engine/index.js';
import type { FunctionRunner, HttpClient } from '../src/ports/index.js';
import type { Json } from '../src/expr/index.js';
import { MemoryBus } from '../src/events/memory-bus.js';
import { MemoryStore } from '../src/store/index.js';
import { FakeClock } from './support/fake-clock.js';
import { testEngine } from './support/test-engine.js';

const doc = { dsl: '1.0.0', namespace: 'test', name: 'w', version: '1.0.0' };

describe('Engine', () => {
  it('runs a one-hour wait in virtual time and journals the timer', async () => {
    const t = testEngine();
    const start = t.clock.now();
    const r = await t.engine.run({ document: doc, do: [{ w: { wait: 'PT1H' } }, { s: { set: { done: true } } }] }, {});
    expect(r).toMatchObject({ status: 'completed', output: { done: true } });
    expect(t.clock.now() - start).toBeGreaterThanOrEqual(3_600_000);
    const journal = await t.store.journal(r.id);
    expect(journal.map((e) => e.kind)).toEqual(['started', 'resolved', 'completed']);
    expect((await t.store.getRun(r.id))?.status).toBe('completed');
  });

  it('retries an HTTP call with backoff, sending one idempotency key per attempt', async () => {
    const seen: { key: string; at: number }[] = [];
    let calls = 0;
    const http: HttpClient = {
      request: async (req) => {
        seen.push({ key: req.idempotencyKey, at: t.clock.now() });
        return ++calls < 3 ? { status: 503, headers: {}, body: null } : { status: 200, headers: {}, body: { ok: calls } };
      },
    };
    const t = testEngine({ http });
    const r = await t.engine.run(
      {
        document: doc,
        do: [
          {
            attempt: {
              try: [{ get: { call: 'http', with: { method: 'get', endpoint: 'https://api.test/x' } } }],
              catch: { retry: { delay: { seconds: 10 }, backoff: { linear: {} } } },
            },
          },
        ],
      },
      {},
    );
    expect(r).toMatchObject({ status: 'completed', output: { ok: 3 } });
    expect(new Set(seen.map((s) => s.key)).size).toBe(3);
    expect(seen[1].at - seen[0].at).toBe(10_000);
    expect(seen[2].at - seen[1].at).toBe(20_000);
  });

  it('publishes lifecycle events as CloudEvents', async () => {
    const t = testEngine();
    await t.engine.run({ document: doc, do: [{ a: { set: { x: 1 } } }] }, {});
    expect(t.lifecycle.map((e) => e.type)).toEqual([
      'io.serverlessworkflow.workflow.started.v1',
      'io.serverlessworkflow.task.created.v1',
      'io.serverlessworkflow.task.started.v1',
      'io.serverlessworkflow.task.completed.v1',
      'io.serverlessworkflow.workflow.completed.v1',
    ]);
    expect(t.lifecycle[0]).toMatchObject({ specversion: '1.0', source: expect.any(String), id: expect.any(String) });
  });

  it('resumes unfinished runs from the store after a restart, without redoing journaled effects', async () => {
    const store = new MemoryStore();
    const calls: string[] = [];
    const http: HttpClient = { request: async (req) => (calls.push(req.idempotencyKey), { status: 200, headers: {}, body: { n: calls.length } }) };
    const make = (clock: FakeClock) =>
      new Engine({ store, clock, http, bus: new MemoryBus(), ids: { newId: () => `run-${Math.random()}` } });
    const def: Record<string, Json> = { document: doc, do: [{ get: { call: 'http', with: { method: 'get', endpoint: 'https://api.test/a' } } }, { w: { wait: 'PT5M' } }, { s: { set: { after: '${ .n }' } } }] };
    const clock1 = new FakeClock(Date.UTC(2026, 0, 1), false);
    const first = make(clock1);
    const id = await first.start(def, {});
    await new Promise((r) => setTimeout(r, 10)); // the HTTP call completes and is journaled; the wait is armed
    first.stop(); // the process "dies" during the wait
    expect((await store.getRun(id))?.status).toBe('running');

    const clock2 = new FakeClock(clock1.now() + 60_000, true);
    const second = make(clock2);
    expect(await second.recover()).toBe(1);
    expect(await second.result(id)).toMatchObject({ status: 'completed', output: { after: 1 } });
    expect(calls).toHaveLength(1);
    expect(clock2.now()).toBe(Date.UTC(2026, 0, 1) + 5 * 60_000); // the timer kept its original fire time
  });
});

describe('run: workflow', () => {
  const child = { document: { ...doc, name: 'child', version: '1.0.0' }, do: [{ double: { set: { twice: '${ .n * 2 }' } } }] };
  const child2 = { document: { ...doc, name: 'child', version: '2.0.0' }, do: [{ triple: { set: { thrice: '${ .n * 3 }' } } }] };
  const failing = { document: { ...doc, name: 'failing', version: '1.0.0' }, do: [{ boom: { raise: { error: { type: 'https://example.com/boom', status: 418 } } } }] };

  function engineWithRegistry() {
    const registry = new MemoryRegistry();
    for (const d of [child, child2, failing]) registry.add(d as never);
    const store = new MemoryStore();
    const engine = new Engine({ store, clock: new FakeClock(), http: { request: async () => ({ status: 500, headers: {}, body: null }) }, bus: new MemoryBus(), ids: { newId: () => `r${Math.random()}` }, registry });
    return { engine, store };
  }

  it('runs a sub-workflow by version and outputs its result', async () => {
    const { engine, store } = engineWithRegistry();
    const r = await engine.run({ document: doc, do: [{ sub: { run: { workflow: { namespace: 'test', name: 'child', version: '1.0.0', input: { n: '${ .x }' } } } } }] } as never, { x: 21 });
    expect(r).toMatchObject({ status: 'completed', output: { twice: 42 } });
    expect((await store.listRuns()).length).toBe(2);
  });

  it('takes the latest version when none is given, and can run without awaiting', async () => {
    const { engine } = engineWithRegistry();
    expect(await engine.run({ document: doc, do: [{ sub: { run: { workflow: { namespace: 'test', name: 'child', input: { n: 2 } } } } }] } as never, {})).toMatchObject({ output: { thrice: 6 } });
    expect(await engine.run({ document: doc, do: [{ sub: { run: { workflow: { namespace: 'test', name: 'child', version: '1.0.0' }, await: false } } }] } as never, { n: 1 })).toMatchObject({ output: { n: 1 } });
  });

  it('faults with the child error at the parent task, and with a configuration error for unknown workflows', async () => {
    const { engine } = engineWithRegistry();
    const bad = await engine.run({ document: doc, do: [{ sub: { run: { workflow: { namespace: 'test', name: 'failing', version: '1.0.0' } } } }] } as never, {});
    expect(bad).toMatchObject({ status: 'faulted', error: { type: 'https://example.com/boom', status: 418, instance: '/do/0/sub' } });
    const unknown = await engine.run({ document: doc, do: [{ sub: { run: { workflow: { namespace: 'test', name: 'nope', version: '1' } } } }] } as never, {});
    expect(unknown).toMatchObject({ status: 'faulted', error: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/configuration', instance: '/do/0/sub' } });
  });
});

describe('cancel', () => {
  it('ends a waiting run as cancelled, durably, and ignores it afterwards', async () => {
    const t = testEngine();
    const id = await t.engine.start({ document: doc, do: [{ w: { wait: 'P1D' } }] } as never, {});
    const r = await t.engine.cancel(id, 'no longer needed');
    expect(r).toEqual({ id, status: 'cancelled', endedAt: t.clock.now() });
    expect((await t.store.getRun(id))?.status).toBe('cancelled');
    expect(t.lifecycle.at(-1)?.type).toBe('io.serverlessworkflow.workflow.cancelled.v1');
    expect(await t.engine.cancel(id)).toMatchObject({ status: 'cancelled' });
    expect(t.engine.activeRuns).toBe(0);
  });
});

describe('listen', () => {
  const ev = (type: string, data: Json, extra: Record<string, Json> = {}) => ({ specversion: '1.0' as const, id: `e-${Math.random()}`, source: 'urn:test', type, data, ...extra });
  const settle = () => new Promise((r) => setTimeout(r, 5));

  it('resumes on the one matching event and outputs its data', async () => {
    const t = testEngine();
    const id = await t.engine.start({ document: doc, do: [{ wait4: { listen: { to: { one: { with: { type: 'com.example.ready', data: '${ .ok == true }' } } } } } }] } as never, {});
    await t.bus.publish(ev('com.example.other', { ok: true }));
    await t.bus.publish(ev('com.example.ready', { ok: false }));
    await settle();
    expect(t.engine.activeRuns).toBe(1);
    await t.bus.publish(ev('com.example.ready', { ok: true, n: 1 }));
    expect(await t.engine.result(id)).toMatchObject({ status: 'completed', output: [{ ok: true, n: 1 }] });
  });

  it('collects events for any until the condition holds, and one per filter for all (in any order)', async () => {
    const t = testEngine();
    const anyId = await t.engine.start({ document: doc, do: [{ l: { listen: { to: { any: [], until: 'length >= 3' }, read: 'envelope' } } }] } as never, {});
    const allId = await t.engine.start({ document: doc, do: [{ l: { listen: { to: { all: [{ with: { type: 'a' } }, { with: { type: 'b' } }] } } } }] } as never, {});
    await t.bus.publish(ev('b', 1));
    await settle();
    await t.bus.publish(ev('x', 2));
    await settle();
    await t.bus.publish(ev('a', 3));
    expect(await t.engine.result(allId)).toMatchObject({ output: [1, 3] });
    const any = await t.engine.result(anyId);
    expect((any.output as Json[]).map((e) => (e as Record<string, Json>).type)).toEqual(['b', 'x', 'a']);
  });

  it('correlates events with the run: the expectation comes from the input, or from the first event', async () => {
    const t = testEngine();
    const def = {
      document: doc,
      do: [{ l: { listen: { to: { all: [
        { with: { type: 'paid' }, correlate: { order: { from: '.data.order', expect: '${ .order }' } } },
        { with: { type: 'shipped' }, correlate: { order: { from: '.data.order' } } },
      ] } } } }],
    };
    const id1 = await t.engine.start(def as never, { order: 'o1' });
    const id2 = await t.engine.start(def as never, { order: 'o2' });
    await t.bus.publish(ev('paid', { order: 'o2' }));
    await settle();
    await t.bus.publish(ev('shipped', { order: 'o1' })); // o1's second filter pins o1 from this event
    await settle();
    await t.bus.publish(ev('shipped', { order: 'o2' }));
    expect(await t.engine.result(id2)).toMatchObject({ status: 'completed', output: [{ order: 'o2' }, { order: 'o2' }] });
    await t.bus.publish(ev('paid', { order: 'o1' }));
    expect(await t.engine.result(id1)).toMatchObject({ status: 'completed', output: [{ order: 'o1' }, { order: 'o1' }] });
  });

  it('receives events emitted by another workflow', async () => {
    const t = testEngine();
    const waiting = await t.engine.start({ document: doc, do: [{ l: { listen: { to: { one: { with: { type: 'com.example.done' } } } } } }] } as never, {});
    await t.engine.run({ document: doc, do: [{ e: { emit: { event: { with: { type: 'com.example.done', source: 'urn:x', data: { v: 7 } } } } } }] } as never, {});
    expect(await t.engine.result(waiting)).toMatchObject({ output: [{ v: 7 }] });
  });
});

describe('suspend and resume', () => {
  it('holds a run still while suspended, then continues from where it was', async () => {
    const t = testEngine();
    const id = await t.engine.start({ document: doc, do: [{ l: { listen: { to: { one: { with: { type: 'go' } } } } } }, { s: { set: { done: true } } }] } as never, {});
    await t.engine.suspend(id);
    expect((await t.store.getRun(id))?.status).toBe('suspended');
    await t.bus.publish({ specversion: '1.0', id: 'e1', source: 'urn:t', type: 'go', data: 1 });
    await new Promise((r) => setTimeout(r, 5));
    expect(t.engine.activeRuns).toBe(1);
    expect((await t.store.journal(id)).map((e) => e.kind)).toEqual(['started', 'suspended', 'resolved']);
    await t.engine.resume(id);
    expect(await t.engine.result(id)).toMatchObject({ status: 'completed', output: { done: true } });
    expect(t.lifecycle.map((e) => e.type)).toContain('io.serverlessworkflow.workflow.resumed.v1');
  });

  it('stays suspended across a restart', async () => {
    const store = new MemoryStore();
    const bus = new MemoryBus();
    const make = () => new Engine({ store, clock: new FakeClock(), http: { request: async () => ({ status: 500, headers: {}, body: null }) }, bus, ids: { newId: () => 'r1' } });
    const first = make();
    const id = await first.start({ document: doc, do: [{ w: { wait: 'PT1S' } }, { s: { set: { ok: 1 } } }] } as never, {});
    await first.suspend(id);
    await new Promise((r) => setTimeout(r, 5)); // the timer fires and is journaled, held back
    first.stop();
    const second = make();
    await second.recover();
    await new Promise((r) => setTimeout(r, 5));
    expect((await store.getRun(id))?.status).toBe('suspended');
    await second.resume(id);
    expect(await second.result(id)).toMatchObject({ status: 'completed', output: { ok: 1 } });
  });
});

describe('store failures', () => {
  it('drops a run whose outcome cannot be journaled, leaving it to recovery, and tells waiters', async () => {
    const t = testEngine();
    const id = await t.engine.start({ document: doc, do: [{ w: { wait: 'PT1S' } }] } as never, {});
    const append = t.store.append.bind(t.store);
    t.store.append = async () => {
      throw new Error('disk full');
    };
    await expect(t.engine.result(id)).rejects.toThrow(/stopped in this process: disk full/);
    t.store.append = append;
    expect((await t.store.getRun(id))?.status).toBe('running');
    expect(t.engine.activeRuns).toBe(0);
  });
});

describe('trace context', () => {
  it('continues the caller\'s trace: lifecycle events name their spans, effects run in their task\'s span', async () => {
    const seen: string[] = [];
    const http: HttpClient = { request: async (r) => (seen.push(r.traceparent ?? ''), { status: 200, headers: {}, body: null }) };
    const t = testEngine({ http });
    const parent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    await t.engine.run({ document: doc, do: [{ g: { call: 'http', with: { method: 'get', endpoint: 'https://api.test/' } } }] } as never, {}, { traceparent: parent });
    const byType = (type: string) => t.lifecycle.find((e) => e.type === `io.serverlessworkflow.${type}.v1`)!;
    const spanOf = (tp: unknown) => String(tp).split('-')[2];
    expect(byType('workflow.started').weftparent).toBe(parent);
    for (const e of t.lifecycle) expect(e.traceparent).toMatch(/^00-0af7651916cd43dd8448eb211c80319c-[\da-f]{16}-01$/);
    const task = spanOf(byType('task.started').traceparent);
    expect(task).not.toBe(spanOf(byType('workflow.started').traceparent));
    expect(spanOf(byType('task.completed').traceparent)).toBe(task);
    expect(seen).toEqual([`00-0af7651916cd43dd8448eb211c80319c-${task}-01`]);
    expect((await t.store.getRun(t.lifecycle[0].subject as string))?.traceparent).toBe(parent);
  });
});

describe('durability before anything leaves the process', () => {
  /** A store whose appends commit only when the test says so. */
  function gatedStore() {
    const store = new MemoryStore();
    const gates: (() => void)[] = [];
    const append = store.append.bind(store);
    const createRun = store.createRun.bind(store);
    const gate = () => new Promise((res) => gates.push(() => res(undefined)));
    store.append = (id, entries) => gate().then(() => append(id, entries));
    store.createRun = (record, first) => gate().then(() => createRun(record, first));
    return { store, commitAll: () => gates.splice(0).forEach((g) => g()) };
  }

  it('runs a function call before the previous outcome is committed but holds its outbound I/O until it is', async () => {
    const { store, commitAll } = gatedStore();
    const order: string[] = [];
    const functions: FunctionRunner = {
      invoke: async (req) => {
        order.push(`run ${req.pointer}`);
        await req.ready;
        order.push(`fetch ${req.pointer} sees ${(await store.journal(req.runId)).length} entries`);
        return { version: '1.0.0', output: 1 };
      },
    };
    const engine = new Engine({ store, clock: new FakeClock(), http: { request: async () => ({ status: 200, headers: {}, body: null }) }, bus: new MemoryBus(), ids: { newId: () => 'r1' }, functions });
    const done = engine.run({ document: doc, do: [{ a: { call: 'f:1.0.0@default' } }, { b: { call: 'f:1.0.0@default' } }] } as never, {});
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual(['run /do/0/a']); // the run's start is not committed yet
    commitAll();
    await new Promise((r) => setTimeout(r, 5));
    expect(order).toEqual(['run /do/0/a', 'fetch /do/0/a sees 1 entries', 'run /do/1/b']);
    commitAll();
    await new Promise((r) => setTimeout(r, 5));
    commitAll();
    expect(await done).toMatchObject({ status: 'completed' });
    expect(order[3]).toBe('fetch /do/1/b sees 2 entries');
  });

  it('sends an HTTP call only once the outcome it follows is committed', async () => {
    const { store, commitAll } = gatedStore();
    const sent: number[] = [];
    const http: HttpClient = {
      request: async () => {
        sent.push((await store.journal('r1')).length);
        return { status: 200, headers: {}, body: null };
      },
    };
    const functions: FunctionRunner = { invoke: async () => ({ version: '1.0.0', output: 1 }) };
    const engine = new Engine({ store, clock: new FakeClock(), http, bus: new MemoryBus(), ids: { newId: () => 'r1' }, functions });
    const done = engine.run({ document: doc, do: [{ a: { call: 'f:1.0.0@default' } }, { b: { call: 'http', with: { method: 'get', endpoint: 'https://api.test/' } } }] } as never, {});
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 5));
      expect(sent.every((n) => n === 2)).toBe(true);
      commitAll();
    }
    expect(await done).toMatchObject({ status: 'completed' });
    expect(sent).toEqual([2]);
  });

  it('abandons a run whose speculative append failed and sends nothing that depended on it', async () => {
    const store = new MemoryStore();
    const append = store.append.bind(store);
    let appends = 0;
    store.append = async (id, entries) => {
      if (++appends === 1) throw new Error('disk full');
      return append(id, entries);
    };
    const sent: string[] = [];
    const functions: FunctionRunner = { invoke: async () => ({ version: '1.0.0', output: 1 }) };
    const engine = new Engine({ store, clock: new FakeClock(), http: { request: async (r) => (sent.push(r.url), { status: 200, headers: {}, body: null }) }, bus: new MemoryBus(), ids: { newId: () => 'r1' }, functions });
    const run = engine.run({ document: doc, do: [{ a: { call: 'f:1.0.0@default' } }, { b: { call: 'http', with: { method: 'get', endpoint: 'https://api.test/' } } }] } as never, {});
    await expect(run).rejects.toThrow(/stopped in this process: disk full/);
    await new Promise((r) => setTimeout(r, 5));
    expect(sent).toEqual([]);
    expect((await store.journal('r1')).map((e) => e.kind)).toEqual(['started']);
    expect(engine.activeRuns).toBe(0);
  });
});

describe('listen foreach', () => {
  it('processes each consumed event with do and outputs the processed items', async () => {
    const t = testEngine();
    const id = await t.engine.start({
      document: doc,
      do: [{ l: {
        listen: { to: { any: [{ with: { type: 'tick' } }], until: 'length >= 2' } },
        foreach: { item: 'ev', at: 'i', do: [{ d: { set: { n: '${ $ev.n * 10 }', i: '${ $i }' } } }], output: { as: '${ .n + .i }' } },
      } }],
    } as never, {});
    for (const n of [1, 2]) {
      await t.bus.publish({ specversion: '1.0', id: `t${n}`, source: 'urn:t', type: 'tick', data: { n } });
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await t.engine.result(id)).toMatchObject({ status: 'completed', output: [10, 21] });
  });
});

describe('status phases', () => {
  it('reports a run blocked on a timer or an event as waiting, and its end as completed', async () => {
    const t = testEngine();
    const id = await t.engine.start({ document: doc, do: [{ l: { listen: { to: { one: { with: { type: 'go' } } } } } }] } as never, {});
    expect((await t.engine.describe(id))?.status).toBe('waiting');
    await t.engine.suspend(id);
    expect((await t.engine.describe(id))?.status).toBe('suspended');
    await t.engine.resume(id);
    await t.bus.publish({ specversion: '1.0', id: 'g', source: 'urn:t', type: 'go' });
    await t.engine.result(id);
    expect((await t.engine.describe(id))?.status).toBe('completed');
  });
});

describe('call: name:version@default', () => {
  function engineWith(functions: FunctionRunner) {
    return new Engine({ store: new MemoryStore(), clock: new FakeClock(), http: { request: async () => ({ status: 500, headers: {}, body: null }) }, bus: new MemoryBus(), ids: { newId: () => `r${Math.random()}` }, functions });
  }

  it('invokes the function with `with` as input, retries its failures, and keeps the alias version it resolved first', async () => {
    const calls: { ref: string; pinned?: string; key: string }[] = [];
    let alias = '1.0.0';
    let failures = 2;
    const engine = engineWith({
      invoke: async (req) => {
        calls.push({ ref: req.ref, pinned: req.pinned, key: req.idempotencyKey });
        const version = req.pinned ?? (req.ref === 'live' ? alias : req.ref);
        alias = '2.0.0'; // the alias moves after the first resolution
        if (failures-- > 0) throw { problem: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/runtime', status: 500, detail: 'flaky', functionVersion: version } };
        return { version, output: { v: version, x: (req.input as Record<string, Json>).x } };
      },
    });
    const r = await engine.run(
      {
        document: doc,
        do: [{ t: { try: [{ price: { call: 'price:live@default', with: { x: '${ .n }' } } }], catch: { retry: { delay: 'PT1S', limit: { attempt: { count: 3 } } } } } }],
      } as never,
      { n: 5 },
    );
    expect(r).toMatchObject({ status: 'completed', output: { v: '1.0.0', x: 5 } });
    expect(calls.map((c) => c.pinned)).toEqual([undefined, '1.0.0', '1.0.0']);
    expect(new Set(calls.map((c) => c.key)).size).toBe(3);
  });

  it('maps function failures to workflow errors at the task, and refuses other catalogs', async () => {
    const engine = engineWith({ invoke: async () => Promise.reject({ problem: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/timeout', status: 408, detail: 'fn timed out' } }) });
    expect(await engine.run({ document: doc, do: [{ f: { call: 'slow:1.0.0@default' } }] } as never, {})).toMatchObject({
      status: 'faulted',
      error: { status: 408, detail: 'fn timed out', instance: '/do/0/f' },
    });
    expect(await engine.run({ document: doc, do: [{ f: { call: 'x:1.0.0@elsewhere' } }] } as never, {})).toMatchObject({ status: 'faulted', error: { status: 400 } });
  });
});
