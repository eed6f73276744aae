import { describe, expect, it } from 'vitest';
import type { CloudEvent, Subscription } from '../ports/index.js';
import type { Platform } from '../platform/index.js';
import { MemoryStore } from '../store/index.js';
import { FakeClock } from '../../test/support/fake-clock.js';
import { DEFAULT_DELIVERY_LEASE_MS, Dispatcher, type DispatcherOptions } from './dispatcher.js';
import { Router } from './routing.js';

const T0 = Date.UTC(2026, 0, 1);
const TP = '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01';
const event = (id: string, over: Partial<CloudEvent> = {}): CloudEvent => ({ specversion: '1.0', id, source: '/shop', type: 'order.placed', data: { id }, ...over });

/** Lets pending promise chains and the dispatcher's pass run (the fake clock never moves on its own). */
const flush = async () => {
  for (let i = 0; i < 30; i++) await new Promise((r) => setImmediate(r));
};

/**
 * A dispatcher over a MemoryStore's event log and a fake clock. The platform fails the first `failures`
 * starts/invokes (or every one while `failing` is set), and records every call.
 */
function setup(subs: Omit<Subscription, 'createdAt'>[], o: Partial<DispatcherOptions> & { failures?: number } = {}) {
  const clock = new FakeClock(T0, false);
  const store = new MemoryStore();
  const router = new Router();
  router.load(subs.map((s) => ({ ...s, createdAt: T0 })));
  const calls: { at: number; kind: string; req: Record<string, unknown> }[] = [];
  const outcomes: string[] = [];
  const state = { failures: o.failures ?? 0, failing: false, inFlight: 0, maxInFlight: 0 };
  const attempt = async (kind: string, req: Record<string, unknown>) => {
    calls.push({ at: clock.now(), kind, req });
    state.inFlight++;
    state.maxInFlight = Math.max(state.maxInFlight, state.inFlight);
    await new Promise((r) => setImmediate(r));
    state.inFlight--;
    if (state.failing || state.failures-- > 0) throw Object.assign(new Error(`target down (${calls.length})`), { code: 'DOWN', status: 503 });
  };
  const platform = {
    runs: { start: async (req: Record<string, unknown>) => (await attempt('start', req), { run: { id: `run-${calls.length}` }, created: true }) },
    functions: { invoke: async (req: Record<string, unknown>) => (await attempt('invoke', req), { version: '1.0.0', output: null }) },
  } as unknown as Pick<Platform, 'runs' | 'functions'>;
  const dispatcher = new Dispatcher({ deliveries: store.deliveries, router, platform, clock, baseDelayMs: 100, maxDelayMs: 250, pollMs: 60_000, onDelivered: (d) => outcomes.push(`${d.subscription}:${d.outcome}`), ...o });
  const publish = async (...events: CloudEvent[]) => {
    await store.events.append(events, clock.now(), (e) => router.route(e));
    dispatcher.wake();
    await flush();
  };
  const deliveries = async () => [...(await store.deliveries.due(Number.MAX_SAFE_INTEGER, 1000)), ...(await store.deliveries.dead(1000))];
  return { clock, store, router, dispatcher, calls, outcomes, state, publish, deliveries };
}

const inventory = { name: 'inventory', filter: { type: 'order.placed' }, target: { workflow: { namespace: 'shop', name: 'inventory' } } };
const notify = { name: 'notify', filter: { type: 'order.placed' }, target: { function: { name: 'notify' }, input: '.data' } };

