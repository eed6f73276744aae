/**
 * Value operators: arithmetic and comparisons (`+ - * / %`, `== != < <= > >=`), `and`/`or` (short-circuit,
 * as in jq) and unary minus. For binary operators the right operand is the outer loop, as in jq.
 */
import * as arith from './arith.js';
import { compare, equals } from './compare.js';
import { type Json, truthy } from './json.js';
import { type Code, single, valuesOnly } from './runtime.js';

export const BINARY: Record<string, (a: Json, b: Json) => Json> = {
  '+': arith.add,
  '-': arith.subtract,
  '*': arith.multiply,
  '/': arith.divide,
  '%': arith.modulo,
  '==': (a, b) => equals(a, b),
  '!=': (a, b) => !equals(a, b),
  '<': (a, b) => compare(a, b) < 0,
  '<=': (a, b) => compare(a, b) <= 0,
  '>': (a, b) => compare(a, b) > 0,
  '>=': (a, b) => compare(a, b) >= 0,
};

export function unary(operand: Code, f: (v: Json) => Json): Code {
  if (operand.one) {
    const o = operand.one;
    return single((i, e) => f(o(i, e)));
  }
  return valuesOnly((i, e, emit) => operand.gen(i, e, (v) => emit(f(v))));
}

export function binary(left: Code, right: Code, op: (a: Json, b: Json) => Json): Code {
  if (left.one && right.one) {
    const l = left.one;
    const r = right.one;
    return single((i, e) => {
      const b = r(i, e);
      return op(l(i, e), b);
    });
  }
  return valuesOnly((i, e, emit) => right.gen(i, e, (b) => left.gen(i, e, (a) => emit(op(a, b)))));
}

export function logical(kind: 'and' | 'or', left: Code, right: Code): Code {
  const stop = kind === 'and' ? false : true;
  if (left.one && right.one) {
    const l = left.one;
    const r = right.one;
    return single((i, e) => (truthy(l(i, e)) === stop ? stop : truthy(r(i, e))));
  }
  return valuesOnly((i, e, emit) =>
    left.gen(i, e, (a) => {
      if (truthy(a) === stop) emit(stop);
      else right.gen(i, e, (b) => emit(truthy(b)));
    }),
  );
}
