/**
 * The ONE contract suite every SubscriptionStore adapter runs (DESIGN.md §9): subscriptions, by name. Like ./run-store-contract.ts it
 * imports vitest, so it is imported from tests only, never from ../index.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Subscription, SubscriptionStore } from '../../ports/index.js';
import { STORE_ERROR_CODES } from '../errors.js';

export interface SubscriptionStoreHandle {
  subscriptions: SubscriptionStore;
  /** Releases what `make` opened (the owning Store). */
  close(): Promise<void>;
}

export interface SubscriptionStoreHooks {
  /** Opens the same storage again after `closed` was closed; the durability test skips without it. */
  reopen?: (closed: SubscriptionStoreHandle) => Promise<SubscriptionStoreHandle>;
}

const T0 = 1_700_000_000_000;

export function subscription(name: string, over: Partial<Subscription> = {}): Subscription {
  return { name, filter: { type: 'order.created' }, target: { workflow: { namespace: 'shop', name: 'fulfil' } }, createdAt: T0, ...over };
}

export function subscriptionStoreContract(name: string, make: () => Promise<SubscriptionStoreHandle>, hooks: SubscriptionStoreHooks = {}): void {
  describe(`SubscriptionStore contract: ${name}`, () => {
    let handle: SubscriptionStoreHandle;
    let catalog: SubscriptionStore;
    beforeEach(async () => {
      handle = await make();
      catalog = handle.subscriptions;
    });
    afterEach(async () => {
      await handle.close();
    });

    it('subscriptions: put upserts by name, fields round-trip (absent ones stay absent), list by name, delete', async () => {
      const full = subscription('b-full', {
        filter: { type: 't', source: '/s', subject: 'x', condition: '.data.n > 1' },
        target: { workflow: { namespace: 'shop', name: 'fulfil', version: '1.2.0' }, input: '.data' },
        maxAttempts: 3,
      });
      const plain = subscription('a-plain', { target: { function: { name: 'charge', ref: 'live' } } });
      await catalog.putSubscription(full);
      await catalog.putSubscription(plain);
      expect(await catalog.getSubscription('b-full')).toEqual(full);
      const back = await catalog.getSubscription('a-plain');
      expect(back).toEqual(plain);
      expect(back).not.toHaveProperty('maxAttempts');
      expect(await catalog.listSubscriptions()).toEqual([plain, full]);
      const replaced = subscription('b-full', { filter: { source: '/other' }, createdAt: T0 + 9 });
      await catalog.putSubscription(replaced);
      expect(await catalog.getSubscription('b-full')).toEqual(replaced);
      expect(await catalog.deleteSubscription('a-plain')).toBe(true);
      expect(await catalog.deleteSubscription('a-plain')).toBe(false);
      expect(await catalog.getSubscription('a-plain')).toBeUndefined();
      expect(await catalog.listSubscriptions()).toEqual([replaced]);
    });

    it('keeps its own copy: mutating the caller’s subscription before or after changes nothing', async () => {
      const s = subscription('s', { filter: { type: 't' } });
      const write = catalog.putSubscription(s);
      s.filter.type = 'tampered';
      await write;
      const back = await catalog.getSubscription('s');
      expect(back?.filter).toEqual({ type: 't' });
      back!.filter.type = 'changed';
      expect((await catalog.getSubscription('s'))?.filter).toEqual({ type: 't' });
    });

    it('refuses malformed subscriptions and stores nothing', async () => {
      const refused = [
        catalog.putSubscription(subscription('')),
        catalog.putSubscription(subscription('s', { filter: undefined as never })),
        catalog.putSubscription(subscription('s', { filter: { type: 5 as never } })),
        catalog.putSubscription(subscription('s', { target: { queue: 'x' } as never })),
        catalog.putSubscription(subscription('s', { target: { workflow: { namespace: 'shop' } } as never })),
        catalog.putSubscription(subscription('s', { maxAttempts: 0 })),
        catalog.putSubscription(subscription('s', { createdAt: Infinity })),
      ];
      for (const p of refused) await expect(p).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      expect(await catalog.listSubscriptions()).toEqual([]);
    });

    it.skipIf(!hooks.reopen)('keeps subscriptions across close and reopen', async () => {
      await catalog.putSubscription(subscription('s', { maxAttempts: 2 }));
      const before = await catalog.listSubscriptions();
      await handle.close();
      handle = await hooks.reopen!(handle);
      catalog = handle.subscriptions;
      expect(await catalog.listSubscriptions()).toEqual(before);
      expect(before).toHaveLength(1);
    });
  });
}
