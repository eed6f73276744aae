/**
 * Workflow errors: RFC 9457 problem details with the DSL's standard error types. A WorkflowError is what a
 * task raises and what `try`/`catch` filters on; `instance` is the JSON pointer of the failing task. A
 * contract because adapters (functions, the egress client, grants) raise the same errors the engine does.
 */
import { ProblemError } from './errors.js';
import { ErrorTypes, type Problem } from './problem.js';

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
