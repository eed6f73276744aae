import { describe, expect, it } from 'vitest';
import { STORE_ERROR_CODES } from '../errors.js';
import { eventCatalogContract, subscription, webhook } from '../event-catalog-contract.js';
import { MemoryEventCatalog } from './memory-event-catalog.js';
import { MemoryStore } from './memory-store.js';

eventCatalogContract('memory (standalone)', async () => ({ store: new MemoryEventCatalog(), close: async () => {} }));
eventCatalogContract('memory (MemoryStore.eventCatalog)', async () => {
  const owner = new MemoryStore();
  return { store: owner.eventCatalog, close: () => owner.close() };
});

describe('MemoryStore.eventCatalog', () => {
  it('is closed with its store', async () => {
    const owner = new MemoryStore();
    await owner.close();
    await expect(owner.eventCatalog.putSubscription(subscription('s'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(owner.eventCatalog.getWebhook(webhook('h').path)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(owner.eventCatalog.listTypes()).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
