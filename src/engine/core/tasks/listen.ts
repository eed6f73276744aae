/**
 * `listen`: waits for events, one effect per consumed event. `to.one` takes one event; `to.any` the first
 * matching event, or — with `until` — events until the condition (jq on the array of events consumed so
 * far) holds; `to.all` one event per filter, in any order. The output is the consumed events, in order,
 * read as `data` (default), `envelope` or `raw`. Correlations without `expect` take their expectation
 * from the first event that carries them. `until` may also be an event strategy: its events end the
 * listening and are left out of the output.
 */
import type { ListenTask, SubscriptionIterator } from '../../../dsl/index.js';
import type { Json } from '../../../shared/index.js';
import type { EventFilterSpec, Gen } from '../effects.js';
import { workflowError } from '../errors.js';
import { evaluateCondition, evaluateDeep, evaluateTransform } from '../expressions.js';
import { correlationsOf } from '../event-filters.js';
import { type TaskHandler, type TaskScope, argsFor } from '../run-context.js';
import { perform } from './perform.js';

type Obj = Record<string, Json>;

function filtersOf(list: Json, input: Json, args: Obj, pointer: string): EventFilterSpec[] {
  const filters = Array.isArray(list) ? list : [list];
  return filters.map((f, index) => {
    const spec = (f ?? {}) as Obj;
    const correlate: EventFilterSpec['correlate'] = {};
    for (const [name, c] of Object.entries((spec.correlate ?? {}) as Obj)) {
      const cc = c as Obj;
      if (typeof cc.from !== 'string') throw workflowError('configuration', `correlation '${name}' needs a from expression`, pointer);
      correlate[name] = { from: cc.from, ...(cc.expect === undefined ? {} : { expect: evaluateDeep(cc.expect, input, args, pointer) }) };
    }
    return { index, with: (spec.with ?? {}) as Obj, ...(Object.keys(correlate).length ? { correlate } : {}) };
  });
}

/** Filter indices of an `until` event strategy are offset so that its events are told apart. */
const UNTIL = 1_000_000;

/** The filters of a consumption strategy (`one`, `any` or `all`), or null when it names none. */
function strategy(to: Obj, input: Json, args: Obj, pointer: string): { mode: 'one' | 'any' | 'all'; filters: EventFilterSpec[] } | null {
  const mode = 'one' in to ? 'one' : 'all' in to ? 'all' : 'any' in to ? 'any' : null;
  if (!mode) return null;
  let filters = filtersOf(to[mode], input, args, pointer);
  if (mode === 'any' && filters.length === 0) filters = [{ index: 0, with: {} }]; // `any: []` takes every event
  return { mode, filters };
}

export const listenTask: TaskHandler<ListenTask> = function* (s, input) {
  const spec: Partial<ListenTask['listen']> = s.task.listen ?? {};
  // The strategy (`one`, `any`, `all`, `until`) is matched generically below.
  const to: Obj = spec.to ?? {};
  const read: string = spec.read ?? 'data';
  const args = argsFor(s, { input });
  const main = strategy(to, input, args, s.pointer);
  if (!main) throw workflowError('configuration', 'listen.to needs one, any or all', s.pointer);
  const { mode } = main;
  let filters = main.filters;
  // `until` is a condition on the events consumed so far, or an event strategy of its own whose events
  // end the listening and are not part of the output.
  const untilStrategy = to.until !== null && typeof to.until === 'object' ? strategy(to.until as Obj, input, args, s.pointer) : null;
  if (to.until !== undefined && typeof to.until !== 'string' && !untilStrategy) throw workflowError('configuration', 'listen until must be an expression or an event strategy', s.pointer);
  let untilFilters = (untilStrategy?.filters ?? []).map((f) => ({ ...f, index: f.index + UNTIL }));
  const consumed: Obj[] = [];
  const items: Json[] = [];
  const readEvent = (e: Obj): Json => (read === 'envelope' ? e : (e.data ?? null));
  const view = () => consumed.map(readEvent);
  const foreach = s.task.foreach;
  for (;;) {
    const got = (yield* perform({ kind: 'event', key: s.fiber.key(s.pointer), pointer: s.pointer, filters: [...filters, ...untilFilters] })) as Obj;
    const event = got.event as Obj;
    const index = got.filter as number;
    if (index >= UNTIL) {
      untilFilters = untilStrategy!.mode === 'all' ? untilFilters.filter((f) => f.index !== index) : [];
      if (untilFilters.length === 0) break;
      continue;
    }
    consumed.push(event);
    if (foreach) items.push(yield* iterate(s, foreach, readEvent(event), consumed.length - 1));
    const matched = filters.find((f) => f.index === index);
    if (matched?.correlate) {
      // Correlations without an expectation are pinned by the first event that carries them.
      const values = correlationsOf(matched, event);
      for (const f of filters) for (const [name, c] of Object.entries(f.correlate ?? {})) if (c.expect === undefined && name in values) c.expect = values[name];
    }
    if (mode === 'one') break;
    if (mode === 'all') {
      filters = filters.filter((f) => f.index !== index);
      if (filters.length === 0) break;
      continue;
    }
    if (untilStrategy) continue;
    if (to.until === undefined || evaluateCondition(to.until, view(), args, s.pointer)) break;
  }
  return { output: foreach ? items : view() };
};

/**
 * `foreach`: each consumed event runs `do` (the event as `$<item>`, default `$item`, and as input; its
 * index as `$<at>`), then the item's `output.as` and `export.as`. The task outputs the processed items.
 */
function* iterate(s: TaskScope, foreach: SubscriptionIterator, item: Json, index: number): Gen<Json> {
  const locals = { ...s.locals, [typeof foreach.item === 'string' ? foreach.item : 'item']: item, [typeof foreach.at === 'string' ? foreach.at : 'index']: index };
  const scope = { ...s, locals };
  const pointer = `${s.pointer}/foreach`;
  const r = foreach.do === undefined ? { output: item } : yield* s.interpreter.runTaskList(scope, foreach.do, `${pointer}/do`, item);
  const out = foreach.output ?? {};
  const output = out.as === undefined ? r.output : evaluateTransform(out.as, r.output, argsFor(scope, { input: item }), pointer);
  const ex = foreach.export ?? {};
  if (ex.as !== undefined) s.rc.context = evaluateTransform(ex.as, output, argsFor(scope, { input: item, output }), pointer);
  return output;
}
