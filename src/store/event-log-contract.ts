/**
 * The ONE contract suite every EventLog adapter runs (DESIGN.md §9). Like ./contract.ts it imports vitest,
 * so it is imported from tests only, never from ./index.ts. The `list` tests are in ./event-query-contract.ts,
 * which this suite calls.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CloudEvent, EventLog } from '../ports/index.js';
import { STORE_ERROR_CODES } from './errors.js';
import { describeEventQueries } from './event-query-contract.js';

export interface EventLogHandle {
  store: EventLog;
  /** Releases what `make` opened (the owning Store). */
  close(): Promise<void>;
}

export interface EventLogHooks {
  /** Opens the same storage again after `closed` was closed; the durability test skips without it. */
  reopen?: (closed: EventLogHandle) => Promise<EventLogHandle>;
}

export const T0 = 1_700_000_000_000;

export function cloudEvent(id: string, over: Partial<CloudEvent> = {}): CloudEvent {
  return { specversion: '1.0', id, source: '/shop', type: 'order.created', data: { n: 1 }, ...over };
}

/** A route that sends every event to `names`, recording the ids it was called with. */
export function routeTo(...names: string[]): ((e: CloudEvent) => string[]) & { calls: string[] } {
  const calls: string[] = [];
  return Object.assign((e: CloudEvent) => (calls.push(`${e.source}#${e.id}`), names), { calls });
}

