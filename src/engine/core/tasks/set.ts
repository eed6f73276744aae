/** `set`: the task's output is the given object (or expression), evaluated against the task input. */
import type { SetTask } from '../../../dsl/index.js';
import { evaluateDeep, evaluateJq } from '../expressions.js';
import { type TaskHandler, argsFor } from '../run-context.js';

// eslint-disable-next-line require-yield
export const setTask: TaskHandler<SetTask> = function* (s, input) {
  const spec = s.task.set;
  const args = argsFor(s, { input });
  const output = typeof spec === 'string' ? evaluateJq(spec, input, args, s.pointer) : evaluateDeep(spec, input, args, s.pointer);
  return { output };
};
