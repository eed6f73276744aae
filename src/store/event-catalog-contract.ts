/**
 * The ONE contract suite every EventCatalog adapter runs (DESIGN.md §9). Like ./contract.ts it imports
 * vitest, so it is imported from tests only, never from ./index.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EventCatalog, Subscription, Webhook } from '../ports/index.js';
import { STORE_ERROR_CODES } from './errors.js';

export interface EventCatalogHandle {
  store: EventCatalog;
  /** Releases what `make` opened (the owning Store). */
  close(): Promise<void>;
}

export interface EventCatalogHooks {
  /** Opens the same storage again after `closed` was closed; the durability test skips without it. */
  reopen?: (closed: EventCatalogHandle) => Promise<EventCatalogHandle>;
}

const T0 = 1_700_000_000_000;

export function subscription(name: string, over: Partial<Subscription> = {}): Subscription {
  return { name, filter: { type: 'order.created' }, target: { workflow: { namespace: 'shop', name: 'fulfil' } }, createdAt: T0, ...over };
}

export function webhook(path: string, over: Partial<Webhook> = {}): Webhook {
  return { path, target: { function: { name: 'charge' } }, respond: 'async', owner: 'function:charge', ...over };
}

const SCHEMA = { type: 'object', properties: { n: { type: 'integer', minimum: -0 } }, required: ['n'], gone: undefined };
const SCHEMA_READ = { type: 'object', properties: { n: { type: 'integer', minimum: 0 } }, required: ['n'] };

export function eventCatalogContract(name: string, make: () => Promise<EventCatalogHandle>, hooks: EventCatalogHooks = {}): void {
  describe(`EventCatalog contract: ${name}`, () => {
    let handle: EventCatalogHandle;
    let catalog: EventCatalog;
    beforeEach(async () => {
      handle = await make();
      catalog = handle.store;
    });
    afterEach(async () => {
      await handle.close();
    });

    it('event types: put upserts by type, JSON schemas round-trip, list by type, delete says whether it deleted', async () => {
      await catalog.putType('order.paid', SCHEMA as never, T0);
      await catalog.putType('order.created', true, T0 + 1);
      expect(await catalog.getType('order.paid')).toEqual({ type: 'order.paid', schema: SCHEMA_READ, updatedAt: T0 });
      const minimum = ((await catalog.getType('order.paid'))!.schema as typeof SCHEMA_READ).properties.n.minimum;
      expect(Object.is(minimum, 0)).toBe(true);
      await catalog.putType('order.paid', { type: 'object' }, T0 + 5);
      expect(await catalog.getType('order.paid')).toEqual({ type: 'order.paid', schema: { type: 'object' }, updatedAt: T0 + 5 });
      expect(await catalog.listTypes()).toEqual([
        { type: 'order.created', schema: true, updatedAt: T0 + 1 },
        { type: 'order.paid', schema: { type: 'object' }, updatedAt: T0 + 5 },
      ]);
      expect(await catalog.deleteType('order.paid')).toBe(true);
      expect(await catalog.deleteType('order.paid')).toBe(false);
      expect(await catalog.getType('order.paid')).toBeUndefined();
      expect((await catalog.listTypes()).map((t) => t.type)).toEqual(['order.created']);
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

    it('webhooks: put inserts or replaces by path, fields round-trip, list by path, delete', async () => {
      const full = webhook('orders/in', {
        target: { workflow: { namespace: 'shop', name: 'intake' }, input: '.body' },
        secret: 'HOOK_KEY', schema: { type: 'object', required: ['id'] }, respond: 'sync', owner: 'workflow:shop/intake',
      });
      await catalog.putWebhook(full);
      await catalog.putWebhook(webhook('charge'));
      expect(await catalog.getWebhook('orders/in')).toEqual(full);
      const plain = await catalog.getWebhook('charge');
      expect(plain).toEqual(webhook('charge'));
      for (const field of ['secret', 'schema']) expect(plain).not.toHaveProperty(field);
      expect((await catalog.listWebhooks()).map((w) => w.path)).toEqual(['charge', 'orders/in']);
      await catalog.putWebhook(webhook('orders/in', { respond: 'async' }));
      expect(await catalog.getWebhook('orders/in')).toEqual(webhook('orders/in', { respond: 'async' }));
      expect(await catalog.deleteWebhook('charge')).toBe(true);
      expect(await catalog.deleteWebhook('charge')).toBe(false);
      expect(await catalog.getWebhook('charge')).toBeUndefined();
      expect(await catalog.listWebhooks()).toEqual([webhook('orders/in', { respond: 'async' })]);
    });

    it('keeps its own copies: mutating the caller’s objects before or after changes nothing', async () => {
      const s = subscription('s', { filter: { type: 't' } });
      const schema = { required: ['a'] };
      const writes = Promise.all([catalog.putSubscription(s), catalog.putType('t', schema, T0)]);
      s.filter.type = 'tampered';
      schema.required.push('b');
      await writes;
      expect((await catalog.getSubscription('s'))?.filter).toEqual({ type: 't' });
      const t = await catalog.getType('t');
      expect(t?.schema).toEqual({ required: ['a'] });
      (t!.schema as { required: string[] }).required.push('c');
      expect((await catalog.getType('t'))?.schema).toEqual({ required: ['a'] });
    });

    it('refuses malformed records and stores nothing', async () => {
      const refused = [
        catalog.putType('', {}, T0),
        catalog.putType('t', { n: 1n } as never, T0),
        catalog.putType('t', {}, Number.NaN),
        catalog.putSubscription(subscription('')),
        catalog.putSubscription(subscription('s', { filter: undefined as never })),
        catalog.putSubscription(subscription('s', { filter: { type: 5 as never } })),
        catalog.putSubscription(subscription('s', { target: { queue: 'x' } as never })),
        catalog.putSubscription(subscription('s', { target: { workflow: { namespace: 'shop' } } as never })),
        catalog.putSubscription(subscription('s', { maxAttempts: 0 })),
        catalog.putSubscription(subscription('s', { createdAt: Infinity })),
        catalog.putWebhook(webhook('')),
        catalog.putWebhook(webhook('h', { respond: 'later' as never })),
        catalog.putWebhook(webhook('h', { owner: undefined as never })),
        catalog.putWebhook(webhook('h', { target: { function: { name: '' } } })),
        catalog.putWebhook(webhook('h', { schema: { bad: 1n } as never })),
      ];
      for (const p of refused) await expect(p).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      expect(await catalog.listTypes()).toEqual([]);
      expect(await catalog.listSubscriptions()).toEqual([]);
      expect(await catalog.listWebhooks()).toEqual([]);
    });

    it.skipIf(!hooks.reopen)('keeps types, subscriptions and webhooks across close and reopen', async () => {
      await catalog.putType('t', { title: 'é' }, T0);
      await catalog.putSubscription(subscription('s', { maxAttempts: 2 }));
      await catalog.putWebhook(webhook('h', { secret: 'S' }));
      const before = [await catalog.listTypes(), await catalog.listSubscriptions(), await catalog.listWebhooks()];
      await handle.close();
      handle = await hooks.reopen!(handle);
      catalog = handle.store;
      expect([await catalog.listTypes(), await catalog.listSubscriptions(), await catalog.listWebhooks()]).toEqual(before);
      expect(before.map((list) => list.length)).toEqual([1, 1, 1]);
    });
  });
}
