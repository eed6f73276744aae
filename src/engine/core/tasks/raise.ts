/** `raise`: faults with an inline error or one defined in `use.errors`; title and detail may be expressions. */
import type { Json } from '../../../shared/index.js';
import { type Problem, WorkflowError, workflowError } from '../errors.js';
import { evaluateDeep } from '../expressions.js';
import { type TaskHandler, argsFor } from '../run-context.js';

// eslint-disable-next-line require-yield
export const raiseTask: TaskHandler = function* (s, input) {
  const raise = s.task.raise as Record<string, Json>;
  let def = raise?.error;
  if (typeof def === 'string') {
    const errors = ((s.rc.definition.use as Record<string, Json> | undefined)?.errors ?? {}) as Record<string, Json>;
    def = errors[def];
    if (def === undefined) throw workflowError('configuration', `error '${raise.error}' is not defined in use.errors`, s.pointer);
  }
  const e = evaluateDeep(def, input, argsFor(s, { input }), s.pointer) as Record<string, Json>;
  if (!e || typeof e.type !== 'string' || typeof e.status !== 'number') {
    throw workflowError('configuration', 'raise.error needs a type and a status', s.pointer);
  }
  const problem: Problem = { ...(e as Problem), instance: typeof e.instance === 'string' ? e.instance : s.pointer };
  throw new WorkflowError(problem);
};
