import { runtimeContract } from './contract.js';
import { createWorkerRuntime } from './worker-runtime.js';

runtimeContract('worker threads', () => createWorkerRuntime());
