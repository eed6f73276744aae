import { describe, expect, it } from 'vitest';
import type { Platform, RunView } from '../platform/index.js';
import type { SubscriptionTarget } from '../ports/index.js';
import type { Json } from '../shared/index.js';
import { EVENT_ERROR_CODES, EventError } from './errors.js';
import { checkTarget, mapInput, runTarget } from './target.js';

const event = { specversion: '1.0', id: 'e-1', source: '/shop', type: 'order.placed', data: { order: 'o-1', lines: [{ sku: 'a', qty: 2 }] } };

/** A platform that records what it was asked to start or invoke. */
function fakePlatform() {
  const calls: { kind: 'start' | 'invoke'; req: Record<string, unknown> }[] = [];
  const run = { id: 'r-1', status: 'running' } as unknown as RunView;
  const platform = {
    runs: {
      start: async (req: Record<string, unknown>) => {
        calls.push({ kind: 'start', req });
        return { run, created: true };
      },
    },
    functions: {
      invoke: async (req: Record<string, unknown>) => {
        calls.push({ kind: 'invoke', req });
        return { version: '1.2.0', output: { echoed: req.input as Json } };
      },
    },
  } as unknown as Pick<Platform, 'runs' | 'functions'>;
  return { platform, calls };
}

describe('mapInput', () => {
  it('passes the value through without a mapping', () => {
    expect(mapInput(undefined, event)).toEqual(event);
  });

  it('applies a jq mapping, with or without ${ }', () => {
    expect(mapInput('.data', event)).toEqual(event.data);
    expect(mapInput('${ {order: .data.order, skus: [.data.lines[].sku], from: .source} }', event)).toEqual({ order: 'o-1', skus: ['a'], from: '/shop' });
  });

  it('yields null when the mapping yields nothing', () => {
    expect(mapInput('empty', event)).toBeNull();
    expect(mapInput('.data.missing', event)).toBeNull();
  });

  it('refuses a mapping that does not compile, as a config error at /target/input', () => {
    try {
      mapInput('{order: ', event);
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(EventError);
      expect((err as EventError).code).toBe(EVENT_ERROR_CODES.config);
      expect((err as EventError).extra.pointer).toBe('/target/input');
    }
  });
});

describe('checkTarget', () => {
  it.each<[string, unknown]>([
    ['an empty object', {}],
    ['a workflow without a name', { workflow: { namespace: 'shop' } }],
    ['a function without a name', { function: {} }],
    ['a mapping that does not compile', { function: { name: 'f' }, input: '.[' }],
  ])('refuses %s', (_what, t) => {
    expect(() => checkTarget(t as SubscriptionTarget)).toThrow(EventError);
  });

  it('accepts a workflow or a function target with a mapping', () => {
    expect(() => checkTarget({ workflow: { namespace: 'shop', name: 'inv', version: '1.0.0' }, input: '.data' })).not.toThrow();
    expect(() => checkTarget({ function: { name: 'notify', ref: 'live' } })).not.toThrow();
  });
});

describe('runTarget', () => {
  it('starts the workflow with the mapped input, the idempotency key and the traceparent', async () => {
    const { platform, calls } = fakePlatform();
    const out = await runTarget(platform, { workflow: { namespace: 'shop', name: 'inventory', version: '2.0.0' }, input: '.data' }, event, { idempotencyKey: 'k-1', traceparent: 'tp', waitMs: 100 });
    expect(out.kind).toBe('run');
    expect(calls).toEqual([{ kind: 'start', req: { namespace: 'shop', name: 'inventory', version: '2.0.0', input: event.data, idempotencyKey: 'k-1', traceparent: 'tp', waitMs: 100 } }]);
  });

  it('invokes the function with the whole event by default and returns its output and version', async () => {
    const { platform, calls } = fakePlatform();
    const out = await runTarget(platform, { function: { name: 'notify', ref: 'live' } }, event, { idempotencyKey: 'k-2' });
    expect(out).toEqual({ kind: 'function', version: '1.2.0', output: { echoed: event } });
    expect(calls).toEqual([{ kind: 'invoke', req: { name: 'notify', ref: 'live', input: event, idempotencyKey: 'k-2' } }]);
  });

  it('passes the target\'s failure on', async () => {
    const { platform } = fakePlatform();
    (platform.runs as { start: unknown }).start = async () => {
      throw Object.assign(new Error('workflow shop/missing does not exist'), { status: 404 });
    };
    await expect(runTarget(platform, { workflow: { namespace: 'shop', name: 'missing' } }, event, { idempotencyKey: 'k' })).rejects.toThrow(/does not exist/);
  });
});
