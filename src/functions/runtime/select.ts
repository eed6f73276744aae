/**
 * Picks the function runtime at start: isolated-vm isolates when the native module loads and can run a
 * function, else worker threads, with a note the CLI/server prints once ("…and the server says so at start").
 */
import type { FunctionVersion } from '../../ports/index.js';
import type { IsolateMode } from './isolate-runtime.js';
import type { FunctionRuntime, HostContext } from './runtime.js';
import { createWorkerRuntime } from './worker-runtime.js';

export interface SelectOptions {
  /** Force a runtime (e.g. from configuration); default: the isolate runtime when available. */
  prefer?: 'isolate' | 'worker';
  /** See isolate-runtime.ts; default 'threaded'. */
  isolateMode?: IsolateMode;
  /** How the isolate runtime is loaded; tests replace it to simulate a missing isolated-vm. */
  loadIsolate?: () => Promise<typeof import('./isolate-runtime.js')>;
}

export const WORKER_FALLBACK_NOTE = 'isolated-vm is not available: functions run in worker threads';

/** The runtime chosen, and what to tell the operator about it (the worker fallback). `weft` itself starts
 * node with the flag isolated-vm asks for (src/cli/launch.ts). */
export interface RuntimeChoice {
  runtime: FunctionRuntime;
  note?: string;
}

export async function selectRuntime(options: SelectOptions = {}): Promise<RuntimeChoice> {
  if (options.prefer === 'worker') return { runtime: createWorkerRuntime(), note: 'functions run in worker threads (configured)' };
  try {
    // Imported lazily: a missing or broken native module must not break loading this file.
    const { createIsolateRuntime } = await (options.loadIsolate ?? (() => import('./isolate-runtime.js')))();
    const runtime = createIsolateRuntime({ mode: options.isolateMode });
    await probe(runtime);
    return { runtime };
  } catch (err) {
    return { runtime: createWorkerRuntime(), note: `${WORKER_FALLBACK_NOTE} (${err instanceof Error ? err.message.split('\n')[0] : String(err)})` };
  }
}

/** Loading is not enough: the native module may be built for another ABI, or isolates may fail to start. */
async function probe(runtime: FunctionRuntime): Promise<void> {
  const code = 'var __weft = { default: (input) => input };';
  const manifest = { name: 'probe', version: '0.0.0', memoryMb: 8, timeoutMs: 1_000, maxConcurrency: 1, minWarm: 0, idleMs: 0, egress: [], secrets: [] };
  const version: FunctionVersion = { name: 'probe', version: '0.0.0', hash: '', size: code.length, code, manifest, createdAt: 0 };
  const ctx: HostContext = {
    invocationId: 'probe', idempotencyKey: 'probe', deadline: Date.now() + 1_000,
    fetch: () => Promise.reject(new Error('no egress')), secret: () => undefined, log: () => {}, emit: async () => {},
  };
  const instance = await runtime.create(version);
  try {
    if ((await instance.invoke(42, ctx)) !== 42) throw new Error('isolated-vm probe returned a wrong result');
  } finally {
    instance.dispose();
  }
}
