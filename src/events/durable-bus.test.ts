import { describe, expect, it } from 'vitest';
import type { CloudEvent } from '../ports/index.js';
import type { Json } from '../shared/index.js';
import { MemoryStore } from '../store/index.js';
import { DurableBus } from './durable-bus.js';
import { EVENT_ERROR_CODES, EventError } from './errors.js';
import { Router } from './routing.js';

const T0 = Date.UTC(2026, 0, 1);
const event = (id: string, over: Record<string, Json | undefined> = {}) => ({ specversion: '1.0', id, source: '/shop', type: 'order.placed', data: { order: id, total: 10 }, ...over });
const orderSchema = { type: 'object', required: ['order', 'total'], properties: { order: { type: 'string' }, total: { type: 'number', minimum: 0 } } };

function setup() {
  const store = new MemoryStore();
  const router = new Router();
  router.load([{ name: 'inv', filter: { type: 'order.placed' }, target: { workflow: { namespace: 'shop', name: 'inv' } }, createdAt: T0 }]);
  const stored: string[][] = [];
  const bus = new DurableBus({ log: store.events, eventTypes: store.eventTypes, router, now: () => T0, onStored: (es) => stored.push(es.map((e) => e.id)) });
  const heard: string[] = [];
  bus.subscribe((e) => heard.push(e.id));
  return { store, bus, stored, heard };
}

async function refusal(p: Promise<unknown>): Promise<EventError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(EventError);
  return err as EventError;
}

describe('DurableBus', () => {
  it('stores an event with a delivery per matching subscription before telling listeners', async () => {
    const t = setup();
    const heardWhenStored: number[] = [];
    t.bus.subscribe(() => void t.store.events.list({}).then((l) => heardWhenStored.push(l.length)));
    expect(await t.bus.ingest([event('e-1')])).toEqual([{ id: 'e-1', source: '/shop', seq: 1, duplicate: false }]);
    expect(t.heard).toEqual(['e-1']);
    expect(t.stored).toEqual([['e-1']]);
    expect((await t.store.deliveries.due(T0, 10)).map((d) => d.id)).toEqual(['inv|1']);
    await new Promise((r) => setImmediate(r));
    expect(heardWhenStored).toEqual([1]);
  });

  it('deduplicates on (source, id): a repeat is reported as a duplicate of the first seq and not delivered again', async () => {
    const t = setup();
    await t.bus.ingest([event('e-1')]);
    const again = await t.bus.ingest([event('e-1', { data: { order: 'changed', total: 1 } }), event('e-1', { source: '/other' })]);
    expect(again).toEqual([
      { id: 'e-1', source: '/shop', seq: 1, duplicate: true },
      { id: 'e-1', source: '/other', seq: 2, duplicate: false },
    ]);
    expect(t.heard).toEqual(['e-1', 'e-1']);
    expect(t.stored).toEqual([['e-1'], ['e-1']]);
    expect((await t.store.events.get(1))!.event.data).toEqual({ order: 'e-1', total: 10 });
    expect((await t.store.deliveries.due(T0, 10)).map((d) => d.id)).toEqual(['inv|1', 'inv|2']);
    // A batch repeating an id within itself stores it once.
    const inBatch = await t.bus.ingest([event('e-9'), event('e-9')]);
    expect(inBatch.map((a) => [a.seq, a.duplicate])).toEqual([
      [3, false],
      [3, true],
    ]);
  });

  it('publish (the engine\'s and ctx.emit\'s way in) stores like ingest', async () => {
    const t = setup();
    await t.bus.publish(event('e-1') as CloudEvent);
    await t.bus.publish(event('e-1') as CloudEvent);
    expect(await t.store.events.list({})).toHaveLength(1);
    expect(t.heard).toEqual(['e-1']);
  });

  it('rejects data that violates the type\'s registered schema, naming the path; other types are not checked', async () => {
    const t = setup();
    await t.store.eventTypes.putType('order.placed', orderSchema, T0);
    const err = await refusal(t.bus.ingest([event('e-1', { data: { order: 'o', total: -1 } })]));
    expect(err.code).toBe(EVENT_ERROR_CODES.schema);
    expect(err.status).toBe(400);
    expect(err.extra.pointer).toBe('/data/total');
    expect(err.message).toMatch(/\/data\/total/);
    expect((await refusal(t.bus.ingest([event('e-2', { data: undefined })]))).extra.pointer).toBe('/data');
    await t.bus.ingest([event('e-3', { type: 'order.shipped', data: 'anything' })]);
    expect((await t.store.events.list({})).map((e) => e.event.id)).toEqual(['e-3']);
  });

  it('a batch is all or nothing: one invalid event stores none, and the problem names its index', async () => {
    const t = setup();
    await t.store.eventTypes.putType('order.placed', orderSchema, T0);
    const err = await refusal(t.bus.ingest([event('e-1'), event('e-2', { data: { order: 2, total: 1 } })]));
    expect(err.extra.pointer).toBe('/1/data/order');
    expect((await refusal(t.bus.ingest([event('e-1'), { specversion: '1.0', id: 'x', source: 's' }]))).extra.pointer).toBe('/1/type');
    // A batch of one still points into the array.
    expect((await refusal(t.bus.ingest([event('e-1', { data: { total: 1 } })], true))).extra.pointer).toBe('/0/data/order');
    expect(await t.store.events.list({})).toEqual([]);
    expect(t.heard).toEqual([]);
  });

  it('forgetType makes a changed schema apply to the next event', async () => {
    const t = setup();
    await t.store.eventTypes.putType('order.placed', orderSchema, T0);
    await t.bus.ingest([event('e-1')]);
    await t.store.eventTypes.putType('order.placed', { type: 'string' }, T0);
    await t.bus.ingest([event('e-2')]); // still the cached schema
    t.bus.forgetType('order.placed');
    expect((await refusal(t.bus.ingest([event('e-3')]))).extra.pointer).toBe('/data');
    await t.store.eventTypes.deleteType('order.placed');
    t.bus.forgetType('order.placed');
    await t.bus.ingest([event('e-3')]);
  });
});
