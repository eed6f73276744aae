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
  EventBus,
  FunctionAlias,
  FunctionInvocation,
  FunctionManifest,
  FunctionRunner,
  FunctionStore,
  FunctionVersion,
  HttpClient,
  Ids,
  KeyStore,
  Role,
  RunFilter,
  RunRecord,
  ScriptRunner,
  Secrets,
  Store,
  WorkflowRecord,
  WorkflowRegistry,
  WorkflowStore,
} from './ports.js';
export { Engine, type EngineOptions, type RunResult } from './runner.js';
export { durationMs } from './durations.js';
export { MemoryRegistry } from './registry.js';
