/**
 * Dependency-free helpers every module may use: JSON values, coalescing, durations, W3C trace context,
 * error definitions, and the DSL's pure vocabulary (pointer codec, task kinds, expression text) that contracts re-exports.
 */
export { type Json, type JsonObject, isJsonObject } from './json.js';
export { coalesce } from './coalesce.js';
export { durationMs } from './durations.js';
export { networkCause } from './network-cause.js';
export { MIN_SECRET_LENGTH, REDACTED, containsAny, redactValues, secretStrings } from './redact.js';
export { childTraceparent, formatTraceparent, hex16, parseTraceparent, runTrace, type TraceContext } from './trace-context.js';
export { escapeToken, getAtTokens, joinPointer, splitPointer, unescapeToken } from './pointer.js';
export { TASK_KINDS, TASK_KIND_DETECTION_ORDER, type TaskKind, taskKindOf } from './task-kinds.js';
export { expressionText, isRuntimeExpression, unwrapExpression } from './expression-text.js';
export {
  type ErrorDefinition,
  type ErrorFamily,
  type ErrorOptions,
  type FamilyOptions,
  type CodedProblem,
  causeOptions,
  defineErrors,
  problemTypeOf,
  statusTitle,
} from './define-errors.js';
