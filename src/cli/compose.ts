/**
 * The only place that wires concrete adapters together (DESIGN.md §2): store, clock, HTTP client with
 * its egress policy, event bus, ids, secrets, the function runtime, and the platform façade (workflows,
 * runs, functions) that the CLI and the HTTP API share; API keys and the audit log for the server.
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import { type AuditStore, NODE_ROLES, type NodeInfo, type NodeRole, type DeliveryQueue, type EventLog, type EventTypeStore, type FunctionStore, type InvocationStore, type KeyStore, type ScheduleStore, type Store, type Secrets, type SubscriptionStore, type WebhookStore, type WorkflowRegistry, type WorkflowStore } from '../ports/index.js';
import { ClusterMember, Engine, type EngineOptions } from '../engine/index.js';
import { OffThreadCompiler, type Platform, Runs, Workflows, storeRegistry } from '../platform/index.js';
import { coalesce } from '../shared/index.js';
import { Dispatcher, DurableBus, EventsService, Router, Scheduler, webhookOf } from '../events/index.js';
import { FunctionCatalog } from '../functions/catalog.js';
import { FunctionInvoker, type InvocationInfo } from '../functions/invoker.js';
import { functionLimitsFromEnv } from '../functions/limits.js';
import { createScriptRunner } from '../functions/script-runner.js';
import { type IsolateMode, type RuntimeChoice, selectRuntime } from '../functions/runtime/index.js';
import { ApiKeys, AuditLog, type GrantDefault, Grants, declaredSecrets } from '../security/index.js';
import { type EgressMode, functionEgress, limitsFromEnv, policyFromEnv } from '../security/egress.js';
import { type HttpCallInfo, createHttpClient } from '../security/http-client.js';
import { PostgresStore, SqliteStore } from '../store/index.js';
import type { Json } from '../shared/index.js';
import { planOf } from '../events/index.js';
import { systemClock } from './adapters/system-clock.js';
import { uuidv7 } from './adapters/uuid7.js';

/** Every port the platform keeps durable, on one database (SQLite or PostgreSQL). */
export type PlatformStore = Store & {
  functions: FunctionStore;
  invocations: InvocationStore;
  workflows: WorkflowStore;
  keys: KeyStore;
  audit: AuditStore;
  events: EventLog;
  deliveries: DeliveryQueue;
  eventTypes: EventTypeStore;
  subscriptions: SubscriptionStore;
  webhooks: WebhookStore;
  schedules: ScheduleStore;
};

/**
 * `postgres://…` (or `postgresql://…`) opens PostgreSQL — `?schema=<name>` picks the schema (default
 * `weft`), `?pool=<n>` the connection pool's size (default 10); anything else is a SQLite file (or ':memory:').
 */
export async function openStore(db: string): Promise<PlatformStore> {
  if (/^postgres(ql)?:\/\//i.test(db)) {
    const url = new URL(db);
    const schema = url.searchParams.get('schema');
    const pool = Number(url.searchParams.get('pool') ?? NaN);
    url.searchParams.delete('schema');
    url.searchParams.delete('pool');
    return PostgresStore.open(url.toString(), { ...(schema ? { schema } : {}), ...(Number.isInteger(pool) && pool > 0 ? { poolSize: pool } : {}) });
  }
  if (db !== ':memory:') mkdirSync(dirname(db), { recursive: true });
  return SqliteStore.open(db);
}

