import { describe, expect, it } from 'vitest';
import type { Json } from '../../shared/index.js';
import { MockBook, type RealKind } from './task-mocks.js';
import { TaskProbe, probeTarget } from './task-probe.js';
import { TaskTest } from './task-test.js';

type Def = Record<string, Json>;
const wf = (tasks: Json[], extra: Def = {}): Def => ({ document: { dsl: '1.0.0', namespace: 't', name: 'w', version: '1' }, do: tasks, ...extra });

/** Runs the task with these mocks; effects allowed real are answered by `perform`. */
function test(def: Def, pointer: string, o: { input?: Json; context?: Json; mocks?: Record<string, Json>; real?: RealKind[]; perform?: (e: { key: string }) => Json; locals?: Record<string, Json> } = {}) {
  const probe = new TaskProbe({ runId: 'test-1', definition: def, pointer, input: o.input ?? {}, context: o.context ?? null, startedAt: 1_000, ...(o.locals ? { locals: o.locals } : {}) });
  const t = new TaskTest(probe, new MockBook(o.mocks ?? {}, new Set(o.real ?? []), () => 5_000));
  for (let real = t.run(); real.length; real = t.run()) for (const e of real) t.settle({ key: e.key, value: o.perform!(e) });
  return t.answer();
}

const charge = { call: 'http', with: { method: 'post', endpoint: 'https://pay.example/charges', headers: { authorization: 'Bearer s3cret' }, body: { amount: '${ .amount }' } }, output: { as: '${ {charged: .id} }' }, export: { as: '${ $context + {charge: .charged} }' } };

