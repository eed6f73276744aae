/** `do`: a nested task list; its last output is the task's output. */
import type { DoTask } from '../../../dsl/index.js';
import type { TaskHandler } from '../run-context.js';

export const doTask: TaskHandler<DoTask> = function* (s, input) {
  return yield* s.interpreter.runTaskList(s, s.task.do, `${s.pointer}/do`, input);
};
