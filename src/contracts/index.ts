/**
 * What the server and the studio share, as types and pure code only (no I/O, no Node built-ins): run
 * statuses, the journal's records, problem details, the DSL's error types and the error-definition factory.
 */
export { type RunStatus, LIVE, RUN_STATUSES, TERMINAL, isRunStatus } from './run-status.js';
export type { JournalEntry } from './journal.js';
export { ERROR_TYPE_BASE, ErrorTypes, type Problem } from './problem.js';
export type { HttpRequest, HttpResponse } from './http-exchange.js';
export type { WorkflowRef } from './workflow-ref.js';
export {
  type ErrorDefinition,
  type ErrorOptions,
  type FamilyOptions,
  type ProblemDetails,
  ProblemError,
  causeOptions,
  defineErrors,
  problemTypeOf,
  statusTitle,
} from './errors.js';
