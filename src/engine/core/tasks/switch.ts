/** `switch`: the first case whose `when` holds (or the case without `when`) decides `then`. */
import type { SwitchCase, SwitchTask } from '../../../dsl/index.js';
import { workflowError } from '../errors.js';
import { evaluateCondition } from '../expressions.js';
import { type TaskHandler, argsFor } from '../run-context.js';

// eslint-disable-next-line require-yield
export const switchTask: TaskHandler<SwitchTask> = function* (s, input) {
  const cases = s.task.switch;
  if (!Array.isArray(cases)) throw workflowError('configuration', 'switch must be a list of cases', s.pointer);
  const args = argsFor(s, { input });
  let fallback: SwitchCase | undefined;
  for (const item of cases) {
    const c = Object.values(item)[0];
    if (c.when === undefined || c.when === null) {
      fallback ??= c;
      continue;
    }
    if (evaluateCondition(c.when, input, args, s.pointer)) return { output: input, then: c.then ?? 'continue' };
  }
  return { output: input, then: fallback?.then ?? s.task.then };
};