describe('test one task', () => {
  it('runs a set task with the given input and context, applying output.as and export.as', () => {
    const def = wf([{ first: { set: { a: 1 } } }, { calc: { set: { total: '${ .n * 2 }', who: '${ $context.user }' }, output: { as: '${ .total }' }, export: { as: '${ {last: .} }' } } }]);
    expect(test(def, '/do/1/calc', { input: { n: 21 }, context: { user: 'ann' } })).toEqual({ status: 'completed', output: 42, context: { last: 42 }, effects: [], transitions: ['/do/1/calc'] });
  });

  it('answers an http call from its mock, lists the request with the authorization redacted', () => {
    const a = test(wf([{ charge }]), '/do/0/charge', { input: { amount: 10 }, context: { user: 'ann' }, mocks: { '/do/0/charge': { id: 'ch_1' } } });
    expect(a).toMatchObject({ status: 'completed', output: { charged: 'ch_1' }, context: { user: 'ann', charge: 'ch_1' } });
    expect(a.effects).toEqual([
      {
        kind: 'http', key: 'root:0:/do/0/charge', pointer: '/do/0/charge', mocked: true,
        request: { method: 'POST', url: 'https://pay.example/charges', headers: { authorization: '[redacted]' }, body: { amount: 10 } },
        result: { status: 200, headers: { 'content-type': 'application/json' }, body: { id: 'ch_1' } },
      },
    ]);
  });

  it('a mocked HTTP status faults the call as the run would', () => {
    const a = test(wf([{ charge }]), '/do/0/charge', { input: { amount: 10 }, mocks: { 'root:0:/do/0/charge': { status: 503, body: 'down' } } });
    expect(a).toMatchObject({ status: 'faulted', error: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/communication', status: 503, instance: '/do/0/charge' } });
  });

  it('a try whose inner call is mocked with an error runs its catch', () => {
    const def = wf([{ safe: { try: [{ charge }], catch: { errors: { with: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/communication' } }, as: 'err', do: [{ fallback: { set: { failed: '${ $err.detail }' } } }] } } }]);
    const a = test(def, '/do/0/safe', { input: { amount: 1 }, mocks: { '/do/0/safe/try/0/charge': { error: { detail: 'card declined' } } } });
    expect(a).toMatchObject({ status: 'completed', output: { failed: 'card declined' } });
    expect(a.effects).toMatchObject([{ kind: 'http', pointer: '/do/0/safe/try/0/charge', mocked: true, error: { detail: 'card declined' } }]);
    expect(a.transitions).toEqual(['/do/0/safe', '/do/0/safe/try/0/charge', '/do/0/safe/catch/do/0/fallback']);
  });

  it('a for loop takes its two calls from an `each` mock, in order', () => {
    const def = wf([{ loop: { for: { in: '${ .ids }', each: 'id' }, do: [{ get: { call: 'http', with: { method: 'get', endpoint: { uri: '${ "https://api.example/items/" + ($id|tostring) }' } }, output: { as: '${ $input + {names: ($input.names + [.name])} }' } } }] } }]);
    const a = test(def, '/do/0/loop', { input: { ids: [1, 2], names: [] }, mocks: { '/do/0/loop/do/0/get': { each: [{ name: 'one' }, { name: 'two' }] } } });
    expect(a).toMatchObject({ status: 'completed', output: { ids: [1, 2], names: ['one', 'two'] } });
    expect(a.effects.map((e) => (e.request as { url: string }).url)).toEqual(['https://api.example/items/1', 'https://api.example/items/2']);
    expect(a.effects.map((e) => e.key)).toEqual(['root:0:/do/0/loop/do/0/get', 'root:1:/do/0/loop/do/0/get']);
  });

  it('a fork answers each branch from its own pointer', () => {
    const def = wf([{ both: { fork: { branches: [{ a: { call: 'http', with: { method: 'get', endpoint: 'https://a.example/' } } }, { b: { call: 'http', with: { method: 'get', endpoint: 'https://b.example/' } } }] } } }]);
    const a = test(def, '/do/0/both', { mocks: { '/do/0/both/fork/branches/0/a': 'A', '/do/0/both/fork/branches/1/b': 'B' } });
    expect(a).toMatchObject({ status: 'completed', output: ['A', 'B'] });
    expect(a.effects.map((e) => e.pointer).sort()).toEqual(['/do/0/both/fork/branches/0/a', '/do/0/both/fork/branches/1/b']);
  });

  it('an effect without a mock, not allowed real, is pending and the task stops there', () => {
    const def = wf([{ charge }, { after: { set: { x: 1 } } }]);
    const a = test(def, '/do/0/charge', { input: { amount: 3 } });
    expect(a).toEqual({ status: 'pending', effects: [expect.objectContaining({ kind: 'http', pointer: '/do/0/charge', mocked: false, pending: true })], transitions: ['/do/0/charge'] });
  });

  it('performs an effect for real only when its kind is allowed, and marks it real', () => {
    const a = test(wf([{ charge }]), '/do/0/charge', { input: { amount: 3 }, real: ['http'], perform: () => ({ status: 200, headers: {}, body: { id: 'live' } }) });
    expect(a).toMatchObject({ status: 'completed', output: { charged: 'live' }, effects: [{ kind: 'http', mocked: false, real: true, result: { body: { id: 'live' } } }] });
  });

  it('timers elapse at once; an emit is shown, not published; locals are in scope', () => {
    const def = wf([{ loop: { for: { in: '${ [1] }' }, do: [{ pause: { wait: 'PT1H' } }, { tell: { emit: { event: { with: { type: 'item.seen', source: 'test', data: '${ {item: $item} }' } } } } }] } }]);
    const a = test(def, '/do/0/loop/do/1/tell', { locals: { item: 7, index: 0 } });
    expect(a).toMatchObject({ status: 'completed', effects: [{ kind: 'emit', mocked: true, request: { event: { type: 'item.seen', data: { item: 7 } } } }] });
    expect(test(def, '/do/0/loop/do/0/pause')).toMatchObject({ status: 'completed', effects: [{ kind: 'timer', mocked: true, request: { durationMs: 3_600_000 } }] });
  });

  it('tells a pointer that names nothing from one that is not a task', () => {
    const def = wf([{ charge }]);
    expect(probeTarget(def, 'do/0/charge')).toMatchObject({ ok: false, reason: 'bad-pointer' });
    expect(probeTarget(def, '/do/5/x')).toMatchObject({ ok: false, reason: 'bad-pointer' });
    expect(probeTarget(def, '/do/0/charge/with')).toMatchObject({ ok: false, reason: 'not-a-task' });
    expect(probeTarget(def, '/do/0/charge')).toMatchObject({ ok: true, name: 'charge' });
  });
});

describe('test one task: timeouts', () => {
  const call = (extra: Def = {}) => ({ call: 'http', with: { method: 'get', endpoint: 'https://a.example/' }, timeout: { after: 'PT5S' }, ...extra });
  it('a task with a timeout takes its mocked answer; without one it is pending, not timed out', () => {
    expect(test(wf([{ get: call() }]), '/do/0/get', { mocks: { '/do/0/get': 'ok' } })).toMatchObject({ status: 'completed', output: 'ok' });
    const a = test(wf([{ get: call() }]), '/do/0/get');
    expect(a).toMatchObject({ status: 'pending', effects: [{ kind: 'http', pending: true }] });
    expect(a.effects).toHaveLength(1);
  });

  it('a wait longer than its timeout times out; the shorter timer elapses first', () => {
    const def = wf([{ slow: { wait: 'PT1M', timeout: { after: 'PT1S' } } }, { quick: { wait: 'PT1S', timeout: { after: 'PT1M' } } }]);
    expect(test(def, '/do/0/slow')).toMatchObject({ status: 'faulted', error: { type: 'https://serverlessworkflow.io/spec/1.0.0/errors/timeout', instance: '/do/0/slow' } });
    expect(test(def, '/do/1/quick', { input: { x: 1 } })).toMatchObject({ status: 'completed', output: { x: 1 } });
  });
});
