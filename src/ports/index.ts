/**
 * Every port the engine needs. Adapters live outside the engine (store/*, a fetch-based HTTP client, …)
 * and are wired in cli/compose.ts; tests use fakes (a manual clock, a recording HTTP client).
 */
import type { Json } from '../shared/index.js';
import type { HttpRequest, HttpResponse, WorkflowRef } from '../contracts/index.js';
import type { Problem } from '../contracts/index.js';
import type { JournalEntry, RunStatus } from '../contracts/index.js';

export interface RunRecord {
  id: string;
  namespace: string;
  name: string;
  version: string;
  definition: Record<string, Json>;
  input: Json;
  status: RunStatus;
  output?: Json;
  error?: Problem;
  createdAt: number;
  endedAt?: number;
  /** The caller's `Idempotency-Key`: at most one run per (namespace, name, key). */
  idempotencyKey?: string;
  /** W3C trace context the run continues (its spans are children of it). */
  traceparent?: string;
}

/** Which runs to list; results are newest first (createdAt, then id, descending). */
export interface RunFilter {
  status?: RunStatus[];
  namespace?: string;
  name?: string;
  version?: string;
  idempotencyKey?: string;
  /** Epoch ms bounds on createdAt: from inclusive, to exclusive. */
  createdFrom?: number;
  createdTo?: number;
  /** Cursor: only runs strictly older than this (createdAt, id) position. */
  before?: { createdAt: number; id: string };
  limit?: number;
}

/**
 * Durable runs, journals and timers. Writes resolve only once committed (adapters may group the writes
 * of one event-loop turn into one transaction). One contract suite (store/contract.ts) checks adapters.
 */
export interface Store {
  /** Creates the run with its `started` journal entry, atomically. */
  createRun(run: RunRecord, started: JournalEntry): Promise<void>;
  /** Appends entries to a run's journal; a terminal entry also sets the run's status, output or error. */
  append(runId: string, entries: JournalEntry[]): Promise<void>;
  getRun(id: string): Promise<RunRecord | undefined>;
  listRuns(filter?: RunFilter): Promise<RunRecord[]>;
  journal(runId: string): Promise<JournalEntry[]>;
  /** Registers a durable timer; if one exists for (run, key) its fire time wins. Returns the fire time. */
  putTimer(runId: string, key: string, fireAt: number): Promise<number>;
  deleteTimer(runId: string, key: string): Promise<void>;
  close(): Promise<void>;
}

export interface Clock {
  now(): number;
  /** Calls `fn` at (or soon after) `at`; returns a cancel function. */
  setTimer(at: number, fn: () => void): () => void;
}

export interface HttpClient {
  request(req: HttpRequest & { idempotencyKey: string; traceparent?: string }): Promise<HttpResponse>;
}

export interface CloudEvent {
  specversion: '1.0';
  id: string;
  source: string;
  type: string;
  time?: string;
  datacontenttype?: string;
  data?: Json;
  [attribute: string]: Json | undefined;
}

export interface EventBus {
  publish(event: CloudEvent): Promise<void>;
  /** Calls `handler` for every event published from now on; returns an unsubscribe function. */
  subscribe(handler: (event: CloudEvent) => void): () => void;
}

export interface Ids {
  newId(): string;
}

export interface Secrets {
  /**
   * Secret values by name; values never enter journals or logs. With `run`: only what that run may read
   * (`$secrets`: in the platform, its document's `use.secrets` that its namespace is granted — see
   * security/grants.ts). Without: every secret (functions pick their manifest's).
   */
  all(run?: { namespace: string; definition: Record<string, Json> }): Record<string, string>;
}

/**
 * Invokes deployed functions (the default catalog). Failures are thrown as `{ problem }` (WorkflowError);
 * a failure after the version was resolved carries it as `problem.functionVersion`.
 */
