import { describe, expect, it } from 'vitest';
import { STORE_ERROR_CODES } from '../errors.js';
import { scheduleStoreContract } from '../contracts/schedule-store-contract.js';
import { MemoryScheduleStore } from './memory-schedule-store.js';
import { MemoryStore } from './memory-store.js';

scheduleStoreContract('memory (standalone)', async () => ({ store: new MemoryScheduleStore(), close: async () => {} }));
scheduleStoreContract('memory (MemoryStore.schedules)', async () => {
  const owner = new MemoryStore();
  return { store: owner.schedules, close: () => owner.close() };
});

describe('MemoryStore.schedules', () => {
  it('is closed with its store', async () => {
    const owner = new MemoryStore();
    await owner.close();
    await expect(owner.schedules.claim('k', 1, 1)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(owner.schedules.list()).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
