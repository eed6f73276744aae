/** `now`: the clock's reading, journaled so that a replay sees the same time. */
import type { Effect } from '../../core/effects.js';
import type { Performer } from './performer.js';

export const nowPerformer: Performer<Extract<Effect, { kind: 'now' }>> = {
  perform: (_e, ctx) => Promise.resolve(ctx.ports.clock.now()),
};
