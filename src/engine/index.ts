/** The workflow engine: a deterministic interpreter over a per-run journal, and its driver. */
export { advance, type Advanced } from './advance.js';
export type { Effect, HttpRequest, HttpResponse, Resolution, WorkflowRef } from './effects.js';
export { ErrorTypes, type Problem, WorkflowError, workflowError } from './errors.js';
export type { JournalEntry, RunStatus } from './journal.js';
export { type LifecycleEvent, RunMachine } from './machine.js';
export type {
  ApiKeyRecord,
  AuditFilter,
  AuditRecord,
  AuditStore,
  Clock,
  CloudEvent,
  Delivery,
  EventCatalog,
  EventLog,
  EventQuery,
  EventBus,
  FunctionAlias,
  FunctionInvocation,
  FunctionManifest,
  FunctionRunner,
  FunctionStore,
  FunctionVersion,
  FunctionVersionSource,
  HttpClient,
  Ids,
  KeyStore,
  Role,
  RunFilter,
  ScheduleState,
  ScheduleStore,
  StoredEvent,
  Subscription,
  SubscriptionTarget,
  Webhook,
  RunRecord,
  ScriptRunner,
  Secrets,
  Store,
  WorkflowRecord,
  WorkflowRegistry,
  WorkflowStore,
  Cluster,
  ClusterChannel,
  NodeInfo,
  NodeRole,
} from './ports.js';
export { MAX_SOURCE_BYTES, NODE_ROLES } from './ports.js';
export { Engine } from './runner.js';
export { DEFAULT_MAX_PAYLOAD_BYTES, type EngineOptions, type RunResult, type StartOptions, oversize } from './engine-options.js';
export { childTraceparent, formatTraceparent, parseTraceparent, type TraceContext } from './trace-context.js';
export { durationMs } from './durations.js';
export { MemoryRegistry } from './registry.js';
export { API_ERROR_CODES, ApiError, type ApiErrorCode, problemType } from './facade/errors.js';
export { checkExpression, compileDefinition } from './facade/definition.js';
export { OFF_THREAD_CHARS, OffThreadCompiler } from './facade/off-thread-compiler.js';
export { notFound } from './facade/errors.js';
export type { AcceptedEvent, DeliveryView, EventTypeView, EventView, EventsApi, SubscriptionInput, WebhookAnswer, FunctionSourceInput, FunctionSourceView, FunctionSummary, FunctionView, FunctionsApi, NodesApi, Page, Platform, RegisterOptions, RunQuery, RunView, RunsApi, StartRequest, Started, WorkflowDetail, WorkflowView, WorkflowsApi } from './facade/platform.js';
export { Runs, type RunsOptions } from './facade/runs.js';
export { Workflows, storeRegistry } from './facade/workflows.js';
export { runEvents } from './facade/run-events.js';
export { ClusterMember, type ClusterMemberOptions } from './cluster-member.js';
export { coalesce } from './coalesce.js';
