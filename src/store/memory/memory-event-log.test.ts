import { describe, expect, it } from 'vitest';
import { STORE_ERROR_CODES } from '../errors.js';
import { T0, cloudEvent, eventLogContract, routeTo } from '../event-log-contract.js';
import { MemoryEventLog } from './memory-event-log.js';
import { MemoryStore } from './memory-store.js';

eventLogContract('memory (standalone)', async () => ({ store: new MemoryEventLog(), close: async () => {} }));
eventLogContract('memory (MemoryStore.events)', async () => {
  const owner = new MemoryStore();
  return { store: owner.events, close: () => owner.close() };
});

describe('MemoryStore.events', () => {
  it('is closed with its store', async () => {
    const owner = new MemoryStore();
    await owner.close();
    await expect(owner.events.append([cloudEvent('a')], T0, routeTo())).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(owner.events.due(T0, 10)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(owner.events.oldestPending()).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
