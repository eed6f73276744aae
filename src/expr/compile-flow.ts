/**
 * How outputs flow between filters: `.` (identity), `|`, `,`, `if … then … else … end` and
 * `label $name | … break $name …`. Each keeps the callback-free `one` path when its parts have it.
 */
import { truthy } from './json.js';
import { BreakSignal, type Code, type Env, push } from './runtime.js';

export const identity: Code = {
  one: (i) => i,
  gen: (i, _e, emit) => emit(i),
  paths: (i, p, _e, emit) => emit(i, p),
};

export function pipe(left: Code, right: Code): Code {
  if (left === identity) return right;
  if (right === identity) return left;
  const code: Code = {
    gen: (i, e, emit) => left.gen(i, e, (v) => right.gen(v, e, emit)),
    paths: (i, p, e, emit) => left.paths(i, p, e, (v, vp) => right.paths(v, vp, e, emit)),
  };
  if (left.one && right.one) {
    const l = left.one;
    const r = right.one;
    code.one = (i, e) => r(l(i, e), e);
    code.gen = (i, e, emit) => emit(r(l(i, e), e));
  }
  return code;
}

export function comma(left: Code, right: Code): Code {
  return {
    gen: (i, e, emit) => {
      left.gen(i, e, emit);
      right.gen(i, e, emit);
    },
    paths: (i, p, e, emit) => {
      left.paths(i, p, e, emit);
      right.paths(i, p, e, emit);
    },
  };
}

export function ifThenElse(cond: Code, then: Code, otherwise: Code): Code {
  const code: Code = {
    gen: (i, e, emit) => cond.gen(i, e, (c) => (truthy(c) ? then : otherwise).gen(i, e, emit)),
    paths: (i, p, e, emit) => cond.gen(i, e, (c) => (truthy(c) ? then : otherwise).paths(i, p, e, emit)),
  };
  if (cond.one && then.one && otherwise.one) {
    const c = cond.one;
    const t = then.one;
    const o = otherwise.one;
    code.one = (i, e) => (truthy(c(i, e)) ? t(i, e) : o(i, e));
  }
  return code;
}

export function label(body: Code): Code {
  const run = <A extends unknown[]>(f: (env: Env, ...a: A) => void, e: Env | null, ...a: A) => {
    const token = {};
    try {
      f(push(e, token), ...a);
    } catch (err) {
      if (!(err instanceof BreakSignal && err.token === token)) throw err;
    }
  };
  return {
    gen: (i, e, emit) => run((env) => body.gen(i, env, emit), e),
    paths: (i, p, e, emit) => run((env) => body.paths(i, p, env, emit), e),
  };
}
