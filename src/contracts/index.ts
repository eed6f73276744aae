/**
 * What the server and the studio share, as types and pure code only (no I/O, no Node built-ins): run
 * statuses, the journal's records, problem details and the DSL's error types, the error-definition
 * factory and the studio designer's codes, task kinds, the JSON-pointer codec, runtime-expression text
 * and the HTTP API's schemas.
 */
export { type RunStatus, LIVE, RUN_STATUSES, TERMINAL, isRunStatus } from './run-status.js';
export type { JournalEntry } from './journal.js';
export { ERROR_TYPE_BASE, ErrorTypes, type Problem } from './problem.js';
export type { HttpRequest, HttpResponse, OAuth2Grant } from './http-exchange.js';
export type { WorkflowRef } from './workflow-ref.js';
export { escapeToken, getAtTokens, joinPointer, splitPointer, unescapeToken } from './pointer.js';
export { TASK_KINDS, TASK_KIND_DETECTION_ORDER, type TaskKind, taskKindOf } from './task-kinds.js';
export { expressionText, isRuntimeExpression, unwrapExpression } from './expression-text.js';
// The HTTP API's route schemas and the types derived from them (api/index.ts lists them).
export * from './api/index.js';
export {
  type ErrorDefinition,
  type ErrorFamily,
  type ErrorOptions,
  type FamilyOptions,
  type CodedProblem,
  ProblemError,
  causeOptions,
  defineErrors,
  problemTypeOf,
  statusTitle,
} from './errors.js';
export { WorkflowError, workflowError } from './workflow-error.js';
export { STUDIO_ERRORS, type StudioErrorCode } from './studio-errors.js';
export { DEFAULT_MAX_PAYLOAD_BYTES, oversize } from './payload-limits.js';
// What a function's code sees (published as `weft/sdk`).
export type { FunctionContext, FunctionEvent, FunctionFetchInit, FunctionFetchResponse, FunctionLog, Handler, JsonValue } from './function-sdk.js';
