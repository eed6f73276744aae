import { runStoreContract } from '../contracts/run-store-contract.js';
import { timerStoreContract } from '../contracts/timer-store-contract.js';
import { MemoryStore } from './memory-store.js';

runStoreContract('memory', async () => new MemoryStore());
timerStoreContract('memory', async () => new MemoryStore());