export interface ComposeOptions {
  /** A SQLite file or ':memory:' (opened here), or a store already opened with openStore. */
  db: string | PlatformStore;
  /** Workflow egress (`call: http`, `call: openapi`): open (default; weft run, weft dev) or restricted (weft serve). Functions are always restricted. */
  egress?: EgressMode;
  /** Definitions `run: workflow` can start (default: the registered workflows). */
  registry?: WorkflowRegistry;
  /** Told once when functions fall back to worker threads (isolated-vm unavailable). */
  onNote?: (note: string) => void;
  onLifecycle?: EngineOptions['onLifecycle'];
  onInvocation?: (info: InvocationInfo) => void;
  onHttpCall?: (info: HttpCallInfo) => void;
  /** Events stored (duplicates excluded) and delivery outcomes, for metrics. */
  onEventStored?: (type: string) => void;
  onEventDelivery?: (type: string, outcome: 'delivered' | 'retried' | 'dead') => void;
  /** Isolates run on the calling thread (`inline`, fastest for short calls) or on isolated-vm's threads. */
  isolateMode?: IsolateMode;
  /** Where `WEFT_SECRET_<NAME>` secrets and the grants (WEFT_SECRET_GRANTS, WEFT_RUN_GRANTS) are read (default process.env). */
  env?: NodeJS.ProcessEnv;
  /**
   * What an unset WEFT_SECRET_GRANTS / WEFT_RUN_GRANTS means: `all` for one user (`weft dev`, `weft run`),
   * `none` (the default) for a shared server (security/grants.ts).
   */
  grants?: GrantDefault;
  /** Operator warnings (a registered workflow declares a secret its namespace will not see). */
  onWarning?: (message: string) => void;
  /** Background failures (a scheduled start that failed), for the server's log. */
  onError?: (err: unknown, context: string) => void;
  /**
   * This process as a node (multi-node mode, PostgreSQL only): its roles (default all), the lease expiry
   * (default WEFT_LEASE_MS or 15 s) and the address its API listens on (shown by `weft nodes`).
   */
  node?: { roles?: NodeRole[]; leaseMs?: number; address?: string };
}

export const DEFAULT_LEASE_MS = 15_000;

