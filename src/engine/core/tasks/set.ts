/** `set`: the task's output is the given object (or expression), evaluated against the task input. */
import { evaluateDeep, evaluateJq } from '../expressions.js';
import { argsFor } from '../run-context.js';
import type { TaskHandler } from './index.js';

// eslint-disable-next-line require-yield
export const setTask: TaskHandler = function* (s, input) {
  const spec = s.task.set;
  const args = argsFor(s, { input });
  const output = typeof spec === 'string' ? evaluateJq(spec, input, args, s.pointer) : evaluateDeep(spec, input, args, s.pointer);
  return { output };
};
