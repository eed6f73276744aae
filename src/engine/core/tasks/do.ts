/** `do`: a nested task list; its last output is the task's output. */
import type { TaskHandler } from './index.js';
import { runTaskList } from '../interpreter.js';

export const doTask: TaskHandler = function* (s, input) {
  return yield* runTaskList(s, s.task.do, `${s.pointer}/do`, input);
};
