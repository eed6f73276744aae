/** The platform's use cases shared by the HTTP API and the CLI: workflows, runs, events, functions, nodes. */
export { API_ERRORS, API_ERROR_CODES, ApiError, type ApiErrorCode, problemType } from './errors.js';
export { checkExpression, compileDefinition } from './definition.js';
export { OFF_THREAD_CHARS, OffThreadCompiler } from './off-thread-compiler.js';
export { notFound } from './errors.js';
export type { AcceptedEvent, DeliveryView, DraftInvocationView, DraftRequest, EventTypeView, EventView, EventsApi, SubscriptionInput, WebhookAnswer, FunctionSourceInput, FunctionSourceView, FunctionSummary, FunctionView, FunctionsApi, NodesApi, Page, Platform, RegisterOptions, RunQuery, RunView, RunsApi, StartRequest, Started, WorkflowDetail, WorkflowView, WorkflowsApi } from './platform.js';
export { Runs, type RunsOptions } from './runs.js';
export { type BulkRedriveOptions, type BulkRedriveQuery, type BulkRedriveStarted, DEFAULT_REDRIVE_RATE } from './bulk-redrive.js';
export { type ViewOptions, markedBy } from './sensitive-views.js';
export { Secrets, type SecretsApi, type VaultPort, secretView } from './secrets.js';
export { Workflows, storeRegistry } from './workflows.js';
export { type TaskTestPorts, TaskTests, type TestTaskRequest } from './task-tests.js';
export { runEvents } from './run-events.js';
export { type AwaitedHook, type FunctionInvoked, HOOK_NAMES, isAwaited, type HookHandler, type HookName, type HookOrigin, type HookPayloads, Hooks, type HttpCalled, type NotifiedHook } from './hooks.js';
export { memberHooks, relayToCluster } from './cluster-relay.js';
export type { AccessPolicy, AuditEntryInput, AuditPort, AuthMethod, IssuedKeyInfo, KeyInfo, KeysPort, Refusal, SsoIdentity, SsoPort, SsoSession } from './access.js';
// The DSL parser's JSON text scan (depth, entries), which the HTTP gateway runs on bodies before JSON.parse.
export { jsonShape } from '../dsl/index.js';
