/** `script` (run: script in JavaScript): the ScriptRunner port, idempotency key `<run>:<key>`. */
import type { Json } from '../../../shared/index.js';
import type { Effect } from '../../core/effects.js';
import { workflowError } from '../../core/errors.js';
import type { Performer } from './performer.js';

export const scriptPerformer: Performer<Extract<Effect, { kind: 'script' }>> = {
  perform: (e, ctx) =>
    ctx.ports.scripts
      ? (ctx.ports.scripts.run({ code: e.code, arguments: e.arguments, environment: e.environment, stdin: e.stdin, idempotencyKey: ctx.idempotencyKey(e.key) }) as unknown as Promise<Json>)
      : Promise.reject(workflowError('configuration', 'run: script: no script runtime is configured', e.pointer)),
};
