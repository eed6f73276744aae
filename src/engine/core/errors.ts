/**
 * Workflow errors: RFC 9457 problem details with the DSL's standard error types. A WorkflowError is what a
 * task raises and what `try`/`catch` filters on; `instance` is the JSON pointer of the failing task.
 */
import { ERROR_TYPE_BASE, ErrorTypes, type Problem, ProblemError } from '../../contracts/index.js';

export { ERROR_TYPE_BASE, ErrorTypes, type Problem };

const DEFAULT_STATUS: Record<string, number> = {
  configuration: 400, validation: 400, expression: 400, authentication: 401,
  authorization: 403, timeout: 408, communication: 500, runtime: 500,
};

/** A DSL error: its problem details are what `try`/`catch` filters on and what the journal records. */
export class WorkflowError extends ProblemError {
  constructor(problem: Problem, options?: { cause?: unknown }) {
    super(problem, options);
    this.name = 'WorkflowError';
  }
}

/** A standard error (`kind` names the DSL error type) raised at `instance`. */
export function workflowError(kind: keyof typeof ErrorTypes, detail: string, instance?: string, extra: Partial<Problem> = {}): WorkflowError {
  const title = kind.charAt(0).toUpperCase() + kind.slice(1) + ' error';
  const problem: Problem = { type: ErrorTypes[kind], status: DEFAULT_STATUS[kind], title, detail, ...extra };
  if (instance !== undefined) problem.instance = instance;
  return new WorkflowError(problem);
}

/** Fills in `instance` for errors escalated from a task that did not set it. */
export function withInstance(err: WorkflowError, instance: string): WorkflowError {
  if (err.problem.instance !== undefined) return err;
  return new WorkflowError({ ...err.problem, instance }, { cause: err.cause });
}

export function problemOf(err: unknown, instance?: string): Problem {
  if (err instanceof WorkflowError) return err.problem.instance || instance === undefined ? err.problem : { ...err.problem, instance };
  return workflowError('runtime', err instanceof Error ? err.message : String(err), instance).problem;
}
