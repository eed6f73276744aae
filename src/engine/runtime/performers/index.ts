/**
 * The performer of each effect kind, mirroring the task table (core/tasks/index.ts): a new effect kind
 * is one task file in core that yields it and one performer file here, with its line in each table.
 */
import type { Effect } from '../../core/effects.js';
import { emitPerformer } from './emit.js';
import { eventPerformer } from './event.js';
import { functionPerformer } from './function.js';
import { httpPerformer } from './http.js';
import { nowPerformer } from './now.js';
import type { Performer } from './performer.js';
import { scriptPerformer } from './script.js';
import { subflowPerformer } from './subflow.js';
import { timerPerformer } from './timer.js';
import { yieldPerformer } from './yield.js';

export type { EffectPorts, Performer, PerformerContext } from './performer.js';

export type EffectKind = Effect['kind'];

export const PERFORMERS: { [K in EffectKind]: Performer<Extract<Effect, { kind: K }>> } = {
  timer: timerPerformer,
  http: httpPerformer,
  emit: emitPerformer,
  now: nowPerformer,
  yield: yieldPerformer,
  subflow: subflowPerformer,
  function: functionPerformer,
  script: scriptPerformer,
  event: eventPerformer,
};

/** The performer of this effect (the table, typed for the effect at hand). */
export function performerOf<E extends Effect>(e: E): Performer<E> {
  return PERFORMERS[e.kind as EffectKind] as unknown as Performer<E>;
}
