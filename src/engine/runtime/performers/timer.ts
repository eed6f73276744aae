/**
 * `timer` (wait, timeouts): stored first (a durable timer row, so a restart re-arms it), then armed on the
 * clock; it resolves with null when it fires.
 */
import type { Json } from '../../../shared/index.js';
import type { Effect } from '../../core/effects.js';
import type { Performer } from './performer.js';

export const timerPerformer: Performer<Extract<Effect, { kind: 'timer' }>> = {
  waits: true,
  perform: (e, ctx) =>
    ctx.ports.store.putTimer(ctx.runId, e.key, ctx.ports.clock.now() + e.durationMs).then(
      (fireAt) =>
        new Promise<Json>((resolve) => {
          ctx.arm(e.key, fireAt, () => resolve(null));
        }),
    ),
};
