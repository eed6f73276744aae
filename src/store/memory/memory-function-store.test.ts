import { describe, expect, it } from 'vitest';
import { STORE_ERROR_CODES } from '../errors.js';
import { functionStoreContract, functionVersion } from '../contracts/function-store-contract.js';
import { invocationStoreContract } from '../contracts/invocation-store-contract.js';
import { MemoryFunctionStore } from './memory-function-store.js';
import { MemoryStore } from './memory-store.js';

functionStoreContract('memory (standalone)', async () => ({ store: new MemoryFunctionStore(), close: async () => {} }));
functionStoreContract('memory (MemoryStore.functions)', async () => {
  const owner = new MemoryStore();
  return { store: owner.functions, close: () => owner.close() };
});
invocationStoreContract('memory (standalone)', async () => ({ invocations: new MemoryFunctionStore(), close: async () => {} }));
invocationStoreContract('memory (MemoryStore.invocations)', async () => {
  const owner = new MemoryStore();
  return { invocations: owner.invocations, close: () => owner.close() };
});

describe('MemoryStore.functions', () => {
  it('is closed with its store', async () => {
    const owner = new MemoryStore();
    await owner.close();
    await expect(owner.functions.putVersion(functionVersion('f', '1.0.0'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(owner.functions.listVersions()).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