export interface FunctionRunner {
  invoke(req: {
    name: string;
    /** A version or an alias. */
    ref: string;
    /** The version to use instead of resolving `ref` again (a run keeps what it resolved first). */
    pinned?: string;
    input: Json;
    idempotencyKey: string;
    runId: string;
    pointer: string;
    /**
     * Settles once what the run journaled before this call is durable. The function may run before that
     * (it is in-process), but its outbound I/O (fetch, emit) waits for it; a rejection refuses that I/O.
     */
    ready?: Promise<unknown>;
    /** W3C trace context of the caller; the invocation is a child span of it. */
    traceparent?: string;
  }): Promise<{ version: string; output: Json }>;
}

/** Runs `run: script` code (JavaScript) in a sandbox; failures inside the script are a non-zero `code`. */
export interface ScriptRunner {
  run(req: { code: string; arguments: string[]; environment: Record<string, string>; stdin: string | null; idempotencyKey: string }): Promise<{ code: number; stdout: string; stderr: string }>;
}

/** Registered workflow definitions, for `run: workflow`. */
export interface WorkflowRegistry {
  /**
   * `from`: the namespace of the run asking. The platform's registry throws an `authorization`
   * WorkflowError (403) when that namespace may not start `ref` (security/grants.ts).
   */
  get(ref: WorkflowRef, from?: { namespace: string }): Promise<Record<string, Json> | undefined>;
}

/** A serverless function's manifest (weft.json), with defaults applied. */
export interface FunctionManifest {
  name: string;
  /** Semantic version, e.g. `1.2.0`. */
  version: string;
  description?: string;
  owner?: string;
  /** JSON Schemas of the input and output. */
  input?: Json;
  output?: Json;
  memoryMb: number;
  timeoutMs: number;
  maxConcurrency: number;
  minWarm: number;
  idleMs: number;
  /** Hosts `ctx.fetch` may reach. */
  egress: string[];
  /** Secret names `ctx.secrets.get` may read. */
  secrets: string[];
  /** `POST /hooks/<path>` invokes the function: { path, secret?, schema?, respond?, input? }. */
  webhook?: Json;
}

/** One immutable deployed version: the bundled code and what describes it. */
export interface FunctionVersion {
  name: string;
  version: string;
  /** SHA-256 of code + manifest: redeploying identical content is a no-op. */
  hash: string;
  size: number;
  code: string;
  manifest: FunctionManifest;
  createdAt: number;
  /**
   * The source files the code was bundled from (relative path → text; weft.json left out, the manifest is
   * `manifest`) and the entry module's path. Not part of `hash`. Absent for versions deployed before
   * sources were kept, or whose sources were over MAX_SOURCE_BYTES; `listVersions` leaves it out.
   */
  source?: FunctionVersionSource;
}

export interface FunctionVersionSource {
  files: Record<string, string>;
  entry: string;
}

/** Kept sources are bounded (UTF-8 bytes of all files together); a larger deploy still succeeds, without them. */
export const MAX_SOURCE_BYTES = 1024 * 1024;

/** An alias routes to one version, or splits traffic between versions by weight (weights sum to 100). */
export interface FunctionAlias {
  name: string;
  alias: string;
  routes: { version: string; weight: number }[];
}

/** What one function invocation did: timing, outcome and its logs (`console.*`, `ctx.log.*`). */
export interface FunctionInvocation {
  id: string;
  name: string;
  version: string;
  at: number;
  cold: boolean;
  queueMs: number;
  durationMs: number;
  memoryBytes?: number;
  ok: boolean;
  error?: Json;
  logs: { at: number; level: string; message: string; fields?: Json }[];
}

/** Deployed function versions and aliases. One contract suite checks every adapter. */
export interface FunctionStore {
  /** Keeps an invocation record (bounded per function by the adapter). */
  recordInvocation(r: FunctionInvocation): Promise<void>;
  /** The newest invocations of a function, newest first. */
  listInvocations(name: string, limit?: number): Promise<FunctionInvocation[]>;
  /** Stores a version; the same name+version with the same hash is a no-op, with another hash an error. */
  putVersion(v: FunctionVersion): Promise<{ version: FunctionVersion; created: boolean }>;
  getVersion(name: string, version: string): Promise<FunctionVersion | undefined>;
  /** Versions of one function (newest first), or every function's latest version when `name` is absent. */
  listVersions(name?: string): Promise<FunctionVersion[]>;
  setAlias(alias: FunctionAlias): Promise<void>;
  getAlias(name: string, alias: string): Promise<FunctionAlias | undefined>;
  listAliases(name: string): Promise<FunctionAlias[]>;
}

