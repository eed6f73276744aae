/**
 * The platform façade: what the CLI and the HTTP API both call (one set of use cases, two front ends).
 * Views are plain JSON with ISO 8601 times; failures are ApiErrors (errors.ts) or, for function calls,
 * `{ problem }` rejections as the FunctionRunner port defines them.
 */
import type { Json } from '../shared/index.js';
import type * as Api from '../contracts/index.js';
import type { CloudEvent, EventQuery, FunctionAlias, FunctionInvocation, FunctionManifest, NodeInfo, Subscription, SubscriptionTarget, Webhook } from '../ports/index.js';
import type { RunStatus } from '../contracts/index.js';
import type { SecretsApi } from './secrets.js';
import type { ViewOptions } from './sensitive-views.js';
import type { RepairRequest } from './run-repair.js';
import type { TestTaskRequest } from './task-tests.js';
import type { BulkRedriveOptions, BulkRedriveQuery, BulkRedriveStarted } from './bulk-redrive.js';

// The API's shapes are the contract's (src/contracts/api: derived from the route schemas), not restated here.
export type { AcceptedEvent, DraftInvocationView, EventTypeView, FunctionSourceView, Page, FunctionSummary, RunView, TestTaskView, WorkflowDetail, WorkflowView } from '../contracts/index.js';
export type { TestTaskRequest };
type Page<T> = Api.Page<T>;
type RunView = Api.RunView;
type WorkflowView = Api.WorkflowView;
type WorkflowDetail = Api.WorkflowDetail;
type TestTaskView = Api.TestTaskView;
/** A version with the server's own manifest type. */
export type FunctionView = Api.FunctionView<FunctionManifest>;
export type EventView = Api.EventView<CloudEvent>;
export type DeliveryView = Api.DeliveryView<CloudEvent>;

export interface RunQuery {
  namespace?: string;
  /** Only runs of these namespaces (the gateway: those a caller without `*` may read). */
  namespaces?: string[];
  name?: string;
  version?: string;
  status?: RunStatus[];
  /** ISO 8601 or epoch ms bounds on createdAt. */
  from?: number;
  to?: number;
  cursor?: string;
  limit?: number;
}

export interface StartRequest {
  namespace: string;
  name: string;
  version?: string;
  input: Json;
  idempotencyKey?: string;
  traceparent?: string;
  /** Wait up to this long for the run to end (`Prefer: wait=<seconds>`). */
  waitMs?: number;
}

export interface Started {
  run: RunView;
  /** False when an Idempotency-Key named an existing run. */
  created: boolean;
}

export interface RegisterOptions {
  /** Called with the document's namespace once it is known, before anything is stored: throws to refuse. */
  authorize?: (namespace: string) => void;
}

export interface WorkflowsApi {
  register(text: string, opts?: RegisterOptions): Promise<{ workflow: WorkflowView; created: boolean }>;
  list(): Promise<WorkflowView[]>;
  versions(namespace: string, name: string): Promise<WorkflowView[]>;
  get(namespace: string, name: string, version: string): Promise<WorkflowDetail>;
  /** One task of a version run in isolation, its effects mocked (or real where allowed); nothing stored. */
  testTask(req: TestTaskRequest, o?: ViewOptions): Promise<TestTaskView>;
}

/**
 * Runs. Every view masks secret values; `o.seesSensitive` says in which namespaces the caller may see
 * what schemas mark `x-weft-sensitive` (the gateway: the `data:read-sensitive` action), else it is masked.
 */
export interface RunsApi {
  start(req: StartRequest, o?: ViewOptions): Promise<Started>;
  get(id: string, o?: ViewOptions): Promise<RunView>;
  list(q: RunQuery, o?: ViewOptions): Promise<Page<RunView>>;
  /** The run's lifecycle events (workflow and task), rebuilt from its journal. */
  events(id: string, o?: ViewOptions): Promise<CloudEvent[]>;
  cancel(id: string, reason?: string, o?: ViewOptions): Promise<RunView>;
  suspend(id: string, o?: ViewOptions): Promise<RunView>;
  resume(id: string, o?: ViewOptions): Promise<RunView>;
  /** The same run goes on from the task that failed (faulted or cancelled runs; run-repair.ts). */
  redrive(id: string, req: RepairRequest, o?: ViewOptions): Promise<RunView>;
  /** A new run that copies this one's outcomes before task `from`, then runs from it. */
  rerun(id: string, req: RepairRequest & { from: string }, o?: ViewOptions): Promise<RunView>;
  /** Redrives the runs a filter matches, paced, in the background (or lists them: dryRun); bulk-redrive.ts. */
  redriveMatching(q: BulkRedriveQuery, req?: BulkRedriveOptions): Promise<BulkRedriveStarted>;
}

