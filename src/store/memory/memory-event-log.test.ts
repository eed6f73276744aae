import { describe, expect, it } from 'vitest';
import { STORE_ERROR_CODES } from '../errors.js';
import { deliveryQueueContract } from '../contracts/delivery-queue-contract.js';
import { T0, cloudEvent, eventLogContract, routeTo } from '../contracts/event-log-contract.js';
import { MemoryEventLog } from './memory-event-log.js';
import { MemoryStore } from './memory-store.js';

const standalone = async () => {
  const log = new MemoryEventLog();
  return { events: log, deliveries: log, close: async () => {} };
};
const owned = async () => {
  const owner = new MemoryStore();
  return { events: owner.events, deliveries: owner.deliveries, close: () => owner.close() };
};
eventLogContract('memory (standalone)', standalone);
eventLogContract('memory (MemoryStore.events)', owned);
deliveryQueueContract('memory (standalone)', standalone);
deliveryQueueContract('memory (MemoryStore.deliveries)', owned);

describe('MemoryStore.events', () => {
  it('is closed with its store', async () => {
    const owner = new MemoryStore();
    await owner.close();
    await expect(owner.events.append([cloudEvent('a')], T0, routeTo())).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(owner.deliveries.due(T0, 10)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(owner.deliveries.oldestPending()).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
