import { describe, expect, it } from 'vitest';
import { STORE_ERROR_CODES } from '../errors.js';
import { apiKey, keyStoreContract } from '../contracts/key-store-contract.js';
import { MemoryKeyStore } from './memory-key-store.js';
import { MemoryStore } from './memory-store.js';

keyStoreContract('memory (standalone)', async () => ({ store: new MemoryKeyStore(), close: async () => {} }));
keyStoreContract('memory (MemoryStore.keys)', async () => {
  const owner = new MemoryStore();
  return { store: owner.keys, close: () => owner.close() };
});

describe('MemoryStore.keys', () => {
  it('is closed with its store', async () => {
    const owner = new MemoryStore();
    await owner.close();
    await expect(owner.keys.put(apiKey('k1'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(owner.keys.countActive(0)).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