/** A registered workflow version. Versions are immutable: the same content again is a no-op. */
export interface WorkflowRecord {
  namespace: string;
  name: string;
  version: string;
  definition: Record<string, Json>;
  /** The document as submitted (YAML or JSON text), for display and round-trips. */
  source: string;
  /** SHA-256 of the definition's canonical JSON. */
  hash: string;
  createdAt: number;
}

/** Registered workflow definitions (the API's `PUT /api/v1/workflows`). */
export interface WorkflowStore {
  /**
   * Registers a version. Same namespace/name/version with the same hash: `created: false` and the stored
   * record; with another hash: rejects with a StoreError coded WEFT_ERR_STORE_VERSION_EXISTS (409).
   */
  put(w: WorkflowRecord): Promise<{ record: WorkflowRecord; created: boolean }>;
  /** One version, or the highest (semver) when `version` is absent. */
  get(namespace: string, name: string, version?: string): Promise<WorkflowRecord | undefined>;
  /** Versions of one workflow, highest first. */
  versions(namespace: string, name: string): Promise<WorkflowRecord[]>;
  /** The highest version of every workflow, ordered by namespace then name. */
  list(): Promise<WorkflowRecord[]>;
}

export type Role = 'admin' | 'developer' | 'operator' | 'viewer' | 'invoker';

/** An API key as stored: never the secret, only a salted hash of it (and of the previous one during rotation). */
export interface ApiKeyRecord {
  id: string;
  name: string;
  /** Role per namespace; namespace `*` means every namespace. */
  scopes: { namespace: string; role: Role }[];
  hash: string;
  salt: string;
  /** The secret before the last rotation, valid until `until` (epoch ms). */
  previous?: { hash: string; salt: string; until: number };
  createdAt: number;
  createdBy: string;
  expiresAt?: number;
  revokedAt?: number;
  rotatedAt?: number;
}

/** API keys (security/api-keys.ts owns the logic; adapters only keep records). */
export interface KeyStore {
  /** Inserts or replaces the record with this id. */
  put(k: ApiKeyRecord): Promise<void>;
  get(id: string): Promise<ApiKeyRecord | undefined>;
  /** Every key, oldest first. */
  list(): Promise<ApiKeyRecord[]>;
  /** Number of keys that are neither revoked nor expired at `now`. */
  countActive(now: number): Promise<number>;
}

/** One audit record. `hash` = SHA-256 over `prev` and the record's fields, chaining every record to the one before. */
export interface AuditRecord {
  seq: number;
  at: number;
  actor: string;
  action: string;
  target: string;
  /** Hashes of the target's state before and after the action, where it has one. */
  before?: string;
  after?: string;
  detail?: Json;
  prev: string;
  hash: string;
}

export interface AuditFilter {
  actor?: string;
  action?: string;
  /** Cursor: only records with seq below this. */
  beforeSeq?: number;
  limit?: number;
}

/** The append-only audit log. */
export interface AuditStore {
  /**
   * Appends one record: `seal` receives the last record (or undefined) inside the write's transaction and
   * returns the new record with its seq, prev and hash, so concurrent appends cannot fork the chain.
   */
  append(seal: (last: AuditRecord | undefined) => AuditRecord): Promise<AuditRecord>;
  /** Newest first. */
  list(filter?: AuditFilter): Promise<AuditRecord[]>;
  /** Every record, oldest first (for verification). */
  all(): Promise<AuditRecord[]>;
}

/** An accepted event as stored: its position in the log and when it arrived. */
export interface StoredEvent {
  seq: number;
  receivedAt: number;
  event: CloudEvent;
}

