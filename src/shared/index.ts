/** Dependency-free helpers every module may use: JSON values, coalescing, durations, W3C trace context, error definitions. */
export { type Json, type JsonObject, isJsonObject } from './json.js';
export { coalesce } from './coalesce.js';
export { durationMs } from './durations.js';
export { childTraceparent, formatTraceparent, parseTraceparent, type TraceContext } from './trace-context.js';
export {
  type ErrorDefinition,
  type ErrorOptions,
  type FamilyOptions,
  type ProblemDetails,
  causeOptions,
  defineErrors,
  problemTypeOf,
  statusTitle,
} from './define-errors.js';
