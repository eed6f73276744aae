/**
 * The ONE contract suite every WebhookStore adapter runs (DESIGN.md §9): webhooks, by path. Like ./run-store-contract.ts it
 * imports vitest, so it is imported from tests only, never from ../index.ts.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Webhook, WebhookStore } from '../../ports/index.js';
import { STORE_ERROR_CODES } from '../errors.js';

export interface WebhookStoreHandle {
  webhooks: WebhookStore;
  /** Releases what `make` opened (the owning Store). */
  close(): Promise<void>;
}

export interface WebhookStoreHooks {
  /** Opens the same storage again after `closed` was closed; the durability test skips without it. */
  reopen?: (closed: WebhookStoreHandle) => Promise<WebhookStoreHandle>;
}


export function webhook(path: string, over: Partial<Webhook> = {}): Webhook {
  return { path, target: { function: { name: 'charge' } }, respond: 'async', owner: 'function:charge', ...over };
}

export function webhookStoreContract(name: string, make: () => Promise<WebhookStoreHandle>, hooks: WebhookStoreHooks = {}): void {
  describe(`WebhookStore contract: ${name}`, () => {
    let handle: WebhookStoreHandle;
    let catalog: WebhookStore;
    beforeEach(async () => {
      handle = await make();
      catalog = handle.webhooks;
    });
    afterEach(async () => {
      await handle.close();
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

    it('refuses malformed webhooks and stores nothing', async () => {
      const refused = [
        catalog.putWebhook(webhook('')),
        catalog.putWebhook(webhook('h', { respond: 'later' as never })),
        catalog.putWebhook(webhook('h', { owner: undefined as never })),
        catalog.putWebhook(webhook('h', { target: { function: { name: '' } } })),
        catalog.putWebhook(webhook('h', { schema: { bad: 1n } as never })),
      ];
      for (const p of refused) await expect(p).rejects.toMatchObject({ code: STORE_ERROR_CODES.invalid });
      expect(await catalog.listWebhooks()).toEqual([]);
    });

    it.skipIf(!hooks.reopen)('keeps webhooks across close and reopen', async () => {
      await catalog.putWebhook(webhook('h', { secret: 'S' }));
      const before = await catalog.listWebhooks();
      await handle.close();
      handle = await hooks.reopen!(handle);
      catalog = handle.webhooks;
      expect(await catalog.listWebhooks()).toEqual(before);
      expect(before).toHaveLength(1);
    });
  });
}
