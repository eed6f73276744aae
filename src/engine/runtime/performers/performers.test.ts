import { describe, expect, it } from 'vitest';
import type { Json } from '../../../shared/index.js';
import type { Effect } from '../../core/effects.js';
import { PERFORMERS, type PerformerContext, performerOf } from './index.js';

/** A context with only what a test needs; every other member fails loudly when used. */
function context(over: Partial<Omit<PerformerContext, 'ports'>> & { ports?: Partial<PerformerContext['ports']> }): PerformerContext {
  const unused = (what: string) => () => {
    throw new Error(`${what} was not expected`);
  };
  return {
    runId: 'run-1',
    idempotencyKey: (key) => `run-1:${key}`,
    namespace: 'ns',
    source: 'test://engine',
    durable: Promise.resolve(),
    halt: new AbortController().signal,
    traceparent: (pointer) => `tp:${pointer}`,
    live: () => true,
    arm: unused('arm'),
    listen: unused('listen'),
    start: unused('start'),
    result: unused('result'),
    ...over,
    ports: { clock: { now: () => 1_000, setTimer: unused('setTimer') }, ...over.ports } as PerformerContext['ports'],
  };
}

describe('the performer table', () => {
  it('has one performer per effect kind; those that only wait are timers, events and sub-workflows', () => {
    expect(Object.keys(PERFORMERS).sort()).toEqual(['emit', 'event', 'function', 'http', 'now', 'script', 'subflow', 'timer', 'yield']);
    expect(Object.entries(PERFORMERS).filter(([, p]) => p.waits).map(([k]) => k).sort()).toEqual(['event', 'subflow', 'timer']);
  });

  it('emit publishes the event with a stable id, the engine source, the task span and a JSON content type', async () => {
    const published: Json[] = [];
    const e: Effect = { kind: 'emit', key: 'k:0:/do/0/e', pointer: '/do/0/e', event: { type: 'x.y', data: { a: 1 } } };
    const out = await performerOf(e).perform(e, context({ ports: { bus: { publish: async (ev) => void published.push(ev as unknown as Json), subscribe: () => () => {} } } }));
    const expected = { specversion: '1.0', id: 'run-1:k:0:/do/0/e', source: 'test://engine', time: new Date(1_000).toISOString(), traceparent: 'tp:/do/0/e', type: 'x.y', data: { a: 1 }, datacontenttype: 'application/json' };
    expect(out).toEqual(expected);
    expect(published).toEqual([expected]);
  });

  it('subflow starts the child under an id derived from the key once, and returns its output', async () => {
    const started: string[] = [];
    const runs = new Set<string>();
    const e: Effect = { kind: 'subflow', key: 'k:0:/do/0/r', pointer: '/do/0/r', workflow: { namespace: 'ns', name: 'child', version: '1' }, input: { n: 1 }, await: true };
    const ctx = context({
      ports: { store: { getRun: async (id: string) => (runs.has(id) ? { id } : undefined) } as never, registry: { get: async () => ({ document: {} }) } },
      start: async (_def, _input, runId) => (started.push(runId), runs.add(runId), runId),
      result: async (id) => ({ id, status: 'completed', output: { done: id } }),
    });
    expect(await performerOf(e).perform(e, ctx)).toEqual({ done: 'run-1/k:0:/do/0/r' });
    expect(await performerOf(e).perform(e, ctx)).toEqual({ done: 'run-1/k:0:/do/0/r' });
    expect(started).toEqual(['run-1/k:0:/do/0/r']);
  });

  it('a script or function effect without its runtime fails with a configuration problem', async () => {
    const script: Effect = { kind: 'script', key: 'k', pointer: '/do/0/s', code: '', arguments: [], environment: {}, stdin: null };
    await expect(performerOf(script).perform(script, context({}))).rejects.toMatchObject({ problem: { type: expect.stringContaining('configuration'), instance: '/do/0/s' } });
    const fn: Effect = { kind: 'function', key: 'k', pointer: '/do/0/f', name: 'f', ref: '1.0.0', input: null };
    await expect(performerOf(fn).perform(fn, context({}))).rejects.toMatchObject({ problem: { type: expect.stringContaining('configuration'), instance: '/do/0/f' } });
  });
});