/** A function's modules by relative path, or (local commands only) a folder or file on disk. */
export type FunctionSourceInput = { files: Record<string, string>; entry?: string } | { dir: string; entry?: string };

export interface FunctionsApi {
  /** Bundles and stores a version (`manifest` overrides weft.json); identical content returns the existing one. */
  deploy(source: FunctionSourceInput, manifest?: Json): Promise<{ function: FunctionView; created: boolean }>;
  list(): Promise<Api.FunctionSummary[]>;
  get(name: string): Promise<Api.FunctionDetail<FunctionManifest>>;
  /** Points an alias at versions (weights sum to 100); returns the alias before and after. */
  setAlias(alias: FunctionAlias): Promise<{ before?: FunctionAlias; after: FunctionAlias }>;
  invoke(req: { name: string; ref?: string; input: Json; idempotencyKey?: string; traceparent?: string }): Promise<{ version: string; output: Json }>;
  logs(name: string, limit?: number): Promise<FunctionInvocation[]>;
  /** The source files a version was deployed from; 404 when the version is unknown or has no kept source. */
  source(name: string, version: string): Promise<Api.FunctionSourceView>;
  /**
   * Packages `source` as `deploy` would and runs it once with `input`, storing nothing (a draft of edited
   * code). The function need not be deployed; the manifest must name `name`. A failing call rejects as
   * `invoke` does, its problem with `draft: true` and, when the code ran, `invocation` (the record).
   */
  draft(req: DraftRequest): Promise<Api.DraftInvocationView>;
}

export interface DraftRequest {
  name: string;
  source: FunctionSourceInput;
  /** Overrides weft.json, as in `deploy`. */
  manifest?: Json;
  input: Json;
  traceparent?: string;
}

export interface SubscriptionInput {
  filter?: Subscription['filter'];
  target: SubscriptionTarget;
  maxAttempts?: number;
}

export interface WebhookAnswer {
  /** 200 with the output (sync), 202 with the run (async, or a run still going after its wait). */
  status: 200 | 202;
  body: Json;
  location?: string;
}

export interface EventsApi {
  /** Structured mode: one event or a batch (array). All are validated before any is stored. */
  publish(body: unknown): Promise<Api.AcceptedEvent[]>;
  /** Binary mode: `ce-*` headers and the body as `data`. */
  publishBinary(headers: Record<string, string | string[] | undefined>, body: string): Promise<Api.AcceptedEvent[]>;
  /** `o`: as for runs, what event types' schemas mark x-weft-sensitive is masked unless the caller may see it. */
  list(q: EventQuery, o?: ViewOptions): Promise<EventView[]>;
  putType(type: string, schema: Json): Promise<{ type: Api.EventTypeView; created: boolean }>;
  getType(type: string): Promise<Api.EventTypeView>;
  listTypes(): Promise<Api.EventTypeView[]>;
  deleteType(type: string): Promise<void>;
  putSubscription(name: string, s: SubscriptionInput): Promise<{ subscription: Subscription; created: boolean }>;
  getSubscription(name: string): Promise<Subscription>;
  listSubscriptions(): Promise<Subscription[]>;
  deleteSubscription(name: string): Promise<void>;
  deadLetters(limit?: number, o?: ViewOptions): Promise<DeliveryView[]>;
  redrive(id: string, o?: ViewOptions): Promise<DeliveryView>;
  webhooks(): Promise<Webhook[]>;
  /** The webhook at `path` (404 when none). */
  webhook(path: string): Promise<Webhook>;
  /** Runs the webhook at `path` with the body as received (`raw` for the signature, `body` parsed). */
  hook(path: string, headers: Record<string, string | string[] | undefined>, raw: Buffer, body: Json): Promise<WebhookAnswer>;
}

/** The nodes sharing the database: this one alone on SQLite, every live (or recently dead) one on PostgreSQL. */
export interface NodesApi {
  list(): Promise<NodeInfo[]>;
}

export interface Platform {
  workflows: WorkflowsApi;
  runs: RunsApi;
  functions: FunctionsApi;
  events: EventsApi;
  nodes: NodesApi;
  secrets: SecretsApi;
}
