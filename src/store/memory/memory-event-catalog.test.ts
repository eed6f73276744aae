import { describe, expect, it } from 'vitest';
import { STORE_ERROR_CODES } from '../errors.js';
import { eventTypeStoreContract } from '../contracts/event-type-store-contract.js';
import { subscription, subscriptionStoreContract } from '../contracts/subscription-store-contract.js';
import { webhook, webhookStoreContract } from '../contracts/webhook-store-contract.js';
import { MemoryEventCatalog } from './memory-event-catalog.js';
import { MemoryStore } from './memory-store.js';

// One adapter object behind the three catalog ports; each port's suite runs on it, standalone and in a MemoryStore.
const standalone = async () => {
  const catalog = new MemoryEventCatalog();
  return { eventTypes: catalog, subscriptions: catalog, webhooks: catalog, close: async () => {} };
};
const owned = async () => {
  const owner = new MemoryStore();
  return { eventTypes: owner.eventTypes, subscriptions: owner.subscriptions, webhooks: owner.webhooks, close: () => owner.close() };
};
for (const [name, make] of [['memory (standalone)', standalone], ['memory (MemoryStore)', owned]] as const) {
  eventTypeStoreContract(name, make);
  subscriptionStoreContract(name, make);
  webhookStoreContract(name, make);
}

describe('MemoryStore.eventTypes, subscriptions, webhooks', () => {
  it('is closed with its store', async () => {
    const owner = new MemoryStore();
    await owner.close();
    await expect(owner.subscriptions.putSubscription(subscription('s'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(owner.webhooks.getWebhook(webhook('h').path)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(owner.eventTypes.listTypes()).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
