/**
 * `function` (call: name:version@default): the FunctionRunner port. The call starts at once — its
 * outbound I/O waits for `ready`, what the run journaled so far (see dispatch.ts) — and a refusal for
 * capacity is not an outcome: the run waits and the same call is made again (backpressure.ts).
 */
import type { Json } from '../../../shared/index.js';
import type { Effect } from '../../core/effects.js';
import { workflowError } from '../../core/errors.js';
import { retryThrottled } from '../backpressure.js';
import type { Performer } from './performer.js';

export const functionPerformer: Performer<Extract<Effect, { kind: 'function' }>> = {
  perform: (e, ctx) => {
    const runner = ctx.ports.functions;
    if (!runner) return Promise.reject(workflowError('configuration', `function ${e.name}:${e.ref}@default: no function runtime is configured`, e.pointer));
    const id = ctx.runId;
    const req = { name: e.name, ref: e.ref, input: e.input, idempotencyKey: ctx.idempotencyKey(e.key), runId: id, pointer: e.pointer, ready: ctx.durable, traceparent: ctx.traceparent(e.pointer), ...(e.pinned ? { pinned: e.pinned } : {}) };
    return retryThrottled(() => runner.invoke(req) as unknown as Promise<Json>, { clock: ctx.ports.clock, live: () => ctx.live(), signal: ctx.halt });
  },
};
