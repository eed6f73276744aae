import { secretStoreContract } from '../contracts/secret-store-contract.js';
import { MemoryStore } from './memory-store.js';

secretStoreContract('memory', async () => {
  const store = new MemoryStore();
  return { store: store.secrets, close: () => store.close() };
});
