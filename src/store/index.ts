/**
 * The store adapters (src/ports/README.md lists every port, its adapters and its contract suite):
 *
 *   SqliteStore.open(path)   the default: one SQLite file in WAL mode, group commit per event-loop turn
 *   new MemoryStore()        the same semantics in memory, for tests
 *   await PostgresStore.open(url)  PostgreSQL (scale-out)
 *
 * Each is the engine's Store (RunStore + TimerStore) and holds the platform's other ports, one adapter
 * object per table set (an object may implement several ports):
 *   store.functions          deployed function versions and aliases (FunctionStore)
 *   store.invocations        function invocation records (InvocationStore; the same object as `functions`)
 *   store.workflows          registered workflow definitions (WorkflowStore)
 *   store.keys               API key records (KeyStore)
 *   store.audit              the append-only audit log (AuditStore)
 *   store.events             the event log (EventLog)
 *   store.deliveries         its delivery queue (DeliveryQueue; the same object as `events`)
 *   store.eventTypes         event type schemas (EventTypeStore)
 *   store.subscriptions      subscriptions (SubscriptionStore; the same object as `eventTypes`)
 *   store.webhooks           webhooks (WebhookStore; the same object as `eventTypes`)
 *   store.schedules          which slot each workflow schedule fired last (ScheduleStore)
 *   store.secrets            the vault's sealed secrets and their versions (SecretStore)
 *
 * The contract suites (./contracts/, one per port) are deliberately not exported here: they import
 * vitest, which throws when loaded outside a vitest run (e.g. by cli/compose.ts).
 */
export { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
export { PostgresStore, type PostgresStoreOptions } from './postgres/postgres-store.js';
export { MemoryStore } from './memory/memory-store.js';
export { MemoryFunctionStore } from './memory/memory-function-store.js';
export { MemoryWorkflowStore } from './memory/memory-workflow-store.js';
export { MemoryKeyStore } from './memory/memory-key-store.js';
export { MemoryAuditStore } from './memory/memory-audit-store.js';
export { MemoryEventLog } from './memory/memory-event-log.js';
export { MemoryEventCatalog } from './memory/memory-event-catalog.js';
export { MemoryScheduleStore } from './memory/memory-schedule-store.js';
export { STORE_ERRORS, STORE_ERROR_CODES, StoreError, type StoreErrorCode } from './errors.js';
