/**
 * Every runtime expression is compiled at validation time, so a typo in jq fails the deploy, not the
 * run. Two kinds of places hold expressions: any string written `${ … }`, and the fields the DSL
 * defines as expressions, where bare jq is allowed too (`if: .age < 18`). This module finds them; the
 * caller compiles them (`checkExpression`), because the DSL front end must not depend on `src/expr`.
 */
import { unwrapExpression } from '../shared/index.js';
import { DSL_PROBLEM_CODES, type Problem, problem } from './errors.js';
import { isObject, joinPointer } from './pointer.js';
import { walkTasks } from './walk.js';

export type CheckExpression = (jq: string) => string | null;

/**
 * The jq text of a runtime expression: the inside of `${ … }`, or — in fields defined as expressions
 * (`bare`) — the whole string. Null when the string is a plain value.
 */
export function expressionSource(value: string, bare = false): string | null {
  const inside = unwrapExpression(value);
  if (inside !== null) return inside.trim();
  return bare ? value.trim() : null;
}

/** Fields of a task that are expressions even without `${ }`. */
const TASK_FIELDS = [
  ['if'],
  ['input', 'from'],
  ['output', 'as'],
  ['export', 'as'],
  ['for', 'in'],
  ['while'],
  ['catch', 'when'],
  ['catch', 'exceptWhen'],
  ['catch', 'retry', 'when'],
  ['catch', 'retry', 'exceptWhen'],
  ['foreach', 'output', 'as'],
  ['foreach', 'export', 'as'],
  ['with', 'subscription', 'foreach', 'output', 'as'],
  ['with', 'subscription', 'foreach', 'export', 'as'],
];

/** Parts that are data about the workflow, never evaluated (`metadata`, JSON schemas). */
const TASK_DATA = [['metadata'], ['input', 'schema'], ['output', 'schema'], ['export', 'schema']];

export function checkExpressions(document: unknown, checkExpression: CheckExpression): Problem[] {
  if (!isObject(document)) return [];
  const problems: Problem[] = [];
  const done = new Set<string>(['/document', '/input/schema', '/output/schema']);
  const check = (value: unknown, pointer: string, bare: boolean): void => {
    if (done.has(pointer) || typeof value !== 'string') return;
    const src = expressionSource(value, bare);
    if (src === null) return;
    done.add(pointer);
    const error = checkExpression(src);
    if (error !== null) problems.push(problem(pointer, DSL_PROBLEM_CODES.expression, `invalid runtime expression: ${error}`));
  };
  const field = (root: unknown, pointer: string, path: string[]): void => {
    let node = root;
    for (const key of path) node = isObject(node) ? node[key] : undefined;
    check(node, joinPointer(pointer, ...path), true);
  };

  field(document, '', ['input', 'from']);
  field(document, '', ['output', 'as']);
  if (isObject(document.schedule)) strategy(document.schedule.on, '/schedule/on', field);
  const use = isObject(document.use) ? document.use : {};
  if (isObject(use.retries)) {
    for (const name of Object.keys(use.retries)) for (const f of ['when', 'exceptWhen']) field(use.retries, '/use/retries', [name, f]);
  }
  if (Array.isArray(use.extensions)) {
    use.extensions.forEach((item, i) => {
      if (isObject(item)) for (const name of Object.keys(item)) field(item, joinPointer('/use/extensions', i), [name, 'when']);
    });
  }
  walkTasks(document, ({ task, pointer }) => {
    for (const path of TASK_FIELDS) field(task, pointer, path);
    for (const path of TASK_DATA) done.add(joinPointer(pointer, ...path));
    if (Array.isArray(task.switch)) {
      task.switch.forEach((item, i) => {
        if (isObject(item)) for (const name of Object.keys(item)) field(item, joinPointer(pointer, 'switch', i), [name, 'when']);
      });
    }
    if (isObject(task.listen)) strategy(task.listen.to, joinPointer(pointer, 'listen', 'to'), field);
  });
  // Then every `${ … }` anywhere else (call arguments, `set`, event data, error details, …).
  const walk = (node: unknown, pointer: string): void => {
    if (done.has(pointer) && typeof node !== 'string') return;
    if (typeof node === 'string') check(node, pointer, false);
    else if (Array.isArray(node)) node.forEach((v, i) => walk(v, joinPointer(pointer, i)));
    else if (isObject(node)) for (const [k, v] of Object.entries(node)) walk(v, joinPointer(pointer, k));
  };
  walk(document, '');
  return problems;
}

type Field = (root: unknown, pointer: string, path: string[]) => void;

/** An event consumption strategy: `until` (bare jq, or a nested strategy) and correlation `from`s. */
function strategy(node: unknown, pointer: string, field: Field): void {
  if (!isObject(node)) return;
  if (isObject(node.until)) strategy(node.until, joinPointer(pointer, 'until'), field);
  else field(node, pointer, ['until']);
  const filters: [unknown, string][] = [[node.one, joinPointer(pointer, 'one')]];
  for (const key of ['all', 'any']) {
    const list = node[key];
    if (Array.isArray(list)) list.forEach((f, i) => filters.push([f, joinPointer(pointer, key, i)]));
  }
  for (const [filter, at] of filters) {
    if (isObject(filter) && isObject(filter.correlate)) {
      for (const name of Object.keys(filter.correlate)) field(filter.correlate, joinPointer(at, 'correlate'), [name, 'from']);
    }
  }
}