export interface Composed {
  engine: Engine;
  functions: FunctionInvoker;
  store: PlatformStore;
  bus: DurableBus;
  platform: Platform;
  events: EventsService;
  scheduler: Scheduler;
  /**
   * Starts the background work of a server: delivering stored events to subscriptions and firing
   * workflow schedules (a one-shot command such as `weft run` does not).
   */
  startBackground(): Promise<number>;
  /** This node's roles, and the nodes sharing the database (just this one on SQLite). */
  roles: NodeRole[];
  nodes(): Promise<NodeInfo[]>;
  /** Multi-node mode: this process's membership (undefined on SQLite). */
  member?: ClusterMember;
  keys: ApiKeys;
  audit: AuditLog;
  /** Who may read which secret and start workflows in which namespace (said at a server's start). */
  grants: Grants;
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

/** `WEFT_RUN_MAX_TRANSITIONS` (tasks one run may execute) and `WEFT_RUN_SLICE_MS` (event-loop time before a run pauses). */
function runPacing(env: NodeJS.ProcessEnv): { maxTransitions?: number; sliceMs?: number } {
  const max = Number(env.WEFT_RUN_MAX_TRANSITIONS);
  const slice = Number(env.WEFT_RUN_SLICE_MS);
  return { ...(Number.isInteger(max) && max > 0 ? { maxTransitions: max } : {}), ...(slice > 0 ? { sliceMs: slice } : {}) };
}

export function compose(o: ComposeOptions): Composed {
  let store: PlatformStore;
  if (typeof o.db === 'string') {
    if (o.db !== ':memory:') mkdirSync(dirname(o.db), { recursive: true });
    store = SqliteStore.open(o.db);
  } else store = o.db;
  const roles = o.node?.roles ?? [...NODE_ROLES];
  const leaseMs = o.node?.leaseMs ?? (Number(o.env?.WEFT_LEASE_MS ?? process.env.WEFT_LEASE_MS) || DEFAULT_LEASE_MS);
  const nodeId = uuidv7();
  const startedAt = Date.now();
  // On PostgreSQL every process is a node: the runs it executes are leased to it (see ClusterMember).
  const cluster = store instanceof PostgresStore ? store.joinCluster({ nodeId, leaseMs, executes: roles.includes('worker') }) : undefined;
  // Assigned once the engine exists (the engine's hooks call it).
  let member: ClusterMember | undefined;
  const router = new Router();
  // The dispatcher needs the platform, which needs the engine, which needs the bus: wired below.
  let dispatcher: Dispatcher | undefined; // eslint-disable-line prefer-const -- assigned once the platform exists
  const bus = new DurableBus({
    log: store.events,
    eventTypes: store.eventTypes,
    router,
    now: () => systemClock.now(),
    onStored: (events) => {
      dispatcher?.wake();
      if (member) announceEvents();
      if (o.onEventStored) for (const e of events) o.onEventStored(e.type);
    },
  });
  const secrets = envSecrets(o.env);
  const grants = Grants.fromEnv(o.env ?? process.env, o.grants ?? 'none');
  // A run's `$secrets`: what its document declares and its namespace is granted; without a run (functions,
  // which pick their manifest's), every secret.
  const workflowSecrets: Secrets = { all: (run) => (run ? grants.secretsFor(run.namespace, declaredSecrets(run.definition), secrets) : secrets) };
  // `run: workflow` looks definitions up as the run's namespace: another namespace needs a grant (checked
  // before the lookup, so a forbidden caller cannot learn what exists there).
  const registry = o.registry ?? storeRegistry(store.workflows);
  const guardedRegistry: WorkflowRegistry = {
    get: async (ref, from) => {
      if (from) grants.checkStart(from.namespace, ref.namespace, `${ref.namespace}/${ref.name}:${ref.version ?? 'latest'}`);
      return registry.get(ref);
    },
  };
  let choice: Promise<RuntimeChoice> | undefined;
  const functionRuntime = () =>
    (choice ??= selectRuntime({ isolateMode: o.isolateMode ?? 'inline' }).then((r) => {
      // The worker fallback matters to users; the isolate runtime's flag advice is in the docs instead.
      if (r.note && r.runtime.kind === 'worker') o.onNote?.(r.note);
      return r;
    }));
  // One outbound client per policy; WEFT_EGRESS_ALLOW, WEFT_EGRESS_MAX_BODY_BYTES and WEFT_EGRESS_TIMEOUT_MS apply to both.
  const egressEnv = o.env ?? process.env;
  const egressLimits = limitsFromEnv(egressEnv);
  const fnEgress = functionEgress(policyFromEnv('restricted', egressEnv).allow, egressLimits);
  const http = createHttpClient(policyFromEnv(o.egress ?? 'open', egressEnv), { onCall: o.onHttpCall, ...egressLimits });
  // Operator caps on manifests, the node's instances and each invocation's logs (WEFT_FN_*, functions/limits.ts).
  const fnLimits = functionLimitsFromEnv(o.env ?? process.env);
  const functions = new FunctionInvoker({
    limits: fnLimits,
    store: store.functions,
    invocations: store.invocations,
    runtime: async () => (await functionRuntime()).runtime,
    bus,
    secrets: { all: () => secrets },
    egress: fnEgress,
    newId: () => uuidv7(),
    onInvocation: o.onInvocation,
  });
  let scheduler: Scheduler | undefined; // eslint-disable-line prefer-const -- assigned once the platform exists
  const engine = new Engine({
    store,
    clock: systemClock,
    http,
    bus,
    ids: { newId: () => uuidv7() },
    secrets: workflowSecrets,
    registry: guardedRegistry,
    functions,
    scripts: createScriptRunner({ runtime: async () => (await functionRuntime()).runtime, newId: () => uuidv7() }),
    onLifecycle: o.onLifecycle,
    ...runPacing(o.env ?? process.env),
    // Runs re-activated at a time after a restart or a takeover (engine/pacing.ts; default 32).
    recoveryConcurrency: Number((o.env ?? process.env).WEFT_RECOVERY_CONCURRENCY) || undefined,
    // Only runs the scheduler started (key `schedule:<slot>`) re-arm an `after` schedule, not manual ones.
    onRunEnded: (run) => {
      if (run.idempotencyKey?.startsWith('schedule:')) scheduler?.runEnded(run.namespace, run.name);
      member?.runEnded(run.id);
    },
    ...(cluster
      ? { executes: roles.includes('worker'), awaitEnd: (id: string) => member!.awaitEnd(id), onAbandon: (id: string, reason: Error) => {
            o.onError?.(reason, `run ${id}`);
            member?.abandoned(id);
          },
        }
      : {}),
  });
  // Other nodes hear of stored events once per event-loop turn, however many were stored.
  let eventsAnnounced = false;
  const announceEvents = () => {
    if (eventsAnnounced) return;
    eventsAnnounced = true;
    setImmediate(() => {
      eventsAnnounced = false;
      cluster!.notify('events', '').catch((err) => o.onError?.(err, 'notify events'));
    });
  };
  const announceCatalog = () => cluster?.notify('catalog', '').catch((err) => o.onError?.(err, 'notify catalog'));
  // Webhooks and schedules follow what is registered: checked before a workflow version is stored.
  const workflowHook = (definition: Record<string, Json>) => {
    const doc = definition.document as Record<string, Json>;
    const meta = (doc.metadata ?? {}) as Record<string, Json>;
    return webhookOf(meta.webhook, { workflow: { namespace: String(doc.namespace), name: String(doc.name) } }, `workflow:${String(doc.namespace)}/${String(doc.name)}`);
  };
  // Large workflow documents compile on a worker thread (platform/off-thread-compiler.ts).
  const compiler = new OffThreadCompiler();
  const workflows: Workflows = new Workflows({
    store: store.workflows,
    clock: systemClock,
    compile: (text) => compiler.compile(text),
    check: async (definition) => {
      const hook = workflowHook(definition);
      if (hook) await events.checkWebhook(hook);
      if (definition.schedule) planOf(definition.schedule as Record<string, Json>);
    },
    registered: async (record) => {
      const hook = workflowHook(record.definition);
      if (hook) await events.setWebhook(hook);
      // Registrable anyway (the grant may come later), but the operator hears of it.
      const unseen = declaredSecrets(record.definition).filter((n) => !Object.hasOwn(secrets, n) || !grants.secretGranted(n, record.namespace));
      if (unseen.length) o.onWarning?.(`workflow ${record.namespace}/${record.name}:${record.version} declares secret${unseen.length > 1 ? 's' : ''} ${unseen.join(', ')} that namespace ${record.namespace} is not granted or that is not set (WEFT_SECRET_GRANTS, WEFT_SECRET_<NAME>): its runs will not see ${unseen.length > 1 ? 'them' : 'it'}`);
      if (hook?.secret && (!Object.hasOwn(secrets, hook.secret) || !grants.secretGranted(hook.secret, record.namespace))) {
        o.onWarning?.(`workflow ${record.namespace}/${record.name}:${record.version}: webhook ${hook.path} signs with secret ${hook.secret}, which namespace ${record.namespace} is not granted or that is not set: every call to it is refused (401)`);
      }
      const latest = await workflows.definition(record.namespace, record.name);
      if (started && roles.includes('scheduler')) await scheduler!.set(record.namespace, record.name, latest.definition.schedule as Record<string, Json> | undefined);
      await announceCatalog();
    },
  });
  const runs = new Runs({ engine, store, workflows, clock: systemClock, secrets: (run) => workflowSecrets.all(run), ...(cluster ? { forward: (id, action) => member!.forward(id, action) } : {}) });
  const catalog = new FunctionCatalog({
    store: store.functions,
    invocations: store.invocations,
    invoker: functions,
    limits: fnLimits,
    check: async (m) => {
      const hook = webhookOf(m.webhook, { function: { name: m.name } }, `function:${m.name}`);
      if (hook) await events.checkWebhook(hook);
    },
    deployed: async (v) => {
      const hook = webhookOf(v.manifest.webhook, { function: { name: v.name } }, `function:${v.name}`);
      if (hook) await events.setWebhook(hook);
    },
  });
  dispatcher = new Dispatcher({ deliveries: store.deliveries, router, platform: { runs, functions: catalog }, clock: systemClock, onDelivered: (d) => o.onEventDelivery?.(d.type, d.outcome) });
  const events: EventsService = new EventsService({
    log: store.events,
    deliveries: store.deliveries,
    eventTypes: store.eventTypes,
    subscriptions: store.subscriptions,
    webhooks: store.webhooks,
    bus,
    router,
    dispatcher,
    platform: { runs, functions: catalog },
    now: () => systemClock.now(),
    // A workflow's webhook verifies with a secret granted to its namespace; a function's (global) with any.
    secrets: (w) => ('workflow' in w.target && w.secret && !grants.secretGranted(w.secret, w.target.workflow.namespace) ? {} : secrets),
    newId: () => uuidv7(),
    onChanged: () => void announceCatalog(),
  });
  scheduler = new Scheduler({
    store: store.schedules,
    clock: systemClock,
    start: (namespace, name, idempotencyKey) => runs.start({ namespace, name, input: {}, idempotencyKey }),
    subscriptions: (prefix, subs) => events.replaceSubscriptions(prefix, subs),
    onError: (err, key) => o.onError?.(err, `schedule ${key}`),
  });
  const nodes = async (): Promise<NodeInfo[]> => {
    if (cluster) return cluster.nodes();
    return [{ id: nodeId, roles, host: hostname(), pid: process.pid, ...(o.node?.address ? { address: o.node.address } : {}), startedAt, heartbeatAt: Date.now(), leases: engine.activeRuns, live: true }];
  };
  const platform: Platform = { workflows, runs, functions: catalog, events, nodes: { list: nodes } };
  const schedule = async () => {
    for (const w of await workflows.list()) {
      const latest = await workflows.definition(w.namespace, w.name);
      if (latest.definition.schedule) await scheduler!.set(w.namespace, w.name, latest.definition.schedule as Record<string, Json>);
    }
  };
  if (cluster) {
    member = new ClusterMember({
      cluster,
      engine,
      store,
      clock: systemClock,
      roles,
      host: hostname(),
      pid: process.pid,
      ...(o.node?.address ? { address: o.node.address } : {}),
      // Deliveries stored elsewhere may be this node's to make; listen tasks here may be waiting for them.
      onEvents: () => {
        dispatcher?.wake();
        bus.followOthers();
      },
      onError: o.onError,
    });
    // Another node changed subscriptions or registered a workflow: reload (one pass at a time; a change
    // announced during a pass runs one more).
    const reloadCatalog = coalesce(
      () => events.reload(true).then(() => (started && roles.includes('scheduler') ? schedule() : undefined)),
      (err) => o.onError?.(err, 'reload subscriptions and schedules'),
    );
    cluster.on('catalog', reloadCatalog);
  }
  let started = false;
  return {
    engine,
    functions,
    store,
    bus,
    platform,
    events,
    scheduler,
    /**
     * Resumes unfinished runs (SQLite: all of them; PostgreSQL: joins the cluster and takes over the
     * orphaned ones) and starts what this node's roles do in the background; returns the runs resumed.
     */
    async startBackground() {
      started = true;
      if (member) await bus.follow();
      const resumed = member ? (await member.start(), 0) : await engine.recover();
      if (roles.includes('worker')) await events.start();
      else await events.reload(true);
      if (roles.includes('scheduler')) await schedule();
      return resumed;
    },
    roles,
    member,
    nodes,
    keys: new ApiKeys(store.keys),
    audit: new AuditLog(store.audit),
    grants,
    functionRuntime,
    async close() {
      scheduler?.stop();
      await dispatcher?.stop();
      await engine.drain(10_000);
      engine.stop();
      // Only once this process stopped driving its runs, and what it journaled is committed, may another
      // node take them over.
      if (store instanceof PostgresStore) await store.settled();
      await member?.stop().catch((err) => o.onError?.(err, 'leave the cluster'));
      await functions.close();
      await compiler.close();
      await Promise.all([http.close(), fnEgress.close()]);
      await store.close();
    },
  };
}