export interface EventQuery {
  type?: string;
  source?: string;
  /** receivedAt ≥ this (epoch ms). */
  since?: number;
  /** Only events after this position, oldest first (tailing); without it, newest first (browsing). */
  afterSeq?: number;
  limit?: number;
}

/** One subscriber's pending work: deliver event `seq` to subscription `subscription`. */
export interface Delivery {
  /** `<subscription>|<seq>`. */
  id: string;
  subscription: string;
  seq: number;
  status: 'pending' | 'done' | 'dead';
  attempts: number;
  /** When the next attempt is due (epoch ms). */
  dueAt: number;
  updatedAt: number;
  lastError?: Json;
}

/**
 * The durable event log and its delivery queue. `append` deduplicates on (source, id) and enqueues one
 * delivery per subscription `route(event)` names, in the same transaction: an accepted event is never
 * lost for a subscriber.
 */
export interface EventLog {
  append(events: CloudEvent[], at: number, route: (event: CloudEvent) => string[]): Promise<{ seq: number; duplicate: boolean }[]>;
  list(q: EventQuery): Promise<StoredEvent[]>;
  get(seq: number): Promise<StoredEvent | undefined>;
  /** Pending deliveries due at `now`, oldest due first. */
  due(now: number, limit: number): Promise<(Delivery & { event: StoredEvent })[]>;
  /**
   * Takes up to `limit` deliveries due at `now` for the caller: they are not due again before
   * `now + leaseMs` unless settled meanwhile, so several processes (nodes) claiming at once never get
   * the same one, and one that died mid-delivery leaves it to be retried when the lease has passed.
   * Returned oldest due first, with `dueAt` the end of the lease.
   */
  claim(now: number, limit: number, leaseMs: number): Promise<(Delivery & { event: StoredEvent })[]>;
  /** Records an attempt's outcome: done, pending again (retry at `dueAt`), or dead (dead-lettered). */
  settle(id: string, outcome: { status: 'done' } | { status: 'pending'; dueAt: number; error: Json } | { status: 'dead'; error: Json }, at: number): Promise<void>;
  /** Dead-lettered deliveries, newest first. */
  dead(limit?: number): Promise<(Delivery & { event: StoredEvent })[]>;
  /** Makes a dead (or any) delivery pending again, due at `now`, with its attempts reset. */
  redrive(id: string, now: number): Promise<Delivery | undefined>;
  /** receivedAt of the oldest event with a pending delivery (the delivery lag), if any. */
  oldestPending(): Promise<number | undefined>;
}

/** Where a subscription sends matching events. */
export type SubscriptionTarget =
  | { workflow: { namespace: string; name: string; version?: string }; input?: string }
  | { function: { name: string; ref?: string }; input?: string };

export interface Subscription {
  name: string;
  /** Attribute equality (type, source, subject, …) and a jq condition on the event. */
  filter: { type?: string; source?: string; subject?: string; condition?: string };
  target: SubscriptionTarget;
  /** Attempts before dead-lettering (default 5). */
  maxAttempts?: number;
  createdAt: number;
}

/** A webhook: `POST /hooks/<path>` starts a workflow or invokes a function. */
export interface Webhook {
  path: string;
  target: SubscriptionTarget;
  /** Name of the secret (WEFT_SECRET_<NAME>) that signs bodies with HMAC-SHA256, if any. */
  secret?: string;
  /** JSON Schema of the body. */
  schema?: Json;
  /** `sync` answers with the run's output (or the function's); `async` answers 202. */
  respond: 'sync' | 'async';
  /** Who declared it: `workflow:<ns>/<name>` or `function:<name>`. */
  owner: string;
}

