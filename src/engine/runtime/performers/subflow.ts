/**
 * `subflow` (run: workflow): starts the child run once — its id `<run>/<key>` is derived from the effect
 * key, so a replay finds it instead of starting another — and, if awaited, waits for its end.
 */
import type { Json } from '../../../shared/index.js';
import type { Effect } from '../../core/effects.js';
import { WorkflowError, workflowError } from '../../core/errors.js';
import type { Performer, PerformerContext } from './performer.js';

type SubflowEffect = Extract<Effect, { kind: 'subflow' }>;

export const subflowPerformer: Performer<SubflowEffect> = {
  waits: true,
  perform: (e, ctx) => subflow(`${ctx.runId}/${e.key}`, e, ctx),
};

async function subflow(childId: string, e: SubflowEffect, ctx: PerformerContext): Promise<Json> {
  const { store, registry } = ctx.ports;
  if (!(await store.getRun(childId))) {
    const ref = `${e.workflow.namespace}/${e.workflow.name}:${e.workflow.version ?? 'latest'}`;
    const def = registry ? await registry.get(e.workflow, { namespace: ctx.namespace }) : undefined;
    if (!def) throw workflowError('configuration', `workflow ${ref} is not registered`, e.pointer);
    await ctx.start(def, e.input, childId);
  }
  if (!e.await) return null;
  const r = await ctx.result(childId);
  if (r.status === 'completed') return r.output ?? null;
  const cause = r.error ?? workflowError('runtime', `sub-workflow run ${childId} ${r.status}`).problem;
  throw new WorkflowError({ ...cause, instance: e.pointer, detail: `${cause.detail ?? cause.title ?? cause.type} (in sub-workflow run ${childId})` });
}
