/**
 * Workflow errors: RFC 9457 problem details with the DSL's standard error types. A WorkflowError is what a
 * task raises and what `try`/`catch` filters on; `instance` is the JSON pointer of the failing task.
 */
import { ERROR_TYPE_BASE, type ErrorFamily, ErrorTypes, type Problem, WorkflowError, defineErrors, workflowError } from '../../contracts/index.js';

export { ERROR_TYPE_BASE, ErrorTypes, type Problem, WorkflowError, workflowError };

// The engine's own codes, carried by the workflow errors it raises (`code` beside the DSL's type).
const Run = defineErrors('RunError', {
  /** The run executed more tasks than its cap: a loop that does not end, most likely. */
  transitions: {
    code: 'WEFT_ERR_RUN_TRANSITIONS',
    status: 500,
    title: 'Runtime error',
    type: ErrorTypes.runtime,
    meaning: 'The run executed more tasks than one run may (`WEFT_RUN_MAX_TRANSITIONS`, 100,000 by default), most likely in a `then:` loop, `for` or `while` that does not end; it faults at the task it was about to run.',
    action: 'Make the loop end (check its condition at the task the `instance` names); a run that really needs more tasks needs the operator to raise `WEFT_RUN_MAX_TRANSITIONS`.',
  },
});

export const RUN_ERROR_CODES = Run.codes;

/** The engine's family, as the error catalog lists it. */
export const RUN_ERRORS: ErrorFamily = Run;

/** Fills in `instance` for errors escalated from a task that did not set it. */
export function withInstance(err: WorkflowError, instance: string): WorkflowError {
  if (err.problem.instance !== undefined) return err;
  return new WorkflowError({ ...err.problem, instance }, { cause: err.cause });
}

export function problemOf(err: unknown, instance?: string): Problem {
  if (err instanceof WorkflowError) return err.problem.instance || instance === undefined ? err.problem : { ...err.problem, instance };
  return workflowError('runtime', err instanceof Error ? err.message : String(err), instance).problem;
}
