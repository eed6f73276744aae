/**
 * Workflow errors: RFC 9457 problem details with the DSL's standard error types. A WorkflowError is what a
 * task raises and what `try`/`catch` filters on; `instance` is the JSON pointer of the failing task.
 */
import { ERROR_TYPE_BASE, ErrorTypes, type Problem, WorkflowError, workflowError } from '../../contracts/index.js';

export { ERROR_TYPE_BASE, ErrorTypes, type Problem, WorkflowError, workflowError };

/** Fills in `instance` for errors escalated from a task that did not set it. */
export function withInstance(err: WorkflowError, instance: string): WorkflowError {
  if (err.problem.instance !== undefined) return err;
  return new WorkflowError({ ...err.problem, instance }, { cause: err.cause });
}

export function problemOf(err: unknown, instance?: string): Problem {
  if (err instanceof WorkflowError) return err.problem.instance || instance === undefined ? err.problem : { ...err.problem, instance };
  return workflowError('runtime', err instanceof Error ? err.message : String(err), instance).problem;
}
