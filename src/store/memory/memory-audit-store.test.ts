import { describe, expect, it } from 'vitest';
import { auditStoreContract, sealWith } from '../contracts/audit-store-contract.js';
import { STORE_ERROR_CODES } from '../errors.js';
import { MemoryAuditStore } from './memory-audit-store.js';
import { MemoryStore } from './memory-store.js';

auditStoreContract('memory (standalone)', async () => ({ store: new MemoryAuditStore(), close: async () => {} }));
auditStoreContract('memory (MemoryStore.audit)', async () => {
  const owner = new MemoryStore();
  return { store: owner.audit, close: () => owner.close() };
});

describe('MemoryStore.audit', () => {
  it('is closed with its store', async () => {
    const owner = new MemoryStore();
    await owner.close();
    await expect(owner.audit.append(sealWith())).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(owner.audit.all()).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
