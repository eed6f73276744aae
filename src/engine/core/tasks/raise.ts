/** `raise`: faults with an inline error or one defined in `use.errors`; title and detail may be expressions. */
import type { RaiseTask } from '../../../dsl/index.js';
import { type Json, isJsonObject } from '../../../shared/index.js';
import { type Problem, WorkflowError, workflowError } from '../errors.js';
import { evaluateDeep } from '../expressions.js';
import { type TaskHandler, argsFor } from '../run-context.js';

// eslint-disable-next-line require-yield
export const raiseTask: TaskHandler<RaiseTask> = function* (s, input) {
  const raise = s.task.raise;
  let def: Json | undefined = raise?.error;
  if (typeof def === 'string') {
    def = (s.rc.definition.use?.errors ?? {})[def];
    if (def === undefined) throw workflowError('configuration', `error '${raise.error}' is not defined in use.errors`, s.pointer);
  }
  const e = evaluateDeep(def, input, argsFor(s, { input }), s.pointer);
  if (!isJsonObject(e) || typeof e.type !== 'string' || typeof e.status !== 'number') {
    throw workflowError('configuration', 'raise.error needs a type and a status', s.pointer);
  }
  const problem: Problem = { ...(e as Problem), instance: typeof e.instance === 'string' ? e.instance : s.pointer };
  throw new WorkflowError(problem);
};
