/**
 * Every port, one file each with its records (README.md lists them with their adapters and contract
 * suites). Adapters live outside (store/*, a fetch-based HTTP client, …) and are wired in cli/compose.ts;
 * tests use fakes (a manual clock, a recording HTTP client). Ports import only src/shared and src/contracts.
 */
export type { RunRecord, RunFilter, RunStore, TimerStore, Store } from './store.js';
export type { Clock } from './clock.js';
export type { Ids } from './ids.js';
export type { HttpClient } from './http-client.js';
export type { Secrets } from './secrets.js';
export type { CloudEvent } from './cloud-event.js';
export type { EventBus } from './event-bus.js';
export type { FunctionResult, FunctionRunner } from './function-runner.js';
export type { ScriptRunner } from './script-runner.js';
export type { WorkflowRegistry } from './workflow-registry.js';
export { MAX_SOURCE_BYTES } from './function-store.js';
export type { FunctionManifest, FunctionVersion, FunctionVersionSource, FunctionAlias, FunctionStore } from './function-store.js';
export type { FunctionInvocation, InvocationStore } from './invocation-store.js';
export type { WorkflowRecord, WorkflowStore } from './workflow-store.js';
export type { Role, ApiKeyRecord, KeyStore } from './key-store.js';
export type { SecretRecord, SecretVersionRecord, SecretStore } from './secret-store.js';
export type { SecretReaderKind, SecretUsageRecord, SecretUsageStore } from './secret-usage-store.js';
export type { AuditEntry, AuditRecord, AuditFilter, AuditStore } from './audit-store.js';
export type { StoredEvent, EventQuery, EventLog } from './event-log.js';
export type { Delivery, DeliveryQueue } from './delivery-queue.js';
export type { EventTypeRecord, EventTypeStore } from './event-type-store.js';
export type { SubscriptionTarget, Subscription, SubscriptionStore } from './subscription-store.js';
export type { Webhook, WebhookStore } from './webhook-store.js';
export type { ScheduleState, ScheduleStore } from './schedule-store.js';
export { NODE_ROLES } from './cluster.js';
export type { NodeRole, NodeInfo, ClusterChannel, ClusterMembership, ClusterNotifications, Cluster } from './cluster.js';
