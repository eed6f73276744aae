/** `wait`: a durable timer; the task's output is its input. */
import type { WaitTask } from '../../../dsl/index.js';
import { workflowError } from '../errors.js';
import { durationMs } from '../../../shared/index.js';
import type { TaskHandler } from '../run-context.js';
import { perform } from './perform.js';

export const waitTask: TaskHandler<WaitTask> = function* (s, input) {
  const ms = durationMs(s.task.wait);
  if (ms === null) throw workflowError('configuration', `wait: ${JSON.stringify(s.task.wait)} is not a valid duration`, s.pointer);
  yield* perform({ kind: 'timer', key: s.fiber.key(s.pointer), pointer: s.pointer, durationMs: ms });
  return { output: input };
};
