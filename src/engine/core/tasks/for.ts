/**
 * `for`: runs `do` once per item of `for.in` (bare jq or `${ }`), with the item as `$<each>` (default
 * `$item`) and its index as `$<at>` (default `$index`); each iteration's input is the previous output.
 * `while`, when present, is checked before every iteration.
 */
import type { ForTask } from '../../../dsl/index.js';
import type { Json } from '../../../shared/index.js';
import { workflowError } from '../errors.js';
import { evaluateCondition, evaluateJq } from '../expressions.js';
import { type TaskHandler, argsFor } from '../run-context.js';

export const forTask: TaskHandler<ForTask> = function* (s, input) {
  const spec: Partial<ForTask['for']> = s.task.for ?? {};
  const each = typeof spec.each === 'string' ? spec.each : 'item';
  const at = typeof spec.at === 'string' ? spec.at : 'index';
  if (typeof spec.in !== 'string') throw workflowError('configuration', 'for.in must be an expression', s.pointer);
  const collection = evaluateJq(spec.in, input, argsFor(s, { input }), s.pointer);
  const items: Json[] = Array.isArray(collection) ? collection : collection === null ? [] : typeof collection === 'object' ? Object.values(collection) : [collection];
  let data = input;
  for (let i = 0; i < items.length; i++) {
    const locals = { ...s.locals, [each]: items[i], [at]: i };
    const scope = { ...s, locals };
    if (s.task.while !== undefined && !evaluateCondition(s.task.while, data, argsFor(scope, { input: data }), s.pointer)) break;
    const r = yield* s.interpreter.runTaskList(scope, s.task.do, `${s.pointer}/do`, data);
    data = r.output;
    if (r.then === 'end') return { output: data, then: 'end' };
  }
  return { output: data };
};
