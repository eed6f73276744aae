/** Dependency-free helpers every module may use: JSON values, coalescing, durations, W3C trace context. */
export { type Json, type JsonObject, isJsonObject } from './json.js';
export { coalesce } from './coalesce.js';
export { durationMs } from './durations.js';
export { childTraceparent, formatTraceparent, parseTraceparent, type TraceContext } from './trace-context.js';
