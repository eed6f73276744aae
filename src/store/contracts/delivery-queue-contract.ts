/**
 * The ONE contract suite every DeliveryQueue adapter runs (DESIGN.md §9): due, claim (leases), settle,
 * dead-lettering, redrive and the delivery lag. Deliveries come from `EventLog.append`, so the suite drives
 * the adapter's event log too. Tests only: it imports vitest.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CloudEvent, DeliveryQueue, EventLog } from '../../ports/index.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { T0, cloudEvent, routeTo, type EventLogHandle } from './event-log-contract.js';

export function deliveryQueueContract(name: string, make: () => Promise<EventLogHandle>): void {
  describe(`DeliveryQueue contract: ${name}`, () => {
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

    describe('deliveries', () => {
      it('claim takes due deliveries once until its lease passes; a settled one is gone', async () => {
        const a = await seqOf(cloudEvent('a'), T0, routeTo('s1'));
        const b = await seqOf(cloudEvent('b'), T0, routeTo('s1'));
        const first = await queue.claim(T0, 10, 1_000);
        expect(first.map((d) => d.id)).toEqual([`s1|${a}`, `s1|${b}`]);
        expect(first.map((d) => d.dueAt)).toEqual([T0 + 1_000, T0 + 1_000]);
        expect(first[0].event.event.id).toBe('a');
        expect(await queue.claim(T0 + 999, 10, 1_000)).toEqual([]);
        await queue.settle(`s1|${a}`, { status: 'done' }, T0 + 10);
        expect((await queue.claim(T0 + 1_000, 10, 1_000)).map((d) => d.id)).toEqual([`s1|${b}`]);
        await expect(queue.claim(T0, -1, 1)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        await expect(queue.claim(Number.NaN, 1, 1)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      });

      it('due returns pending deliveries due at `now`, by dueAt then seq, with their event, limited', async () => {
        const [a, b] = await log.append([cloudEvent('a'), cloudEvent('b')], T0, routeTo('s'));
        const c = await seqOf(cloudEvent('c'), T0 + 5, routeTo('s'));
        await queue.settle(`s|${a.seq}`, { status: 'pending', dueAt: T0 + 20, error: { title: 'later' } }, T0 + 1);
        expect(await dueIds(T0 + 4)).toEqual([`s|${b.seq}`]);
        expect(await dueIds(T0 + 19)).toEqual([`s|${b.seq}`, `s|${c}`]);
        expect(await dueIds(T0 + 20)).toEqual([`s|${b.seq}`, `s|${c}`, `s|${a.seq}`]);
        expect(await dueIds(T0 + 20, 2)).toEqual([`s|${b.seq}`, `s|${c}`]);
        expect(await dueIds(T0 + 20, 0)).toEqual([]);
        const [later] = (await queue.due(T0 + 20, 10)).slice(-1);
        expect(later.event).toEqual({ seq: a.seq, receivedAt: T0, event: cloudEvent('a') });
        await expect(queue.due(T0, -1)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        await expect(queue.due(Number.NaN, 1)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      });

      it('settle records done, a retry (attempts + 1, dueAt, lastError) and dead-lettering', async () => {
        const seq = await seqOf(cloudEvent('a'), T0, routeTo('ok', 'flaky'));
        await queue.settle(`ok|${seq}`, { status: 'done' }, T0 + 1);
        await queue.settle(`flaky|${seq}`, { status: 'pending', dueAt: T0 + 100, error: { title: 'first' } }, T0 + 2);
        expect(await dueIds(T0 + 99)).toEqual([]);
        const [retry] = await queue.due(T0 + 100, 10);
        expect(retry).toMatchObject({ id: `flaky|${seq}`, status: 'pending', attempts: 1, dueAt: T0 + 100, updatedAt: T0 + 2, lastError: { title: 'first' } });
        await queue.settle(retry.id, { status: 'pending', dueAt: T0 + 200, error: { title: 'second' } }, T0 + 101);
        expect((await queue.due(T0 + 200, 10))[0]).toMatchObject({ attempts: 2, lastError: { title: 'second' } });
        await queue.settle(retry.id, { status: 'dead', error: { title: 'gave up', detail: [1, null] } }, T0 + 201);
        expect(await dueIds(T0 + 1e9)).toEqual([]);
        const dead = await queue.dead();
        expect(dead).toEqual([
          { id: `flaky|${seq}`, subscription: 'flaky', seq, status: 'dead', attempts: 3, dueAt: T0 + 200, updatedAt: T0 + 201,
            lastError: { title: 'gave up', detail: [1, null] }, event: { seq, receivedAt: T0, event: cloudEvent('a') } },
        ]);
      });

      it('settle of an unknown delivery rejects as not found; a malformed outcome as invalid', async () => {
        const seq = await seqOf(cloudEvent('a'), T0, routeTo('s'));
        await expect(queue.settle(`nope|${seq}`, { status: 'done' }, T0)).rejects.toMatchObject({ code: STORE_ERROR_CODES.notFound });
        const bad = [{ status: 'later' }, { status: 'pending', dueAt: Number.NaN, error: {} }, { status: 'dead', error: 1n }, { status: 'pending', dueAt: T0 }, null];
        for (const outcome of bad) await expect(queue.settle(`s|${seq}`, outcome as never, T0)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        await expect(queue.settle(`s|${seq}`, { status: 'done' }, Number.NaN)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        expect(await queue.due(T0, 10)).toMatchObject([{ id: `s|${seq}`, attempts: 0 }]);
      });

      it('dead lists dead-lettered deliveries newest first, limited', async () => {
        const [a, b, c] = await log.append([cloudEvent('a'), cloudEvent('b'), cloudEvent('c')], T0, routeTo('s'));
        await queue.settle(`s|${b.seq}`, { status: 'dead', error: 'b' }, T0 + 30);
        await queue.settle(`s|${a.seq}`, { status: 'dead', error: 'a' }, T0 + 10);
        await queue.settle(`s|${c.seq}`, { status: 'dead', error: 'c' }, T0 + 30);
        const ids = async (limit?: number) => (await queue.dead(limit)).map((d) => d.event.event.id);
        expect(await ids()).toEqual(['c', 'b', 'a']);
        expect(await ids(2)).toEqual(['c', 'b']);
        expect(await ids(0)).toEqual([]);
        await expect(queue.dead(1.5)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      });

      it('dead lists 100 deliveries unless told otherwise, and never more than 1,000', async () => {
        const appended = await log.append(Array.from({ length: 1005 }, (_, i) => cloudEvent(`e${i}`)), T0, routeTo('s'));
        await Promise.all(appended.map(({ seq }, i) => queue.settle(`s|${seq}`, { status: 'dead', error: i }, T0 + i)));
        const page = await queue.dead();
        expect(page).toHaveLength(100);
        expect(page[0].lastError).toBe(1004);
        expect((await queue.dead(5000)).at(-1)?.lastError).toBe(5);
      });

      it('redrive makes a delivery pending again, due at `now` with attempts reset; unknown ids give undefined', async () => {
        const [a, b] = await log.append([cloudEvent('a'), cloudEvent('b')], T0, routeTo('s'));
        await queue.settle(`s|${a.seq}`, { status: 'pending', dueAt: T0 + 5, error: 'e1' }, T0 + 1);
        await queue.settle(`s|${a.seq}`, { status: 'dead', error: 'e2' }, T0 + 6);
        await queue.settle(`s|${b.seq}`, { status: 'done' }, T0 + 2);
        const again = await queue.redrive(`s|${a.seq}`, T0 + 50);
        expect(again).toEqual({ id: `s|${a.seq}`, subscription: 's', seq: a.seq, status: 'pending', attempts: 0, dueAt: T0 + 50, updatedAt: T0 + 50, lastError: 'e2' });
        expect(await queue.dead()).toEqual([]);
        expect(await dueIds(T0 + 49)).toEqual([]);
        expect(await dueIds(T0 + 50)).toEqual([`s|${a.seq}`]);
        expect((await queue.redrive(`s|${b.seq}`, T0 + 60))?.status).toBe('pending');
        expect(await dueIds(T0 + 60)).toEqual([`s|${a.seq}`, `s|${b.seq}`]);
        expect(await queue.redrive('nope|1', T0)).toBeUndefined();
        await expect(queue.redrive(`s|${a.seq}`, Number.NaN)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      });

      it('oldestPending is the receivedAt of the oldest event with a pending delivery', async () => {
        expect(await queue.oldestPending()).toBeUndefined();
        await seqOf(cloudEvent('unrouted'), T0, routeTo());
        const newer = await seqOf(cloudEvent('newer'), T0 + 20, routeTo('s'));
        const older = await seqOf(cloudEvent('older'), T0 + 10, routeTo('s', 't'));
        expect(await queue.oldestPending()).toBe(T0 + 10);
        await queue.settle(`s|${older}`, { status: 'done' }, T0 + 30);
        expect(await queue.oldestPending()).toBe(T0 + 10);
        await queue.settle(`t|${older}`, { status: 'dead', error: null }, T0 + 30);
        expect(await queue.oldestPending()).toBe(T0 + 20);
        await queue.settle(`s|${newer}`, { status: 'pending', dueAt: T0 + 99, error: null }, T0 + 30);
        expect(await queue.oldestPending()).toBe(T0 + 20);
        await queue.settle(`s|${newer}`, { status: 'done' }, T0 + 40);
        expect(await queue.oldestPending()).toBeUndefined();
        await queue.redrive(`t|${older}`, T0 + 50);
        expect(await queue.oldestPending()).toBe(T0 + 10);
      });
    });
  });
}
