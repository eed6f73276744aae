/**
 * Assignment operators, with jq 1.7.1's definitions:
 *   `p = v`   for each $v of v (on `.`): reduce path(p) as $q (.; setpath($q; $v))
 *   `p |= f`  reduce path(p) as $q (.; setpath($q; getpath($q) | first(f))); the paths where f is empty
 *             are deleted at the end, all at once
 *   `p op= v` for each $v of v (on `.`): p |= . op $v      (`//=` likewise with `. // $v`)
 * Paths are computed from the original input; updates apply in order.
 */
import * as arith from './arith.js';
import type { AssignOp } from './ast.js';
import { tick } from './budget.js';
import { type Json, truthy } from './json.js';
import { delpaths, getpath, setpath } from './paths.js';
import { type Code, type Env, firstOutput, invalidPath, valuesOnly } from './runtime.js';

const OPS: Record<string, (a: Json, b: Json) => Json> = {
  '+=': arith.add,
  '-=': arith.subtract,
  '*=': arith.multiply,
  '/=': arith.divide,
  '%=': arith.modulo,
  '//=': (a, b) => (truthy(a) ? a : b),
};

function forEachPath(lhs: Code, input: Json, e: Env | null, f: (p: Json[]) => void): void {
  lhs.paths(input, [], e, (v, p) => {
    if (p === null) throw invalidPath(v);
    tick();
    f(p);
  });
}

/** jq 1.7.1's `_modify`: paths whose update is empty are collected and deleted at the end, together. */
function modify(lhs: Code, input: Json, e: Env | null, update: (old: Json) => Json | undefined): Json {
  let acc = input;
  const deletions: Json[][] = [];
  forEachPath(lhs, input, e, (p) => {
    const nv = update(getpath(acc, p));
    if (nv === undefined) deletions.push(p);
    else acc = setpath(acc, p, nv);
  });
  return deletions.length ? delpaths(acc, deletions) : acc;
}

export function compileAssign(op: AssignOp, lhs: Code, rhs: Code): Code {
  if (op === '|=') {
    return valuesOnly((i, e, emit) => emit(modify(lhs, i, e, (old) => firstOutput(rhs, old, e))));
  }
  if (op === '=') {
    return valuesOnly((i, e, emit) =>
      rhs.gen(i, e, (v) => {
        let acc = i;
        forEachPath(lhs, i, e, (p) => {
          acc = setpath(acc, p, v);
        });
        emit(acc);
      }),
    );
  }
  const f = OPS[op];
  return valuesOnly((i, e, emit) => rhs.gen(i, e, (v) => emit(modify(lhs, i, e, (old) => f(old, v)))));
}
