import { runtimeContract } from './contract.js';
import { createIsolateRuntime } from './isolate-runtime.js';

runtimeContract('isolated-vm (threaded)', () => createIsolateRuntime());
runtimeContract('isolated-vm (inline)', () => createIsolateRuntime({ mode: 'inline' }));
