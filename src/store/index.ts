/**
 * Durable runs, journals and timers behind the engine's Store port (src/ports/).
 *
 *   SqliteStore.open(path)   the default: one SQLite file in WAL mode, group commit per event-loop turn
 *   new MemoryStore()        the same semantics in memory, for tests
 *   await PostgresStore.open(url)  PostgreSQL (scale-out): runs, journals, timers and `functions` so far
 *   store.functions          deployed function versions and aliases (FunctionStore), on either store
 *   store.workflows          registered workflow definitions (WorkflowStore)
 *   store.keys               API key records (KeyStore)
 *   store.audit              the append-only audit log (AuditStore)
 *   store.events             the event log and its delivery queue (EventLog)
 *   store.eventCatalog       event type schemas, subscriptions and webhooks (EventCatalog)
 *   store.schedules          which slot each workflow schedule fired last (ScheduleStore)
 *
 * The shared contract suites (`storeContract` in ./contract.ts, and one `*-store-contract.ts` per port) are
 * deliberately not exported here: they import vitest, which throws when loaded outside a vitest run (e.g.
 * by cli/compose.ts).
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
export { STORE_ERROR_CODES, StoreError, type StoreErrorCode } from './errors.js';