describe('Dispatcher', () => {
  it('delivers each event to each matching subscription with the event id as idempotency key and its traceparent', async () => {
    const t = setup([inventory, notify]);
    await t.publish(event('e-1', { traceparent: TP }), event('e-2', { type: 'order.cancelled' }));
    expect(t.calls.map((c) => [c.kind, c.req])).toEqual([
      ['start', { namespace: 'shop', name: 'inventory', input: event('e-1', { traceparent: TP }), idempotencyKey: 'event:inventory:/shop:e-1', traceparent: TP }],
      ['invoke', { name: 'notify', input: { id: 'e-1' }, idempotencyKey: 'event:notify:/shop:e-1', traceparent: TP }],
    ]);
    expect(t.outcomes).toEqual(['inventory:delivered', 'notify:delivered']);
    expect(await t.store.deliveries.due(Number.MAX_SAFE_INTEGER, 10)).toEqual([]);
    expect(await t.store.deliveries.oldestPending()).toBeUndefined();
  });

  it('retries a failing delivery with exponential backoff (capped), then dead-letters it after maxAttempts', async () => {
    const t = setup([{ ...inventory, maxAttempts: 4 }]);
    t.state.failing = true;
    await t.publish(event('e-1'));
    expect(t.calls.map((c) => c.at - T0)).toEqual([0]);
    const [pending] = await t.store.deliveries.due(Number.MAX_SAFE_INTEGER, 10);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, dueAt: T0 + 100, lastError: { code: 'DOWN', status: 503, detail: 'target down (1)' } });
    // Not before it is due.
    t.clock.advance(T0 + 99);
    await flush();
    expect(t.calls).toHaveLength(1);
    for (const at of [100, 300, 550]) {
      t.clock.advance(T0 + at);
      await flush();
    }
    // 100, then 200, then 400 capped at 250.
    expect(t.calls.map((c) => c.at - T0)).toEqual([0, 100, 300, 550]);
    expect(t.outcomes).toEqual(['inventory:retried', 'inventory:retried', 'inventory:retried', 'inventory:dead']);
    const [dead] = await t.store.deliveries.dead(10);
    expect(dead).toMatchObject({ id: 'inventory|1', status: 'dead', attempts: 4, lastError: { detail: 'target down (4)' } });
    expect(dead.event.event.id).toBe('e-1');
    // Dead is final: time passing does not bring it back.
    t.clock.advance(T0 + 3_600_000);
    await flush();
    expect(t.calls).toHaveLength(4);
  });

  it('uses 5 attempts by default', async () => {
    const t = setup([inventory]);
    t.state.failing = true;
    await t.publish(event('e-1'));
    for (let i = 0; i < 10; i++) {
      t.clock.advance();
      await flush();
    }
    expect(t.calls).toHaveLength(5);
    expect(t.outcomes.at(-1)).toBe('inventory:dead');
  });

  it('a redriven dead letter is delivered again with its attempts reset and the same idempotency key', async () => {
    const t = setup([{ ...inventory, maxAttempts: 1 }]);
    t.state.failing = true;
    await t.publish(event('e-1'));
    expect((await t.store.deliveries.dead(10)).map((d) => d.id)).toEqual(['inventory|1']);
    t.state.failing = false;
    await t.store.deliveries.redrive('inventory|1', t.clock.now());
    t.dispatcher.wake();
    await flush();
    expect(t.calls.map((c) => c.req.idempotencyKey)).toEqual(['event:inventory:/shop:e-1', 'event:inventory:/shop:e-1']);
    expect(await t.store.deliveries.dead(10)).toEqual([]);
    expect(t.outcomes).toEqual(['inventory:dead', 'inventory:delivered']);
  });

  it('a retry that succeeds settles the delivery as done; other subscriptions are not held up', async () => {
    const t = setup([inventory, notify], { failures: 1 });
    await t.publish(event('e-1'));
    expect(t.outcomes).toEqual(['inventory:retried', 'notify:delivered']);
    t.clock.advance(T0 + 100);
    await flush();
    expect(t.outcomes).toEqual(['inventory:retried', 'notify:delivered', 'inventory:delivered']);
    expect(await t.deliveries()).toEqual([]);
  });

  it('dead-letters a delivery whose subscription was removed, without calling anything', async () => {
    const t = setup([inventory]);
    await t.store.events.append([event('e-1')], T0, (e) => t.router.route(e));
    t.router.load([]);
    t.dispatcher.wake();
    await flush();
    expect(t.calls).toEqual([]);
    const [dead] = await t.store.deliveries.dead(10);
    expect(dead.lastError).toEqual({ detail: 'subscription inventory no longer exists' });
  });

  it('keeps at most `concurrency` deliveries in flight and delivers them all', async () => {
    const t = setup([inventory], { concurrency: 2 });
    await t.publish(...Array.from({ length: 7 }, (_, i) => event(`e-${i}`)));
    expect(t.calls).toHaveLength(7);
    expect(t.state.maxInFlight).toBe(2);
    expect(t.calls.map((c) => (c.req.input as CloudEvent).id)).toEqual(Array.from({ length: 7 }, (_, i) => `e-${i}`));
  });

  it('an outcome the store cannot record leaves the delivery due without spinning on it', async () => {
    const t = setup([inventory]);
    const log = t.store.events;
    const queue = t.store.deliveries;
    let settles = 0;
    const broken = Object.create(queue) as typeof queue;
    broken.settle = async () => {
      settles++;
      throw new Error('disk full');
    };
    const d = new Dispatcher({ deliveries: broken, router: t.router, platform: { runs: { start: async () => ({ run: {} }) } } as never, clock: t.clock, pollMs: 60_000 });
    await log.append([event('e-1')], T0, (e) => t.router.route(e));
    d.wake();
    await flush();
    // The target's success could not be recorded (1), nor the failure it was taken for (2): then it stops.
    expect(settles).toBe(2);
    // Still pending: due again once the claim's lease has passed.
    expect(await queue.due(T0 + DEFAULT_DELIVERY_LEASE_MS - 1, 10)).toHaveLength(0);
    expect(await queue.due(T0 + DEFAULT_DELIVERY_LEASE_MS, 10)).toHaveLength(1);
    await d.stop();
  });

  it('start delivers what was stored before it; after stop nothing is delivered', async () => {
    const t = setup([inventory]);
    await t.store.events.append([event('e-1')], T0, (e) => t.router.route(e));
    t.dispatcher.start();
    await flush();
    expect(t.calls).toHaveLength(1);
    await t.dispatcher.stop();
    await t.store.events.append([event('e-2')], T0, (e) => t.router.route(e));
    t.dispatcher.wake();
    await flush();
    expect(t.calls).toHaveLength(1);
    expect(await t.store.deliveries.due(T0, 10)).toHaveLength(1);
  });
});
