/**
 * The only place that wires concrete adapters together (DESIGN.md §2): store, clock, HTTP client with
 * its egress policy, event bus, ids, secrets, the function runtime, the platform façade (workflows, runs,
 * functions, events) that the CLI and the HTTP API share, API keys and the audit log for the server, and
 * the platform hooks (platform/hooks.ts) that the modules subscribe to themselves: the events triggers,
 * telemetry, the cluster relay; and, for a server, telemetry and the HTTP gateway (composeServer).
 * Construction only: what follows from what is in those subscribers.
 */
import { mkdirSync } from 'node:fs';
import { hostname } from 'node:os';
import { dirname } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { type AuditStore, type DeliveryQueue, type EventLog, type EventTypeStore, type FunctionStore, type InvocationStore, type KeyStore, NODE_ROLES, type SecretStore, type SecretUsageStore, type NodeInfo, type NodeRole, type ScheduleStore, type Store, type SubscriptionStore, type WebhookStore, type WorkflowRegistry, type WorkflowStore } from '../ports/index.js';
import { ClusterMember, DEFAULT_RUNTIME, Engine, type RuntimeInfo } from '../engine/index.js';
import { Hooks, OffThreadCompiler, type Platform, Runs, type SsoPort, Secrets, Workflows, memberHooks, relayToCluster, storeRegistry } from '../platform/index.js';
import { Dispatcher, DurableBus, EventsService, Router, Scheduler, subscribeTriggers } from '../events/index.js';
import { FunctionCatalog, FunctionInvoker, type IsolateMode, type RuntimeChoice, createScriptRunner, functionLimitsFromEnv, resolveVersion, selectRuntime } from '../functions/index.js';
import { ApiKeys, AuditLog, DataKeys, DataSeal, type EgressMode, type GrantDefault, Grants, type MasterKeys, RotationScheduler, Vault, accessPolicy, createHttpClient, functionEgress, limitsFromEnv, masterKeysFromEnv, policyFromEnv, redactedInvocations, SECRET_USAGE_FLUSH_MS, sealedDeliveryQueue, sealedEventLog, sealedRunStore } from '../security/index.js';
import { PostgresStore, SqliteStore } from '../store/index.js';
import { type HttpHygiene, type RateLimit, type RouteGroup, buildGateway } from '../gateway/index.js';
import { SecretMask, type Telemetry, createLogger, createTelemetry, subscribeTelemetry } from '../telemetry/index.js';
import type { Json } from '../shared/index.js';
import { systemClock } from './adapters/system-clock.js';
import { uuidv7 } from './adapters/uuid7.js';
import { requireDeclared } from './declared-secrets.js';
import { envSecrets, functionSecrets, guardedRegistry, secretNeedles, secretRedactor, secretTextMask, warnOfUnseenSecrets, webhookSecrets, webhookVerified, workflowSecrets } from './namespace-grants.js';
import { ssoFromEnv } from './sso.js';

export interface ComposeOptions {
  /** A SQLite file or ':memory:' (opened here), or a store already opened with openStore. */
  db: string | PlatformStore;
  /** Workflow egress (`call: http`, `call: openapi`): open (default; weft run, weft dev) or restricted (weft serve). Functions are always restricted. */
  egress?: EgressMode;
  /** Definitions `run: workflow` can start (default: the registered workflows). */
  registry?: WorkflowRegistry;
  /** Told once when functions fall back to worker threads (isolated-vm unavailable). */
  onNote?: (note: string) => void;
  /** A server's logs, metrics and spans: subscribed to the hooks (telemetry/subscribe.ts), with its gauges. */
  telemetry?: Telemetry;
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
  /** The vault's master keys (default: WEFT_MASTER_KEY[_FILE] and WEFT_MASTER_KEY_PREVIOUS[_FILE] from `env`). */
  masterKeys?: MasterKeys;
  /** The telemetry's secret mask, set here to every known secret value (logs, span messages). */
  mask?: SecretMask;
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
  /** What happens in the platform, for whoever follows it (background failures: the `error` hook). */
  hooks: Hooks;
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
  /** The secret vault (security/vault.ts); `platform.secrets` is its API face. */
  vault: Vault;
  /** Masks secret values in what is shown (namespace-grants.ts `secretRedactor`). */
  redact: <T extends Json>(value: T) => T;
  /**
   * Opens the vault: checks the master key against the database (a wrong or lost key fails here, with
   * what to do) and loads the secrets runs and functions read. Servers await it before they listen;
   * commands that run workflows or functions, or manage secrets, before they do.
   */
  ready(): Promise<void>;
  /** Who may read which secret and start workflows in which namespace (said at a server's start). */
  grants: Grants;
  /** Loads the function runtime now (it is otherwise loaded at the first call) and says which one it is. */
  functionRuntime(): Promise<RuntimeChoice>;
  /**
   * A server tells where it answers once it listens: workflows read it as `$runtime.metadata.baseUrl`
   * (the demo calls its own inventory function so, on whatever port it runs).
   */
  listening(baseUrl: string): void;
  close(): Promise<void>;
}

