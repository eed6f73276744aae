/** `emit`: publishes a CloudEvent built from `event.with`; the task's output is the event as published. */
import type { EmitTask } from '../../../dsl/index.js';
import { isJsonObject } from '../../../shared/index.js';
import { workflowError } from '../errors.js';
import { evaluateDeep } from '../expressions.js';
import { type TaskHandler, argsFor } from '../run-context.js';
import { perform } from './perform.js';

export const emitTask: TaskHandler<EmitTask> = function* (s, input) {
  const spec = s.task.emit?.event?.with;
  const event = evaluateDeep(spec, input, argsFor(s, { input }), s.pointer);
  if (!isJsonObject(event) || typeof event.type !== 'string') {
    throw workflowError('configuration', 'emit.event.with needs at least a type', s.pointer);
  }
  const output = yield* perform({ kind: 'emit', key: s.fiber.key(s.pointer), pointer: s.pointer, event });
  return { output };
};
