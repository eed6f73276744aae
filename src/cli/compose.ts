/**
 * The only place that wires concrete adapters together (DESIGN.md §2): store, clock, HTTP client with
 * its egress policy, event bus, ids, secrets, the function runtime, and the platform façade (workflows,
 * runs, functions) that the CLI and the HTTP API share; API keys and the audit log for the server.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Engine, type EngineOptions, type Platform, Runs, type WorkflowRegistry, Workflows, storeRegistry } from '../engine/index.js';
import { MemoryBus } from '../events/memory-bus.js';
import { FunctionCatalog } from '../functions/catalog.js';
import { FunctionInvoker, type InvocationInfo } from '../functions/invoker.js';
import { createScriptRunner } from '../functions/script-runner.js';
import { type IsolateMode, type RuntimeChoice, selectRuntime } from '../functions/runtime/index.js';
import { ApiKeys, AuditLog } from '../security/index.js';
import { type EgressPolicy, functionEgress, policyFromEnv } from '../security/egress.js';
import { type HttpCallInfo, createHttpClient } from '../security/http-client.js';
import { SqliteStore } from '../store/index.js';
import { systemClock } from './adapters/system-clock.js';
import { uuidv7 } from './adapters/uuid7.js';

export interface ComposeOptions {
  /** SQLite file, or ':memory:'. */
  db: string;
  egress?: EgressPolicy['mode'];
  /** Definitions `run: workflow` can start (default: the registered workflows). */
  registry?: WorkflowRegistry;
  /** Told once when functions fall back to worker threads (isolated-vm unavailable). */
  onNote?: (note: string) => void;
  onLifecycle?: EngineOptions['onLifecycle'];
  onInvocation?: (info: InvocationInfo) => void;
  onHttpCall?: (info: HttpCallInfo) => void;
  /** Isolates run on the calling thread (`inline`, fastest for short calls) or on isolated-vm's threads. */
  isolateMode?: IsolateMode;
}

export interface Composed {
  engine: Engine;
  functions: FunctionInvoker;
  store: SqliteStore;
  bus: MemoryBus;
  platform: Platform;
  keys: ApiKeys;
  audit: AuditLog;
  /** Loads the function runtime now (it is otherwise loaded at the first call) and says which one it is. */
  functionRuntime(): Promise<RuntimeChoice>;
  close(): Promise<void>;
}

/** Secrets for workflows come from `WEFT_SECRET_<NAME>` variables (a vault arrives with the security issue). */
function envSecrets(env = process.env): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(env)) if (k.startsWith('WEFT_SECRET_') && v !== undefined) out[k.slice(12)] = v;
  return out;
}

export function compose(o: ComposeOptions): Composed {
  if (o.db !== ':memory:') mkdirSync(dirname(o.db), { recursive: true });
  const store = SqliteStore.open(o.db);
  const bus = new MemoryBus();
  const secrets = envSecrets();
  let choice: Promise<RuntimeChoice> | undefined;
  const functionRuntime = () =>
    (choice ??= selectRuntime({ isolateMode: o.isolateMode ?? 'inline' }).then((r) => {
      // The worker fallback matters to users; the isolate runtime's flag advice is in the docs instead.
      if (r.note && r.runtime.kind === 'worker') o.onNote?.(r.note);
      return r;
    }));
  const functions = new FunctionInvoker({
    store: store.functions,
    runtime: async () => (await functionRuntime()).runtime,
    bus,
    secrets: { all: () => secrets },
    egress: functionEgress(policyFromEnv('restricted').allow),
    newId: () => uuidv7(),
    onInvocation: o.onInvocation,
  });
  const engine = new Engine({
    store,
    clock: systemClock,
    http: createHttpClient(policyFromEnv(o.egress ?? 'open'), { onCall: o.onHttpCall }),
    bus,
    ids: { newId: () => uuidv7() },
    secrets: { all: () => secrets },
    registry: o.registry ?? storeRegistry(store.workflows),
    functions,
    scripts: createScriptRunner({ runtime: async () => (await functionRuntime()).runtime, newId: () => uuidv7() }),
    onLifecycle: o.onLifecycle,
  });
  const workflows = new Workflows({ store: store.workflows, clock: systemClock });
  const platform: Platform = {
    workflows,
    runs: new Runs({ engine, store, workflows, clock: systemClock, secrets: () => secrets }),
    functions: new FunctionCatalog({ store: store.functions, invoker: functions }),
  };
  return {
    engine,
    functions,
    store,
    bus,
    platform,
    keys: new ApiKeys(store.keys),
    audit: new AuditLog(store.audit),
    functionRuntime,
    async close() {
      engine.stop();
      await functions.close();
      await store.close();
    },
  };
}