/** `WEFT_RUN_MAX_TRANSITIONS` (tasks one run may execute) and `WEFT_RUN_SLICE_MS` (event-loop time before a run pauses). */
function runPacing(env: NodeJS.ProcessEnv): { maxTransitions?: number; sliceMs?: number } {
  const max = Number(env.WEFT_RUN_MAX_TRANSITIONS);
  const slice = Number(env.WEFT_RUN_SLICE_MS);
  return { ...(Number.isInteger(max) && max > 0 ? { maxTransitions: max } : {}), ...(slice > 0 ? { sliceMs: slice } : {}) };
}

/** The function runtime, selected at first use; the worker fallback is told (the flag isolated-vm asks for is `weft`'s to add: launch.ts). */
function runtimeOnce(isolateMode: IsolateMode, onNote?: (note: string) => void): () => Promise<RuntimeChoice> {
  let choice: Promise<RuntimeChoice> | undefined;
  return () =>
    (choice ??= selectRuntime({ isolateMode }).then((r) => {
      if (r.note) onNote?.(r.note);
      return r;
    }));
}

export function compose(o: ComposeOptions): Composed {
  const env = o.env ?? process.env;
  const store = typeof o.db === 'string' ? openSqlite(o.db) : o.db;
  const roles = o.node?.roles ?? [...NODE_ROLES];
  const leaseMs = o.node?.leaseMs ?? (Number(o.env?.WEFT_LEASE_MS ?? process.env.WEFT_LEASE_MS) || DEFAULT_LEASE_MS);
  const nodeId = uuidv7();
  const startedAt = Date.now();
  const newId = () => uuidv7();
  // On PostgreSQL every process is a node: the runs it executes are leased to it (see ClusterMember).
  const cluster = store instanceof PostgresStore ? store.joinCluster({ nodeId, leaseMs, executes: roles.includes('worker') }) : undefined;
  const hooks = new Hooks();
  if (o.telemetry) subscribeTelemetry(hooks, o.telemetry);
  const router = new Router();
  const secrets = envSecrets(o.env);
  const grants = Grants.fromEnv(env, o.grants ?? 'none');
  // The vault: its cache is loaded by `ready()`; changes here tell other nodes (catalog.changed), theirs reload it.
  // Who read which version is noted in memory and written every WEFT_SECRET_USAGE_FLUSH_MS (default 5 s) and at close.
  const masterKeys = o.masterKeys ?? masterKeysFromEnv(env);
  const vault = new Vault({
    store: store.secrets, keys: masterKeys, now: () => systemClock.now(), onChange: () => hooks.emit('catalog.changed', { origin: 'local' }),
    usage: { store: store.secretUsage, flushMs: Number(env.WEFT_SECRET_USAGE_FLUSH_MS) > 0 ? Number(env.WEFT_SECRET_USAGE_FLUSH_MS) : SECRET_USAGE_FLUSH_MS, onError: (err) => hooks.emit('error', { err, context: 'write secret usage' }) },
    // A rotation schedule must name a deployed function (resolved as an invocation would be).
    resolveFunction: (name, ref) => resolveVersion(store.functions, name, ref, 0),
  });
  // Run data and events that hold a secret value are sealed at rest under the data key (security/data-seal.ts).
  const dataKeys = new DataKeys(store.secrets, masterKeys, () => systemClock.now());
  const needles = secretNeedles(vault, secrets);
  const seal = new DataSeal({ keys: dataKeys, needles });
  const runStore = sealedRunStore(store, seal);
  // The bus knows each event type's schema when it stores (what marks event data sensitive).
  const eventLog = sealedEventLog(store.events, seal, (type) => bus.typeSchema(type));
  const deliveries = sealedDeliveryQueue(store.deliveries, seal);
  const bus = new DurableBus({ log: eventLog, eventTypes: store.eventTypes, router, now: () => systemClock.now(), onStored: (events) => hooks.emit('event.stored', { events, origin: 'local' }) });
  const vaultReady = vault.open().then(() => dataKeys.load());
  vaultReady.catch(() => {}); // said by whoever awaits ready()
  hooks.on('catalog.changed', (c) => {
    if (c.origin === 'cluster') vault.refresh().catch((err: unknown) => hooks.emit('error', { err, context: 'reload the vault' }));
  });
  const runSecrets = workflowSecrets(grants, secrets, vault);
  // Rebuilding a run's events for a view is not the run reading its secrets: not noted.
  const viewSecrets = workflowSecrets(grants, secrets, vault, { note: false });
  const redact = secretRedactor(needles);
  o.mask?.set(secretTextMask(needles));
  // Invocation records are only shown: stored with secret values already masked.
  const invocations = redactedInvocations(store.invocations, redact);
  const functionRuntime = runtimeOnce(o.isolateMode ?? 'inline', o.onNote);
  // `$runtime` in expressions (the DSL's runtime descriptor); `metadata.baseUrl` once a server listens.
  const runtimeInfo: RuntimeInfo = { ...DEFAULT_RUNTIME, metadata: {} };
  // One outbound client per policy; WEFT_EGRESS_ALLOW, WEFT_EGRESS_MAX_BODY_BYTES and WEFT_EGRESS_TIMEOUT_MS apply to both.
  const egressLimits = limitsFromEnv(env);
  const fnEgress = functionEgress(policyFromEnv('restricted', env).allow, egressLimits);
  const http = createHttpClient(policyFromEnv(o.egress ?? 'open', env), { onCall: (call) => hooks.emit('http.called', call), ...egressLimits });
  // Operator caps on manifests, the node's instances and each invocation's logs (WEFT_FN_*, functions/limits.ts).
  const fnLimits = functionLimitsFromEnv(env);
  const runtime = async () => (await functionRuntime()).runtime;
  const functions = new FunctionInvoker({ limits: fnLimits, store: store.functions, invocations, runtime, bus, secrets: functionSecrets(grants, secrets, vault), egress: fnEgress, newId, onInvocation: (info) => hooks.emit('function.invoked', info) });
  const node = { host: hostname(), pid: process.pid, ...(o.node?.address ? { address: o.node.address } : {}) };
  const member = cluster ? new ClusterMember({ cluster, store: runStore, clock: systemClock, roles, ...node, ...memberHooks(hooks) }) : undefined;
  const engine = new Engine({
    store: runStore, clock: systemClock, http, bus, ids: { newId }, secrets: requireDeclared(runSecrets), functions, runtime: runtimeInfo,
    registry: guardedRegistry(grants, o.registry ?? storeRegistry(store.workflows)),
    scripts: createScriptRunner({ runtime, newId }),
    // Lifecycle events are built (one per task) only for someone listening: telemetry, subscribed above.
    onLifecycle: hooks.has('run.lifecycle') ? (event) => hooks.emit('run.lifecycle', event) : undefined,
    onRunEnded: (run) => hooks.emit('run.ended', run),
    ...runPacing(env),
    // Runs re-activated at a time after a restart or a takeover (engine/pacing.ts; default 32).
    recoveryConcurrency: Number(env.WEFT_RECOVERY_CONCURRENCY) || undefined,
    ...(member ? { executes: roles.includes('worker'), awaitEnd: (id: string) => member.awaitEnd(id), onAbandon: (runId: string, reason: Error) => hooks.emit('run.abandoned', { runId, reason }) } : {}),
  });
  // Large workflow documents compile on a worker thread (platform/off-thread-compiler.ts).
  const compiler = new OffThreadCompiler();
  const workflows = new Workflows({
    store: store.workflows, clock: systemClock, compile: (text) => compiler.compile(text),
    check: (definition) => hooks.emitAndWait('workflow.registering', definition),
    registered: (record) => hooks.emitAndWait('workflow.registered', record),
    // A task test's real effects go through the run's own ports: egress policy, function invoker, bus.
    testPorts: { clock: systemClock, newId, http, functions, bus },
  });
  const runs = new Runs({ engine, store: runStore, workflows, clock: systemClock, runtime: runtimeInfo, redriveRate: Number(env.WEFT_REDRIVE_RATE) || undefined, secrets: (run) => viewSecrets.all(run), redact, ...(member ? { forward: (id, action) => member.forward(id, action) } : {}) });
  const catalog = new FunctionCatalog({
    store: store.functions, invocations, invoker: functions, limits: fnLimits, redact,
    check: (manifest) => hooks.emitAndWait('function.deploying', manifest),
    deployed: (version) => hooks.emitAndWait('function.deployed', version),
  });
  const targets = { runs, functions: catalog };
  const dispatcher = new Dispatcher({ deliveries, router, platform: targets, clock: systemClock, onDelivered: (d) => hooks.emit('event.delivered', d) });
  const events = new EventsService({
    log: eventLog, deliveries, eventTypes: store.eventTypes, subscriptions: store.subscriptions, webhooks: store.webhooks, bus, router, dispatcher, platform: targets, now: () => systemClock.now(), newId,
    secrets: webhookSecrets(grants, secrets, vault),
    verified: webhookVerified(vault),
    onChanged: () => hooks.emit('catalog.changed', { origin: 'local' }),
    redact,
  });
  const scheduler = new Scheduler({
    store: store.schedules, clock: systemClock,
    start: (namespace, name, idempotencyKey) => runs.start({ namespace, name, input: {}, idempotencyKey }),
    subscriptions: (prefix, subs) => events.replaceSubscriptions(prefix, subs),
    onError: (err, key) => hooks.emit('error', { err, context: `schedule ${key}` }),
  });
  // Subscribed in this order: what follows a registration here is stored before other nodes hear of it.
  const vaultApi = new Secrets({ vault, invoke: async (target, input) => (await catalog.invoke({ ...target, input })).output, emit: (e) => bus.publish(e), now: () => systemClock.now(), newId });
  // Scheduled secret rotation, on scheduler nodes; each due slot claimed once per cluster in the ScheduleStore.
  const rotations = new RotationScheduler({
    vault,
    claim: (key, slot, at) => store.schedules.claim(key, slot, at),
    rotate: (namespace, name, fn) => vaultApi.rotate(namespace, name, fn, 'schedule'),
    now: () => systemClock.now(),
    onError: (err, context) => hooks.emit('error', { err, context }),
  });
  const triggers = subscribeTriggers({ hooks, events, bus, dispatcher, scheduler, workflows, delivers: roles.includes('worker'), schedules: roles.includes('scheduler') });
  if (o.onWarning) warnOfUnseenSecrets(hooks, grants, secrets, o.onWarning, vault);
  if (member) relayToCluster(hooks, member);
  const nodes = async (): Promise<NodeInfo[]> => cluster?.nodes() ?? [{ id: nodeId, roles, ...node, startedAt, heartbeatAt: Date.now(), leases: engine.activeRuns, live: true }];
  o.telemetry?.metrics.gauges({ activeRuns: () => engine.activeRuns, queueDepth: () => functions.queueDepth(), oldestUndelivered: () => store.deliveries.oldestPending() });
  return {
    engine, functions, store, bus, events, scheduler, hooks, roles, member, nodes, grants, functionRuntime,
    listening: (baseUrl) => {
      runtimeInfo.metadata!.baseUrl = baseUrl;
    },
    platform: { workflows, runs, functions: catalog, events, nodes: { list: nodes }, secrets: vaultApi },
    vault,
    redact,
    ready: () => vaultReady,
    keys: new ApiKeys(store.keys),
    audit: new AuditLog(store.audit),
    /**
     * Resumes unfinished runs (SQLite: all of them; PostgreSQL: joins the cluster and takes over the
     * orphaned ones) and starts what this node's roles do in the background; returns the runs resumed.
     */
    async startBackground() {
      if (member) await bus.follow();
      const resumed = member ? (await member.start(engine), 0) : await engine.recover();
      await triggers.start();
      if (roles.includes('scheduler')) rotations.start();
      return resumed;
    },
    async close() {
      runs.stopRedrives();
      await rotations.stop();
      await triggers.stop();
      await engine.drain(10_000);
      engine.stop();
      // Only once this process stopped driving its runs, and what it journaled is committed, may another
      // node take them over.
      if (store instanceof PostgresStore) await store.settled();
      await member?.stop().catch((err) => hooks.emit('error', { err, context: 'leave the cluster' }));
      await functions.close();
      // The reads noted since the last flush, written before the store closes.
      await vault.close().catch((err: unknown) => hooks.emit('error', { err, context: 'write secret usage' }));
      await compiler.close();
      await Promise.all([http.close(), fnEgress.close()]);
      await store.close();
    },
  };
}

