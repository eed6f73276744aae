/**
 * Durable runs, journals and timers behind the engine's Store port (engine/ports.ts).
 *
 *   SqliteStore.open(path)   the default: one SQLite file in WAL mode, group commit per event-loop turn
 *   new MemoryStore()        the same semantics in memory, for tests
 *   store.functions          deployed function versions and aliases (FunctionStore), on either store
 *
 * The shared contract suite is `storeContract` in ./contract.ts; it is deliberately not exported here
 * because it imports vitest, which throws when loaded outside a vitest run (e.g. by cli/compose.ts).
 */
export { SqliteStore, type SqliteStoreOptions } from './sqlite/sqlite-store.js';
export { MemoryStore } from './memory/memory-store.js';
export { MemoryFunctionStore } from './memory/memory-function-store.js';
export { STORE_ERROR_CODES, StoreError, type StoreErrorCode } from './errors.js';