/** Event types' schemas, subscriptions and webhooks: the configuration of event routing. */
export interface EventCatalog {
  putType(type: string, schema: Json, at: number): Promise<void>;
  getType(type: string): Promise<{ type: string; schema: Json; updatedAt: number } | undefined>;
  listTypes(): Promise<{ type: string; schema: Json; updatedAt: number }[]>;
  deleteType(type: string): Promise<boolean>;
  putSubscription(s: Subscription): Promise<void>;
  getSubscription(name: string): Promise<Subscription | undefined>;
  listSubscriptions(): Promise<Subscription[]>;
  deleteSubscription(name: string): Promise<boolean>;
  /** Inserts or replaces the webhook at `path`. */
  putWebhook(w: Webhook): Promise<void>;
  getWebhook(path: string): Promise<Webhook | undefined>;
  listWebhooks(): Promise<Webhook[]>;
  deleteWebhook(path: string): Promise<boolean>;
}

/** A workflow schedule's durable state: which slot fired last, so that a slot fires once. */
export interface ScheduleState {
  /** `<namespace>/<name>`. */
  key: string;
  /** The slot (epoch ms) that fired last. */
  lastSlot?: number;
  updatedAt: number;
}

export interface ScheduleStore {
  get(key: string): Promise<ScheduleState | undefined>;
  list(): Promise<ScheduleState[]>;
  /**
   * Claims `slot` for `key` when it is later than the last fired slot (compare-and-set): true when this
   * caller won, false when the slot (or a later one) was already claimed.
   */
  claim(key: string, slot: number, at: number): Promise<boolean>;
}

/** What a node does: serve the API, execute runs and deliveries, fire schedules (DESIGN.md §5). */
export type NodeRole = 'api' | 'worker' | 'scheduler';

export const NODE_ROLES: readonly NodeRole[] = ['api', 'worker', 'scheduler'];

/** A node as the cluster sees it. Times are epoch ms on the database's clock. */
export interface NodeInfo {
  id: string;
  roles: NodeRole[];
  host: string;
  pid: number;
  /** Where its API listens, when it has one (e.g. http://10.0.0.5:8787). */
  address?: string;
  startedAt: number;
  heartbeatAt: number;
  /** Unfinished runs whose lease it holds and has not let expire. */
  leases: number;
  /** It heartbeat within its lease time. */
  live: boolean;
}

/** Notification channels between nodes: runs to pick up, runs that ended, events stored, run control, and subscriptions/schedules changed. */
export type ClusterChannel = 'work' | 'ended' | 'events' | 'control' | 'catalog';

/**
 * Coordination of several nodes on one database (multi-node mode). A run's lease (owner + expiry) says
 * which node executes it; the owner renews its leases by heartbeat, and when it stops (crash, kill -9,
 * partition) its leases expire and another worker claims the run and continues it from its journal.
 * Leases only decide who *tries*: the journal's conditional append is what makes two nodes unable to
 * both append a run's next step. Wake-ups are notifications; a slow poll covers missed ones.
 */
export interface Cluster {
  readonly nodeId: string;
  /** Lease expiry: a node that has not heartbeat for this long loses its leases. */
  readonly leaseMs: number;
  /** Registers (or re-registers) this node. */
  join(info: { roles: NodeRole[]; host: string; pid: number; address?: string }): Promise<void>;
  /**
   * Renews this node's row and the leases of the runs it is `driving`; returns those of them another node
   * holds now (it took them over after this node's lease expired). A lease this node holds but does not
   * drive is left to expire, so that a run nobody drives is always taken over eventually.
   */
  heartbeat(driving: string[]): Promise<string[]>;
  /** Takes up to `limit` unfinished runs that have no owner or whose lease expired (SKIP LOCKED). */
  claimOrphans(limit: number): Promise<string[]>;
  /** Gives leases back at once (graceful stop, or a run this node stopped driving). */
  release(runIds?: string[]): Promise<void>;
  /** Every known node (live and recently dead), oldest first. */
  nodes(): Promise<NodeInfo[]>;
  /** Calls `handler` for every notification on `channel` (from any node, this one included). */
  on(channel: ClusterChannel, handler: (payload: string) => void): void;
  notify(channel: ClusterChannel, payload: string): Promise<void>;
  /** Releases this node's leases, removes its row and stops listening. */
  leave(): Promise<void>;
}
