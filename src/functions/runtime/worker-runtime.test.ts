import { runtimeContract } from './contracts/runtime-contract.js';
import { createWorkerRuntime } from './worker-runtime.js';

runtimeContract('worker threads', () => createWorkerRuntime());
