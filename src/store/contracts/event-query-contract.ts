/**
 * Part of the EventLog contract suite (./event-log-contract.ts calls it inside `eventLogContract`): every
 * EventQuery field of `list`, its two orders and its limits. A separate file only to keep the suite readable.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { EventLog, EventQuery } from '../../ports/index.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { T0, cloudEvent, routeTo } from './event-fixtures.js';

/** `current` returns the suite's current log (it is reopened by some tests). */
export function describeEventQueries(current: () => EventLog): void {
  let log: EventLog;
  beforeEach(() => {
    log = current();
  });

  describe('list', () => {
    /** a…f with receivedAt T0, T0+10, …; types and sources alternate. */
    async function six(): Promise<void> {
      for (const [i, id] of ['a', 'b', 'c', 'd', 'e', 'f'].entries()) {
        await log.append([cloudEvent(id, { type: i % 2 ? 'order.paid' : 'order.created', source: i < 3 ? '/shop' : '/billing' })], T0 + 10 * i, routeTo());
      }
    }
    const ids = async (q: EventQuery) => (await log.list(q)).map((e) => e.event.id);

    it('browses newest first, filtered by type, source and since (inclusive), and limited', async () => {
      await six();
      expect(await ids({})).toEqual(['f', 'e', 'd', 'c', 'b', 'a']);
      expect(await ids({ type: 'order.paid' })).toEqual(['f', 'd', 'b']);
      expect(await ids({ source: '/billing' })).toEqual(['f', 'e', 'd']);
      expect(await ids({ type: 'order.created', source: '/shop' })).toEqual(['c', 'a']);
      expect(await ids({ since: T0 + 30 })).toEqual(['f', 'e', 'd']);
      expect(await ids({ since: T0 + 31, type: 'order.paid' })).toEqual(['f']);
      expect(await ids({ limit: 2 })).toEqual(['f', 'e']);
      expect(await ids({ limit: 0 })).toEqual([]);
      expect(await ids({ type: 'nothing' })).toEqual([]);
      const [f] = await log.list({ limit: 1 });
      expect(f).toEqual({ seq: f.seq, receivedAt: T0 + 50, event: cloudEvent('f', { type: 'order.paid', source: '/billing' }) });
    });

    it('tails with afterSeq: only later events, oldest first, with the same filters', async () => {
      await six();
      const all = (await log.list({})).reverse();
      const after = (i: number) => all[i].seq;
      expect(await ids({ afterSeq: 0 })).toEqual(['a', 'b', 'c', 'd', 'e', 'f']);
      expect(await ids({ afterSeq: after(1) })).toEqual(['c', 'd', 'e', 'f']);
      expect(await ids({ afterSeq: after(1), limit: 2 })).toEqual(['c', 'd']);
      expect(await ids({ afterSeq: after(1), type: 'order.paid' })).toEqual(['d', 'f']);
      expect(await ids({ afterSeq: after(1), source: '/shop' })).toEqual(['c']);
      expect(await ids({ afterSeq: after(0), since: T0 + 40 })).toEqual(['e', 'f']);
      expect(await ids({ afterSeq: after(5) })).toEqual([]);
    });

    it('lists 100 events unless told otherwise, and never more than 1,000', async () => {
      for (let batch = 0; batch < 11; batch++) {
        const events = Array.from({ length: batch < 10 ? 100 : 5 }, (_, i) => cloudEvent(`e${batch * 100 + i}`));
        await log.append(events, T0 + batch, routeTo());
      }
      const page = await log.list({});
      expect(page).toHaveLength(100);
      expect(page[0].event.id).toBe('e1004');
      const big = await log.list({ limit: 5000 });
      expect(big).toHaveLength(1000);
      expect(big.at(-1)?.event.id).toBe('e5');
      expect((await log.list({ afterSeq: 0, limit: 5000 })).at(-1)?.event.id).toBe('e999');
    });

    it('refuses malformed queries', async () => {
      for (const q of [{ limit: -1 }, { limit: 1.5 }, { since: Number.NaN }, { afterSeq: Infinity }, { type: 3 }, { source: null }]) {
        await expect(log.list(q as never)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      }
    });
  });
}
