/**
 * The only place that wires concrete adapters together (DESIGN.md §2): store, clock, HTTP client with
 * its egress policy, event bus, ids, secrets.
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { Engine, type EngineOptions, MemoryRegistry } from '../engine/index.js';
import type { Store } from '../engine/ports.js';
import { MemoryBus } from '../events/memory-bus.js';
import { FunctionInvoker } from '../functions/invoker.js';
import { createScriptRunner } from '../functions/script-runner.js';
import { selectRuntime } from '../functions/runtime/index.js';
import { type EgressPolicy, functionEgress, policyFromEnv } from '../security/egress.js';
import { createHttpClient } from '../security/http-client.js';
import { SqliteStore } from '../store/index.js';
import { systemClock } from './adapters/system-clock.js';
import { uuidv7 } from './adapters/uuid7.js';

export interface ComposeOptions {
  /** SQLite file, or ':memory:'. */
  db: string;
  egress?: EgressPolicy['mode'];
  /** Definitions `run: workflow` can start. */
  registry?: MemoryRegistry;
  /** Told once when functions fall back to worker threads (isolated-vm unavailable). */
  onNote?: (note: string) => void;
  onLifecycle?: EngineOptions['onLifecycle'];
}

export interface Composed {
  engine: Engine;
  functions: FunctionInvoker;
  store: Store;
  bus: MemoryBus;
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
  // Inline isolates: the fastest calls for a CLI process (a server would keep the threaded default).
  let runtime: ReturnType<typeof selectRuntime> | undefined;
  const functionRuntime = async () =>
    (
      await (runtime ??= selectRuntime({ isolateMode: 'inline' }).then((r) => {
        // The worker fallback matters to users; the isolate runtime's flag advice is in the docs instead.
        if (r.note && r.runtime.kind === 'worker') o.onNote?.(r.note);
        return r;
      }))
    ).runtime;
  const functions = new FunctionInvoker({
    store: store.functions,
    runtime: functionRuntime,
    bus,
    secrets: { all: () => secrets },
    egress: functionEgress(policyFromEnv('restricted').allow),
    newId: () => uuidv7(),
  });
  const engine = new Engine({
    store,
    clock: systemClock,
    http: createHttpClient(policyFromEnv(o.egress ?? 'open')),
    bus,
    ids: { newId: () => uuidv7() },
    secrets: { all: () => secrets },
    registry: o.registry ?? new MemoryRegistry(),
    functions,
    scripts: createScriptRunner({ runtime: functionRuntime, newId: () => uuidv7() }),
    onLifecycle: o.onLifecycle,
  });
  return {
    engine,
    functions,
    store,
    bus,
    async close() {
      engine.stop();
      await functions.close();
      await store.close();
    },
  };
}
