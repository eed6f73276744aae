/**
 * `event` (listen): registered with the event listeners; the event it takes becomes its outcome, so there
 * is nothing to return here (and nothing a draining stop waits for: the next owner listens again).
 */
import type { Effect } from '../../core/effects.js';
import type { Performer } from './performer.js';

export const eventPerformer: Performer<Extract<Effect, { kind: 'event' }>> = {
  waits: true,
  perform: (e, ctx) => {
    ctx.listen(e);
    return undefined;
  },
};
