/** Yields one effect to the driver and returns its value, or throws the error it failed with. */
import type { Json } from '../../../shared/index.js';
import type { Effect, Gen } from '../effects.js';
import { WorkflowError } from '../errors.js';

export function* perform(effect: Effect): Gen<Json> {
  const r = yield [effect];
  if ('error' in r) throw new WorkflowError(r.error);
  return r.value;
}
