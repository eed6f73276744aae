/**
 * The ONE contract suite every SecretUsageStore adapter runs. Like ./secret-store-contract.ts it imports
 * vitest, so it is imported from tests only, never from ../index.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { SecretUsageRecord, SecretUsageStore } from '../../ports/index.js';
import { STORE_ERROR_CODES } from '../errors.js';

export interface SecretUsageStoreHandle {
  store: SecretUsageStore;
  /** Releases what `make` opened (the owning Store). */
  close(): Promise<void>;
}

export interface SecretUsageStoreHooks {
  /** Opens the same storage again after `closed` was closed; the durability test skips without it. */
  reopen?: (closed: SecretUsageStoreHandle) => Promise<SecretUsageStoreHandle>;
}

const T0 = 1_700_000_000_000;

export function usage(reader: string, over: Partial<SecretUsageRecord> = {}): SecretUsageRecord {
  return { namespace: 'shop', name: 'TOKEN', version: 1, kind: 'workflow', reader, firstAt: T0, lastAt: T0 + 10, count: 1, ...over };
}

export function secretUsageStoreContract(name: string, make: () => Promise<SecretUsageStoreHandle>, hooks: SecretUsageStoreHooks = {}): void {
  describe(`SecretUsageStore contract: ${name}`, () => {
    let handle: SecretUsageStoreHandle;
    let store: SecretUsageStore;
    beforeEach(async () => {
      handle = await make();
      store = handle.store;
    });
    afterEach(async () => {
      await handle.close();
    });

    it('reads back what was recorded, every field', async () => {
      const fn = usage('charge:1.0.0', { kind: 'function', version: 2, firstAt: T0 + 0.5, lastAt: T0 + 99.25, count: 7 });
      await store.record([fn]);
      expect(await store.list('shop', 'TOKEN')).toEqual([fn]);
      expect(await store.list('shop', 'OTHER')).toEqual([]);
      expect(await store.list('other', 'TOKEN')).toEqual([]);
    });

    it('adds counts and widens the first/last times of a row recorded again, in one batch or across batches', async () => {
      await store.record([usage('shop/charge:1.0.0', { firstAt: T0 + 5, lastAt: T0 + 6, count: 2 })]);
      await store.record([usage('shop/charge:1.0.0', { firstAt: T0 + 1, lastAt: T0 + 3, count: 3 }), usage('shop/charge:1.0.0', { firstAt: T0 + 7, lastAt: T0 + 9, count: 1 })]);
      expect(await store.list('shop', 'TOKEN')).toEqual([usage('shop/charge:1.0.0', { firstAt: T0 + 1, lastAt: T0 + 9, count: 6 })]);
    });

    it('keeps versions, kinds and readers apart; lists newest version first, then the latest read', async () => {
      const rows = [
        usage('shop/charge:1.0.0', { version: 1, lastAt: T0 + 50 }),
        usage('shop/charge:1.0.0', { version: 2, lastAt: T0 + 20 }),
        usage('charge:1.0.0', { version: 2, kind: 'function', lastAt: T0 + 30 }),
        usage('shop/refund:2.0.0', { version: 2, lastAt: T0 + 30 }),
        usage('/hooks/stripe', { version: 1, kind: 'webhook', lastAt: T0 + 40 }),
      ];
      await store.record(rows);
      expect((await store.list('shop', 'TOKEN')).map((r) => [r.version, r.kind, r.reader])).toEqual([
        [2, 'function', 'charge:1.0.0'],
        [2, 'workflow', 'shop/refund:2.0.0'],
        [2, 'workflow', 'shop/charge:1.0.0'],
        [1, 'workflow', 'shop/charge:1.0.0'],
        [1, 'webhook', '/hooks/stripe'],
      ]);
    });

    it('deletes one secret\'s rows only, and says how many', async () => {
      await store.record([usage('a:1.0.0', { kind: 'function' }), usage('shop/w:1', { version: 3 }), usage('shop/w:1', { name: 'OTHER' }), usage('shop/w:1', { namespace: 'ops' })]);
      expect(await store.delete('shop', 'TOKEN')).toBe(2);
      expect(await store.list('shop', 'TOKEN')).toEqual([]);
      expect(await store.list('shop', 'OTHER')).toHaveLength(1);
      expect(await store.list('ops', 'TOKEN')).toHaveLength(1);
      expect(await store.delete('shop', 'TOKEN')).toBe(0);
    });

    it('refuses a malformed entry (the whole batch), keeping nothing of it', async () => {
      const bad: Partial<SecretUsageRecord>[] = [{ count: 0 }, { count: 1.5 }, { version: 0 }, { kind: 'cron' as 'workflow' }, { reader: '' }, { firstAt: T0 + 20, lastAt: T0 }, { namespace: '' }, { lastAt: Number.NaN }];
      for (const over of bad) {
        await expect(store.record([usage('ok:1.0.0'), usage('x', over)])).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      }
      expect(await store.list('shop', 'TOKEN')).toEqual([]);
    });

    it('callers keep their objects: a row read back is a copy', async () => {
      const entry = usage('shop/w:1');
      await store.record([entry]);
      entry.count = 99;
      const [read] = await store.list('shop', 'TOKEN');
      expect(read.count).toBe(1);
      read.count = 42;
      expect((await store.list('shop', 'TOKEN'))[0].count).toBe(1);
    });

    it('an empty batch is fine', async () => {
      await store.record([]);
      expect(await store.list('shop', 'TOKEN')).toEqual([]);
    });

    it.skipIf(!hooks.reopen)('keeps what was recorded across a close and reopen', async () => {
      await store.record([usage('shop/w:1', { count: 4 })]);
      await handle.close();
      handle = await hooks.reopen!(handle);
      store = handle.store;
      expect(await store.list('shop', 'TOKEN')).toEqual([usage('shop/w:1', { count: 4 })]);
    });
  });
}
