import { describe, expect, it } from 'vitest';
import { STORE_ERROR_CODES } from '../errors.js';
import { functionStoreContract, functionVersion } from '../function-store-contract.js';
import { MemoryFunctionStore } from './memory-function-store.js';
import { MemoryStore } from './memory-store.js';

functionStoreContract('memory (standalone)', async () => ({ store: new MemoryFunctionStore(), close: async () => {} }));
functionStoreContract('memory (MemoryStore.functions)', async () => {
  const owner = new MemoryStore();
  return { store: owner.functions, close: () => owner.close() };
});

describe('MemoryStore.functions', () => {
  it('is closed with its store', async () => {
    const owner = new MemoryStore();
    await owner.close();
    await expect(owner.functions.putVersion(functionVersion('f', '1.0.0'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(owner.functions.listVersions()).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
