/**
 * Task and workflow `timeout`s: the body races a durable timer. The timer key is taken before the body
 * starts, so replays ask for the same key; a body that never waits finishes without any timer.
 */
import type { Timeout, Workflow } from '../../dsl/index.js';
import { type Json, isJsonObject } from '../../shared/index.js';
import { durationMs } from '../../shared/index.js';
import type { Effect, Fiber, Gen } from './effects.js';
import { workflowError } from './errors.js';

/** The timeout of a task or workflow in ms (inline `{ after }` or a `use.timeouts` name), or null. */
export function timeoutMs(spec: Timeout | string | undefined, definition: Workflow, pointer: string): number | null {
  if (spec === undefined || spec === null) return null;
  let def: Json | undefined = spec;
  if (typeof spec === 'string') {
    def = (definition.use?.timeouts ?? {})[spec];
    if (def === undefined) throw workflowError('configuration', `timeout '${spec}' is not defined in use.timeouts`, pointer);
  }
  const ms = durationMs(isJsonObject(def) ? def.after : undefined);
  if (ms === null) throw workflowError('configuration', 'timeout.after must be a duration', pointer);
  return ms;
}

export function* withTimeout<T>(body: Gen<T>, ms: number, fiber: Fiber, pointer: string, what: string): Gen<T> {
  const timer: Effect = { kind: 'timer', key: fiber.key(`${pointer}/timeout`), pointer, durationMs: ms };
  let it = body.next();
  let finished = it.done === true;
  try {
    while (!it.done) {
      const r = yield [...it.value, timer];
      if (r.key === timer.key) throw workflowError('timeout', `${what} timed out after ${ms} ms`, pointer);
      it = body.next(r);
    }
    finished = true;
    return it.value;
  } finally {
    if (!finished) body.return(undefined as never);
  }
}