/** Every port the platform keeps durable, on one database (SQLite or PostgreSQL). */
export type PlatformStore = Store & {
  functions: FunctionStore;
  invocations: InvocationStore;
  workflows: WorkflowStore;
  keys: KeyStore;
  secrets: SecretStore;
  secretUsage: SecretUsageStore;
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
  return openSqlite(db);
}

/** A SQLite file (its folder created) or ':memory:'. */
export function openSqlite(db: string): PlatformStore {
  if (db !== ':memory:') mkdirSync(dirname(db), { recursive: true });
  return SqliteStore.open(db);
}

/**
 * What a server adds to compose(): its telemetry (logs, metrics, spans, subscribed to the platform hooks
 * by compose) and its HTTP gateway. `weft dev` and `weft serve` (server-command.ts) keep the CLI concerns:
 * flags, listening, signals, shutdown.
 */
export interface ServerComposeOptions {
  mode: 'dev' | 'serve';
  /** A SQLite file or a postgres:// URL. */
  db: string;
  env: NodeJS.ProcessEnv;
  egress: EgressMode;
  roles: NodeRole[];
  onWarning: (message: string) => void;
  /** The vault's master keys when not from the environment (`weft dev`'s development key file). */
  masterKeys?: MasterKeys;
}

export interface ComposedServer {
  app: Composed;
  telemetry: Telemetry;
  /** Single sign-on (`weft serve` with WEFT_OIDC_ISSUER): what the start-up banner says about it. */
  ssoNotice?: string;
  /** The HTTP API over `app` (built once the background work started; listening is the caller's). */
  gateway(o: { rateLimits: Partial<Record<RouteGroup, RateLimit>> | false; hygiene: HttpHygiene; ready: () => boolean }): Promise<FastifyInstance>;
}

