import { secretUsageStoreContract } from '../contracts/secret-usage-store-contract.js';
import { MemoryStore } from './memory-store.js';

secretUsageStoreContract('memory', async () => {
  const store = new MemoryStore();
  return { store: store.secretUsage, close: () => store.close() };
});
