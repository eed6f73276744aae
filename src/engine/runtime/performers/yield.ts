/** `yield`: a pause between two tasks of a run that only computes (see RunMachine's pacing). */
import type { Json } from '../../../shared/index.js';
import type { Effect } from '../../core/effects.js';
import type { Performer } from './performer.js';

export const yieldPerformer: Performer<Extract<Effect, { kind: 'yield' }>> = {
  // Other runs, requests and timers go first; the pause is journaled like any outcome.
  perform: () => new Promise<Json>((resolve) => setImmediate(() => resolve(null))),
};
