/** `emit`: publishes a CloudEvent built from `event.with`; the task's output is the event as published. */
import type { Json } from '../../../shared/index.js';
import { workflowError } from '../errors.js';
import { evaluateDeep } from '../expressions.js';
import { type TaskHandler, argsFor } from '../run-context.js';
import { perform } from './perform.js';

export const emitTask: TaskHandler = function* (s, input) {
  const spec = ((s.task.emit as Record<string, Json>)?.event as Record<string, Json>)?.with;
  const event = evaluateDeep(spec, input, argsFor(s, { input }), s.pointer) as Record<string, Json>;
  if (!event || typeof event !== 'object' || typeof event.type !== 'string') {
    throw workflowError('configuration', 'emit.event.with needs at least a type', s.pointer);
  }
  const output = yield* perform({ kind: 'emit', key: s.fiber.key(s.pointer), pointer: s.pointer, event });
  return { output };
};
