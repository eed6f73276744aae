import { describe, expect, it } from 'vitest';
import { STORE_ERROR_CODES } from '../errors.js';
import { workflowRecord, workflowStoreContract } from '../contracts/workflow-store-contract.js';
import { MemoryStore } from './memory-store.js';
import { MemoryWorkflowStore } from './memory-workflow-store.js';

workflowStoreContract('memory (standalone)', async () => ({ store: new MemoryWorkflowStore(), close: async () => {} }));
workflowStoreContract('memory (MemoryStore.workflows)', async () => {
  const owner = new MemoryStore();
  return { store: owner.workflows, close: () => owner.close() };
});

describe('MemoryStore.workflows', () => {
  it('is closed with its store', async () => {
    const owner = new MemoryStore();
    await owner.close();
    await expect(owner.workflows.put(workflowRecord('shop', 'order', '1.0.0'))).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
    await expect(owner.workflows.get('shop', 'order')).rejects.toMatchObject({ code: STORE_ERROR_CODES.closed });
  });
});