export function eventLogContract(name: string, make: () => Promise<EventLogHandle>, hooks: EventLogHooks = {}): void {
  describe(`EventLog contract: ${name}`, () => {
    let handle: EventLogHandle;
    let log: EventLog;
    beforeEach(async () => {
      handle = await make();
      log = handle.store;
    });
    afterEach(async () => {
      await handle.close();
    });

    const seqOf = async (e: CloudEvent, at = T0, route = routeTo()) => (await log.append([e], at, route))[0].seq;
    const dueIds = async (now: number, limit = 100) => (await log.due(now, limit)).map((d) => d.id);

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
        await log.settle(`s1|${seq}`, { status: 'done' }, T0 + 1);
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
        const due = await log.due(T0, 10);
        const event = { seq, receivedAt: T0, event: cloudEvent('a') };
        expect(due).toEqual(['a', 'b'].map((s) => ({ id: `${s}|${seq}`, subscription: s, seq, status: 'pending', attempts: 0, dueAt: T0, updatedAt: T0, event })));
        expect(due[0]).not.toHaveProperty('lastError');
        expect(await log.due(T0 - 1, 10)).toEqual([]);
      });

      it('claim takes due deliveries once until its lease passes; a settled one is gone', async () => {
        const a = await seqOf(cloudEvent('a'), T0, routeTo('s1'));
        const b = await seqOf(cloudEvent('b'), T0, routeTo('s1'));
        const first = await log.claim(T0, 10, 1_000);
        expect(first.map((d) => d.id)).toEqual([`s1|${a}`, `s1|${b}`]);
        expect(first.map((d) => d.dueAt)).toEqual([T0 + 1_000, T0 + 1_000]);
        expect(first[0].event.event.id).toBe('a');
        expect(await log.claim(T0 + 999, 10, 1_000)).toEqual([]);
        await log.settle(`s1|${a}`, { status: 'done' }, T0 + 10);
        expect((await log.claim(T0 + 1_000, 10, 1_000)).map((d) => d.id)).toEqual([`s1|${b}`]);
        await expect(log.claim(T0, -1, 1)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        await expect(log.claim(Number.NaN, 1, 1)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
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
        expect((await log.due(T0, 10)).map((d) => d.event.event.id)).toEqual(['a', 'd']);
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
        expect(await log.due(T0, 10)).toEqual([]);
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

    describe('deliveries', () => {
      it('due returns pending deliveries due at `now`, by dueAt then seq, with their event, limited', async () => {
        const [a, b] = await log.append([cloudEvent('a'), cloudEvent('b')], T0, routeTo('s'));
        const c = await seqOf(cloudEvent('c'), T0 + 5, routeTo('s'));
        await log.settle(`s|${a.seq}`, { status: 'pending', dueAt: T0 + 20, error: { title: 'later' } }, T0 + 1);
        expect(await dueIds(T0 + 4)).toEqual([`s|${b.seq}`]);
        expect(await dueIds(T0 + 19)).toEqual([`s|${b.seq}`, `s|${c}`]);
        expect(await dueIds(T0 + 20)).toEqual([`s|${b.seq}`, `s|${c}`, `s|${a.seq}`]);
        expect(await dueIds(T0 + 20, 2)).toEqual([`s|${b.seq}`, `s|${c}`]);
        expect(await dueIds(T0 + 20, 0)).toEqual([]);
        const [later] = (await log.due(T0 + 20, 10)).slice(-1);
        expect(later.event).toEqual({ seq: a.seq, receivedAt: T0, event: cloudEvent('a') });
        await expect(log.due(T0, -1)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        await expect(log.due(Number.NaN, 1)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      });

      it('settle records done, a retry (attempts + 1, dueAt, lastError) and dead-lettering', async () => {
        const seq = await seqOf(cloudEvent('a'), T0, routeTo('ok', 'flaky'));
        await log.settle(`ok|${seq}`, { status: 'done' }, T0 + 1);
        await log.settle(`flaky|${seq}`, { status: 'pending', dueAt: T0 + 100, error: { title: 'first' } }, T0 + 2);
        expect(await dueIds(T0 + 99)).toEqual([]);
        const [retry] = await log.due(T0 + 100, 10);
        expect(retry).toMatchObject({ id: `flaky|${seq}`, status: 'pending', attempts: 1, dueAt: T0 + 100, updatedAt: T0 + 2, lastError: { title: 'first' } });
        await log.settle(retry.id, { status: 'pending', dueAt: T0 + 200, error: { title: 'second' } }, T0 + 101);
        expect((await log.due(T0 + 200, 10))[0]).toMatchObject({ attempts: 2, lastError: { title: 'second' } });
        await log.settle(retry.id, { status: 'dead', error: { title: 'gave up', detail: [1, null] } }, T0 + 201);
        expect(await dueIds(T0 + 1e9)).toEqual([]);
        const dead = await log.dead();
        expect(dead).toEqual([
          { id: `flaky|${seq}`, subscription: 'flaky', seq, status: 'dead', attempts: 3, dueAt: T0 + 200, updatedAt: T0 + 201,
            lastError: { title: 'gave up', detail: [1, null] }, event: { seq, receivedAt: T0, event: cloudEvent('a') } },
        ]);
      });

      it('settle of an unknown delivery rejects as not found; a malformed outcome as invalid', async () => {
        const seq = await seqOf(cloudEvent('a'), T0, routeTo('s'));
        await expect(log.settle(`nope|${seq}`, { status: 'done' }, T0)).rejects.toMatchObject({ code: STORE_ERROR_CODES.notFound });
        const bad = [{ status: 'later' }, { status: 'pending', dueAt: Number.NaN, error: {} }, { status: 'dead', error: 1n }, { status: 'pending', dueAt: T0 }, null];
        for (const outcome of bad) await expect(log.settle(`s|${seq}`, outcome as never, T0)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        await expect(log.settle(`s|${seq}`, { status: 'done' }, Number.NaN)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
        expect(await log.due(T0, 10)).toMatchObject([{ id: `s|${seq}`, attempts: 0 }]);
      });

      it('dead lists dead-lettered deliveries newest first, limited', async () => {
        const [a, b, c] = await log.append([cloudEvent('a'), cloudEvent('b'), cloudEvent('c')], T0, routeTo('s'));
        await log.settle(`s|${b.seq}`, { status: 'dead', error: 'b' }, T0 + 30);
        await log.settle(`s|${a.seq}`, { status: 'dead', error: 'a' }, T0 + 10);
        await log.settle(`s|${c.seq}`, { status: 'dead', error: 'c' }, T0 + 30);
        const ids = async (limit?: number) => (await log.dead(limit)).map((d) => d.event.event.id);
        expect(await ids()).toEqual(['c', 'b', 'a']);
        expect(await ids(2)).toEqual(['c', 'b']);
        expect(await ids(0)).toEqual([]);
        await expect(log.dead(1.5)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      });

      it('dead lists 100 deliveries unless told otherwise, and never more than 1,000', async () => {
        const appended = await log.append(Array.from({ length: 1005 }, (_, i) => cloudEvent(`e${i}`)), T0, routeTo('s'));
        await Promise.all(appended.map(({ seq }, i) => log.settle(`s|${seq}`, { status: 'dead', error: i }, T0 + i)));
        const page = await log.dead();
        expect(page).toHaveLength(100);
        expect(page[0].lastError).toBe(1004);
        expect((await log.dead(5000)).at(-1)?.lastError).toBe(5);
      });

      it('redrive makes a delivery pending again, due at `now` with attempts reset; unknown ids give undefined', async () => {
        const [a, b] = await log.append([cloudEvent('a'), cloudEvent('b')], T0, routeTo('s'));
        await log.settle(`s|${a.seq}`, { status: 'pending', dueAt: T0 + 5, error: 'e1' }, T0 + 1);
        await log.settle(`s|${a.seq}`, { status: 'dead', error: 'e2' }, T0 + 6);
        await log.settle(`s|${b.seq}`, { status: 'done' }, T0 + 2);
        const again = await log.redrive(`s|${a.seq}`, T0 + 50);
        expect(again).toEqual({ id: `s|${a.seq}`, subscription: 's', seq: a.seq, status: 'pending', attempts: 0, dueAt: T0 + 50, updatedAt: T0 + 50, lastError: 'e2' });
        expect(await log.dead()).toEqual([]);
        expect(await dueIds(T0 + 49)).toEqual([]);
        expect(await dueIds(T0 + 50)).toEqual([`s|${a.seq}`]);
        expect((await log.redrive(`s|${b.seq}`, T0 + 60))?.status).toBe('pending');
        expect(await dueIds(T0 + 60)).toEqual([`s|${a.seq}`, `s|${b.seq}`]);
        expect(await log.redrive('nope|1', T0)).toBeUndefined();
        await expect(log.redrive(`s|${a.seq}`, Number.NaN)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      });

      it('oldestPending is the receivedAt of the oldest event with a pending delivery', async () => {
        expect(await log.oldestPending()).toBeUndefined();
        await seqOf(cloudEvent('unrouted'), T0, routeTo());
        const newer = await seqOf(cloudEvent('newer'), T0 + 20, routeTo('s'));
        const older = await seqOf(cloudEvent('older'), T0 + 10, routeTo('s', 't'));
        expect(await log.oldestPending()).toBe(T0 + 10);
        await log.settle(`s|${older}`, { status: 'done' }, T0 + 30);
        expect(await log.oldestPending()).toBe(T0 + 10);
        await log.settle(`t|${older}`, { status: 'dead', error: null }, T0 + 30);
        expect(await log.oldestPending()).toBe(T0 + 20);
        await log.settle(`s|${newer}`, { status: 'pending', dueAt: T0 + 99, error: null }, T0 + 30);
        expect(await log.oldestPending()).toBe(T0 + 20);
        await log.settle(`s|${newer}`, { status: 'done' }, T0 + 40);
        expect(await log.oldestPending()).toBeUndefined();
        await log.redrive(`t|${older}`, T0 + 50);
        expect(await log.oldestPending()).toBe(T0 + 10);
      });
    });

    describeEventQueries(() => log);

    it.skipIf(!hooks.reopen)('keeps events and deliveries across close and reopen; seqs and deduplication go on', async () => {
      const [a, b] = await log.append([cloudEvent('a', { data: { x: 'é' } }), cloudEvent('b')], T0, routeTo('s'));
      await log.settle(`s|${a.seq}`, { status: 'dead', error: { title: 'no' } }, T0 + 1);
      const before = { events: await log.list({}), due: await log.due(T0, 10), dead: await log.dead() };
      await handle.close();
      handle = await hooks.reopen!(handle);
      log = handle.store;
      expect({ events: await log.list({}), due: await log.due(T0, 10), dead: await log.dead() }).toEqual(before);
      expect(before.due.map((d) => d.seq)).toEqual([b.seq]);
      expect(await log.append([cloudEvent('a'), cloudEvent('c')], T0 + 2, routeTo())).toEqual([
        { seq: a.seq, duplicate: true },
        { seq: expect.any(Number), duplicate: false },
      ]);
      expect((await log.list({ limit: 1 }))[0].seq).toBeGreaterThan(b.seq);
    });
  });
}
