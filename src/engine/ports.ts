/**
 * Every port the engine needs. Adapters live outside the engine (store/*, a fetch-based HTTP client, …)
 * and are wired in cli/compose.ts; tests use fakes (a manual clock, a recording HTTP client).
 */
import type { Json } from '../expr/index.js';
import type { HttpRequest, HttpResponse, WorkflowRef } from './effects.js';
import type { Problem } from './errors.js';
import type { JournalEntry, RunStatus } from './journal.js';

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
}

export interface RunFilter {
  status?: RunStatus[];
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
  /** All secrets visible to workflows, by name. Values never enter journals or logs. */
  all(): Record<string, string>;
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
  }): Promise<{ version: string; output: Json }>;
}

/** Runs `run: script` code (JavaScript) in a sandbox; failures inside the script are a non-zero `code`. */
export interface ScriptRunner {
  run(req: { code: string; arguments: string[]; environment: Record<string, string>; stdin: string | null; idempotencyKey: string }): Promise<{ code: number; stdout: string; stderr: string }>;
}

/** Registered workflow definitions, for `run: workflow`. */
export interface WorkflowRegistry {
  get(ref: WorkflowRef): Promise<Record<string, Json> | undefined>;
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
}

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
