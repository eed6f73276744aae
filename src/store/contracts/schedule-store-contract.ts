/**
 * The ONE contract suite every ScheduleStore adapter runs (DESIGN.md §9). Like ./run-store-contract.ts it imports
 * vitest, so it is imported from tests only, never from ../index.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ScheduleStore } from '../../ports/index.js';
import { STORE_ERROR_CODES } from '../errors.js';

export interface ScheduleStoreHandle {
  store: ScheduleStore;
  /** Releases what `make` opened (the owning Store). */
  close(): Promise<void>;
}

export interface ScheduleStoreHooks {
  /** Opens the same storage again after `closed` was closed; the durability test skips without it. */
  reopen?: (closed: ScheduleStoreHandle) => Promise<ScheduleStoreHandle>;
}

const T0 = 1_700_000_000_000;
const MINUTE = 60_000;

export function scheduleStoreContract(name: string, make: () => Promise<ScheduleStoreHandle>, hooks: ScheduleStoreHooks = {}): void {
  describe(`ScheduleStore contract: ${name}`, () => {
    let handle: ScheduleStoreHandle;
    let store: ScheduleStore;
    beforeEach(async () => {
      handle = await make();
      store = handle.store;
    });
    afterEach(async () => {
      await handle.close();
    });

    it('a key without state reads as undefined; its first claim wins and records the slot', async () => {
      expect(await store.get('shop/nightly')).toBeUndefined();
      expect(await store.claim('shop/nightly', T0, T0 + 5)).toBe(true);
      expect(await store.get('shop/nightly')).toEqual({ key: 'shop/nightly', lastSlot: T0, updatedAt: T0 + 5 });
    });

    it('a claim wins only for a slot later than the last one; a lost claim changes nothing', async () => {
      await store.claim('k', T0 + MINUTE, T0 + MINUTE);
      expect(await store.claim('k', T0 + MINUTE, T0 + MINUTE + 1)).toBe(false);
      expect(await store.claim('k', T0, T0 + MINUTE + 2)).toBe(false);
      expect(await store.get('k')).toEqual({ key: 'k', lastSlot: T0 + MINUTE, updatedAt: T0 + MINUTE });
      expect(await store.claim('k', T0 + MINUTE + 0.5, T0 + 2 * MINUTE)).toBe(true);
      expect(await store.get('k')).toEqual({ key: 'k', lastSlot: T0 + MINUTE + 0.5, updatedAt: T0 + 2 * MINUTE });
    });

    it('of concurrent claims of one slot exactly one wins; claims of one turn apply in call order', async () => {
      const same = await Promise.all(Array.from({ length: 10 }, (_, i) => store.claim('k', T0, T0 + i)));
      expect(same.filter(Boolean)).toHaveLength(1);
      expect(same[0]).toBe(true);
      const mixed = await Promise.all([store.claim('k', T0 + 5, T0), store.claim('k', T0 + 10, T0), store.claim('k', T0 + 7, T0)]);
      expect(mixed).toEqual([true, true, false]);
      expect((await store.get('k'))?.lastSlot).toBe(T0 + 10);
    });

    it('keys are independent; list is ordered by key', async () => {
      await store.claim('shop/b', T0, T0);
      await store.claim('shop/a', T0 + 1, T0 + 2);
      await store.claim('billing/z', T0, T0);
      expect(await store.claim('shop/b', T0 + 1, T0 + 3)).toBe(true);
      expect(await store.list()).toEqual([
        { key: 'billing/z', lastSlot: T0, updatedAt: T0 },
        { key: 'shop/a', lastSlot: T0 + 1, updatedAt: T0 + 2 },
        { key: 'shop/b', lastSlot: T0 + 1, updatedAt: T0 + 3 },
      ]);
    });

    it('refuses malformed claims and stores nothing', async () => {
      for (const [key, slot, at] of [['', T0, T0], [7, T0, T0], ['k', Number.NaN, T0], ['k', T0, Infinity], ['k', '1', T0]]) {
        await expect(store.claim(key as string, slot as number, at as number)).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      }
      expect(await store.list()).toEqual([]);
    });

    it.skipIf(!hooks.reopen)('keeps schedule state across close and reopen; a claimed slot stays claimed', async () => {
      await store.claim('shop/nightly', T0, T0 + 1);
      await handle.close();
      handle = await hooks.reopen!(handle);
      store = handle.store;
      expect(await store.list()).toEqual([{ key: 'shop/nightly', lastSlot: T0, updatedAt: T0 + 1 }]);
      expect(await store.claim('shop/nightly', T0, T0 + 2)).toBe(false);
      expect(await store.claim('shop/nightly', T0 + MINUTE, T0 + 2)).toBe(true);
    });
  });
}
