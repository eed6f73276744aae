/** An engine on an in-memory store with a virtual clock, recording lifecycle events; optional functions. */
import { Engine } from '../../src/engine/index.js';
import { type CloudEvent, type FunctionRunner, type HttpClient, type WorkflowRegistry } from '../../src/ports/index.js';
import { FunctionInvoker } from '../../src/functions/invoker.js';
import { deployFunction } from '../../src/functions/packaging/index.js';
import { selectRuntime } from '../../src/functions/runtime/index.js';
import { functionEgress } from '../../src/security/index.js';
import { MemoryBus } from '../../src/events/memory-bus.js';
import { MemoryStore } from '../../src/store/index.js';
import { FakeClock } from './fake-clock.js';

type DeployedFunction = { manifest: Record<string, unknown>; code: string };

/** A FunctionInvoker over the store's function store, on inline isolates, with no network egress. */
export function testInvoker(store: MemoryStore, bus: MemoryBus): FunctionInvoker {
  let n = 0;
  return new FunctionInvoker({
    store: store.functions,
    invocations: store.invocations,
    runtime: async () => (await selectRuntime({ isolateMode: 'inline' })).runtime,
    bus,
    egress: functionEgress([]),
    newId: () => `fn-${++n}`,
  });
}

/** A runner for the given functions: they are deployed into the store's function store before the first call. */
function functionRunner(store: MemoryStore, bus: MemoryBus, functions: DeployedFunction[] | undefined): FunctionRunner | undefined {
  if (!functions?.length) return undefined;
  const invoker = testInvoker(store, bus);
  const deployed = Promise.all(functions.map((f) => deployFunction(store.functions, { files: { 'index.ts': f.code }, entry: 'index.ts' }, f.manifest, 0)));
  return { invoke: async (req) => (await deployed, invoker.invoke(req)) };
}

export function testEngine(opts: { http?: HttpClient; secrets?: Record<string, string>; registry?: WorkflowRegistry; functions?: DeployedFunction[]; store?: MemoryStore; maxTransitions?: number } = {}) {
  const clock = new FakeClock();
  const store = opts.store ?? new MemoryStore();
  const bus = new MemoryBus();
  const lifecycle: CloudEvent[] = [];
  let n = 0;
  const engine = new Engine({
    store,
    clock,
    bus,
    http: opts.http ?? { request: async () => ({ status: 599, headers: {}, body: 'no HTTP in this test' }) },
    ids: { newId: () => `id-${++n}` },
    secrets: { all: () => opts.secrets ?? {} },
    registry: opts.registry,
    functions: functionRunner(store, bus, opts.functions),
    onLifecycle: (e) => lifecycle.push(e),
    ...(opts.maxTransitions ? { maxTransitions: opts.maxTransitions } : {}),
  });
  return { engine, clock, store, bus, lifecycle };
}
