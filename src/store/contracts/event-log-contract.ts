/**
 * The ONE contract suite every EventLog adapter runs (DESIGN.md §9). Like ./run-store-contract.ts it
 * imports vitest, so it is imported from tests only, never from ../index.ts. The `list` tests are in
 * ./event-query-contract.ts, which this suite calls. `append` enqueues deliveries, so the suite reads them
 * through the adapter's DeliveryQueue (whose own suite is ./delivery-queue-contract.ts).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CloudEvent, DeliveryQueue, EventLog } from '../../ports/index.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { describeEventQueries } from './event-query-contract.js';
import { T0, cloudEvent, routeTo } from './event-fixtures.js';

export { T0, cloudEvent, routeTo };

/** The event log and its delivery queue (one adapter object, as `store.events` and `store.deliveries`). */
export interface EventLogHandle {
  events: EventLog;
  deliveries: DeliveryQueue;
  /** Releases what `make` opened (the owning Store). */
  close(): Promise<void>;
}

export interface EventLogHooks {
  /** Opens the same storage again after `closed` was closed; the durability test skips without it. */
  reopen?: (closed: EventLogHandle) => Promise<EventLogHandle>;
}

export function eventLogContract(name: string, make: () => Promise<EventLogHandle>, hooks: EventLogHooks = {}): void {
  describe(`EventLog contract: ${name}`, () => {
    let handle: EventLogHandle;
    let log: EventLog;
    let queue: DeliveryQueue;
    beforeEach(async () => {
      handle = await make();
      ({ events: log, deliveries: queue } = handle);
    });
    afterEach(async () => {
      await handle.close();
    });

    const seqOf = async (e: CloudEvent, at = T0, route = routeTo()) => (await log.append([e], at, route))[0].seq;
    const dueIds = async (now: number, limit = 100) => (await queue.due(now, limit)).map((d) => d.id);

    describe('append', () => {
      it('assigns increasing seqs, in call order, and stores each event with its receivedAt', async () => {
        const first = await log.append([cloudEvent('a'), cloudEvent('b', { data: { x: 'é', gone: undefined } as never })], T0, routeTo());
        const same = await Promise.all([log.append([cloudEvent('c')], T0 + 1, routeTo()), log.append([cloudEvent('d')], T0 + 2, routeTo())]);
        const seqs = [...first, ...same.flat()].map((r) => r.seq);
        expect([...first, ...same.flat()].every((r) => r.duplicate === false)).toBe(true);
        seqs.slice(1).forEach((s, i) => expect(s).toBeGreaterThan(seqs[i]));
        expect(await log.get(seqs[0])).toEqual({ seq: seqs[0], receivedAt: T0, event: cloudEvent('a') });
        const b = await log.get(seqs[1]);
        expect(b).toEqual({ seq: seqs[1], receivedAt: T0, event: cloudEvent('b', { data: { x: 'é' } }) });
        expect(b!.event.data).not.toHaveProperty('gone');
        expect((await log.get(seqs[3]))?.receivedAt).toBe(T0 + 2);
        expect(await log.get(seqs[3] + 1)).toBeUndefined();
      });

      it('deduplicates on (source, id): the stored seq, no delivery, and no route call for the duplicate', async () => {
        const seq = await seqOf(cloudEvent('a'), T0, routeTo('s1'));
        await queue.settle(`s1|${seq}`, { status: 'done' }, T0 + 1);
        const route = routeTo('s1');
        const results = await log.append([cloudEvent('a', { type: 'other' }), cloudEvent('a', { source: '/other' }), cloudEvent('b')], T0 + 2, route);
        expect(results[0]).toEqual({ seq, duplicate: true });
        expect(results.slice(1).map((r) => r.duplicate)).toEqual([false, false]);
        expect(route.calls).toEqual(['/other#a', '/shop#b']);
        expect(await dueIds(T0 + 10)).toEqual(results.slice(1).map((r) => `s1|${r.seq}`));
        expect((await log.get(seq))?.event.type).toBe('order.created');
      });

      it('counts a repeat within one batch as a duplicate of the first', async () => {
        const route = routeTo('s1');
        const [x, again, y] = await log.append([cloudEvent('x'), cloudEvent('x', { data: 2 }), cloudEvent('y')], T0, route);
        expect(again).toEqual({ seq: x.seq, duplicate: true });
        expect(x.duplicate || y.duplicate).toBe(false);
        expect(route.calls).toEqual(['/shop#x', '/shop#y']);
        expect((await log.get(x.seq))?.event.data).toEqual({ n: 1 });
        expect(await dueIds(T0)).toEqual([`s1|${x.seq}`, `s1|${y.seq}`]);
      });

      it('enqueues one pending delivery per routed subscription, repeated names once', async () => {
        const seq = await seqOf(cloudEvent('a'), T0, routeTo('b', 'a', 'b'));
        const due = await queue.due(T0, 10);
        const event = { seq, receivedAt: T0, event: cloudEvent('a') };
        expect(due).toEqual(['a', 'b'].map((s) => ({ id: `${s}|${seq}`, subscription: s, seq, status: 'pending', attempts: 0, dueAt: T0, updatedAt: T0, event })));
        expect(due[0]).not.toHaveProperty('lastError');
        expect(await queue.due(T0 - 1, 10)).toEqual([]);
      });

      it('a route that throws rejects its append with that error, stores nothing, and leaves other appends alone', async () => {
        const boom = new Error('route failed');
        const results = await Promise.allSettled([
          log.append([cloudEvent('a')], T0, routeTo('s1')),
          log.append([cloudEvent('b'), cloudEvent('c')], T0, (e) => {
            if (e.id === 'c') throw boom;
            return ['s1'];
          }),
          log.append([cloudEvent('d')], T0, routeTo('s1')),
        ]);
        expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
        expect((results[1] as PromiseRejectedResult).reason).toBe(boom);
        expect((await log.list({})).map((e) => e.event.id)).toEqual(['d', 'a']);
        expect((await queue.due(T0, 10)).map((d) => d.event.event.id)).toEqual(['a', 'd']);
        expect((await log.append([cloudEvent('b')], T0, routeTo()))[0].duplicate).toBe(false);
      });

      it('refuses a route that does not return subscription names, storing nothing', async () => {
        for (const bad of [() => 's1', () => [''], () => [1], () => undefined]) {
          await expect(log.append([cloudEvent('a')], T0, bad as never)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        }
        expect(await log.list({})).toEqual([]);
      });

      it('refuses malformed events and arguments, storing nothing', async () => {
        const bad: unknown[][] = [
          [[{ ...cloudEvent('a'), id: undefined }], T0],
          [[cloudEvent('a', { source: '' })], T0],
          [[cloudEvent('a', { type: 7 as never })], T0],
          [[cloudEvent('ok'), cloudEvent('a', { data: { n: 1n } as never })], T0],
          [[cloudEvent('ok'), null], T0],
          ['events', T0],
          [[cloudEvent('a')], Number.NaN],
        ];
        for (const [events, at] of bad) {
          await expect(log.append(events as CloudEvent[], at as number, routeTo('s1'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        }
        expect(await log.list({})).toEqual([]);
        expect(await queue.due(T0, 10)).toEqual([]);
        expect(await log.append([], T0, routeTo('s1'))).toEqual([]);
      });

      it('keeps its own copy: mutating the caller’s events or what was read changes nothing stored', async () => {
        const e = cloudEvent('a', { data: { list: [1] } });
        const appended = log.append([e], T0, routeTo());
        (e.data as { list: number[] }).list.push(2);
        e.type = 'tampered';
        const [{ seq }] = await appended;
        const read = await log.get(seq);
        expect(read?.event).toEqual(cloudEvent('a', { data: { list: [1] } }));
        (read!.event.data as { list: number[] }).list.push(3);
        expect((await log.get(seq))?.event.data).toEqual({ list: [1] });
      });
    });

    describeEventQueries(() => log);

    it.skipIf(!hooks.reopen)('keeps events and deliveries across close and reopen; seqs and deduplication go on', async () => {
      const [a, b] = await log.append([cloudEvent('a', { data: { x: 'é' } }), cloudEvent('b')], T0, routeTo('s'));
      await queue.settle(`s|${a.seq}`, { status: 'dead', error: { title: 'no' } }, T0 + 1);
      const before = { events: await log.list({}), due: await queue.due(T0, 10), dead: await queue.dead() };
      await handle.close();
      handle = await hooks.reopen!(handle);
      ({ events: log, deliveries: queue } = handle);
      expect({ events: await log.list({}), due: await queue.due(T0, 10), dead: await queue.dead() }).toEqual(before);
      expect(before.due.map((d) => d.seq)).toEqual([b.seq]);
      expect(await log.append([cloudEvent('a'), cloudEvent('c')], T0 + 2, routeTo())).toEqual([
        { seq: a.seq, duplicate: true },
        { seq: expect.any(Number), duplicate: false },
      ]);
      expect((await log.list({ limit: 1 }))[0].seq).toBeGreaterThan(b.seq);
    });
  });
}
