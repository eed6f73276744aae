/**
 * The function runtime's public surface. isolate-runtime.ts is deliberately NOT re-exported: it imports
 * isolated-vm statically, and this file must load where isolated-vm is missing (selectRuntime imports it
 * lazily). Import `./isolate-runtime.js` directly when you need the isolate runtime itself.
 */
export type { FetchInit, FetchResponse, FunctionRuntime, HostContext, Instance, LogLevel } from './runtime.js';
export type { IsolateMode, IsolateRuntimeOptions } from './isolate-runtime.js';
export { createWorkerRuntime } from './worker-runtime.js';
export { selectRuntime, WORKER_FALLBACK_NOTE, type RuntimeChoice, type SelectOptions } from './select.js';
export { FunctionPool, systemClock, type InvokeResult, type PoolClock, type PoolOptions, type PoolStats } from '../pool/pool.js';
export { FN_ERRORS, FN_ERROR_CODES, FunctionError, isFunctionErrorCode, type FunctionErrorCode, type FunctionErrorKind, type InvocationTiming } from '../errors.js';