export async function composeServer(o: ServerComposeOptions): Promise<ComposedServer> {
  // Before anything is opened: a bad SSO setting stops the start with nothing to clean up.
  const sso = o.mode === 'serve' ? ssoFromEnv(o.env, o.masterKeys ?? masterKeysFromEnv(o.env)) : undefined;
  const mask = new SecretMask();
  const telemetry = createTelemetry({ env: o.env, logger: createLogger({ level: (o.env.WEFT_LOG_LEVEL ?? 'info') as 'info', mask }), mask });
  const app = compose({
    db: await openStore(o.db),
    egress: o.egress,
    node: { roles: o.roles },
    telemetry,
    env: o.env,
    // One user on `weft dev`: every secret and namespace is theirs; a shared `weft serve` grants nothing unasked.
    grants: o.mode === 'dev' ? 'all' : 'none',
    onWarning: o.onWarning,
    mask,
    ...(o.masterKeys ? { masterKeys: o.masterKeys } : {}),
  });
  return {
    app,
    telemetry,
    ...(sso ? { ssoNotice: sso.notice } : {}),
    gateway: (g) => gatewayOver(app, telemetry, { ...g, auth: o.mode === 'serve', api: o.roles.includes('api'), ...(sso ? { sso: sso.sso } : {}) }),
  };
}

/** The HTTP API over a composed platform: a server's (composeServer), or the loopback one of `weft run --functions`. */
export function gatewayOver(
  app: Composed,
  telemetry: Telemetry,
  g: { rateLimits: Partial<Record<RouteGroup, RateLimit>> | false; hygiene: HttpHygiene; ready: () => boolean; auth: boolean; api: boolean; sso?: SsoPort },
): Promise<FastifyInstance> {
  return buildGateway({
    platform: app.platform,
    keys: app.keys,
    audit: app.audit,
    access: accessPolicy,
    telemetry,
    auth: g.auth,
    rateLimits: g.rateLimits,
    logger: telemetry.logger,
    ready: g.ready,
    api: g.api,
    ...(g.sso ? { sso: g.sso } : {}),
    ...g.hygiene.options,
  });
}
