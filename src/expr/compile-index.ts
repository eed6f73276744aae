/**
 * Path steps: `.k`, `.[e]`, slices `.[a:b]`, `.[]` and `..`, as values and as paths (for assignments and
 * `path(…)`); `?` turns a step's catchable errors into no output. For index keys the key is the outer loop.
 */
import type { Node } from './ast.js';
import { tick } from './budget.js';
import { identity } from './compile-flow.js';
import type { NodeCompiler as Compiler } from './node-compiler.js';
import { ExprError, runtimeError } from './errors.js';
import { type Json, isObject, typeOf } from './json.js';
import { index } from './paths.js';
import { type Code, type Emit, type Env, type PathEmit, type Path, invalidPath, single } from './runtime.js';
import type { Scope } from './scope.js';
import { truncDump } from './stringify.js';

export function compileIndex(target: Code, key: Code, keyNode: Node, opt: boolean): Code {
  if (keyNode.kind === 'literal' && !opt) {
    const k = keyNode.value;
    const get = typeof k === 'string' && !(k in Object.prototype) ? fieldGetter(k) : (t: Json) => index(t, k);
    const paths: Code['paths'] = (i, p, e, emit) =>
      target.paths(i, p, e, (t, tp) => {
        if (tp === null) throw invalidPath(t);
        emit(get(t), [...tp, k]);
      });
    const tOne = target.one;
    if (tOne) {
      if (target === identity) return { one: get, gen: (i, _e, emit) => emit(get(i)), paths };
      const one = (i: Json, e: Env | null) => get(tOne(i, e));
      return { one, gen: (i, e, emit) => emit(one(i, e)), paths };
    }
    return { gen: (i, e, emit) => target.gen(i, e, (t) => emit(get(t))), paths };
  }
  return indexBy(target, (i, e, f) => key.gen(i, e, f), opt ? undefined : key.one, opt);
}

export function compileSlice(c: Compiler, node: Extract<Node, { kind: 'slice' }>, scope: Scope | null): Code {
  const from = node.from ? c.compile(node.from, scope) : single(() => null);
  const to = node.to ? c.compile(node.to, scope) : single(() => null);
  const target = c.compile(node.target, scope);
  const keys = (i: Json, e: Env | null, f: (k: Json) => void) =>
    from.gen(i, e, (s) => to.gen(i, e, (t) => f({ start: s, end: t })));
  const one = from.one && to.one ? (i: Json, e: Env | null) => ({ start: from.one!(i, e), end: to.one!(i, e) }) : undefined;
  return indexBy(target, keys, node.opt ? undefined : one, node.opt === true);
}

function fieldGetter(k: string): (t: Json) => Json {
  return (t) => {
    if (t !== null && typeof t === 'object' && !Array.isArray(t)) {
      const v = t[k];
      return v === undefined ? null : v;
    }
    if (t === null) return null;
    return index(t, k);
  };
}

/** Runs `f`, turning a catchable error into "no output" (jq's optional `?` steps). */
function optional(f: () => void): void {
  try {
    f();
  } catch (err) {
    if (!(err instanceof ExprError && err.catchable)) throw err;
  }
}

function indexBy(
  target: Code,
  keys: (i: Json, e: Env | null, f: (k: Json) => void) => void,
  keyOne: ((i: Json, e: Env | null) => Json) | undefined,
  opt: boolean,
): Code {
  const paths: Code['paths'] = (i, p, e, emit) =>
    keys(i, e, (k) =>
      target.paths(i, p, e, (t, tp) => {
        if (tp === null) throw invalidPath(t);
        if (!opt) return emit(index(t, k), [...tp, k]);
        let v: Json = null;
        let ok = false;
        optional(() => ((v = index(t, k)), (ok = true)));
        if (ok) emit(v, [...tp, k]);
      }),
    );
  if (keyOne && target.one && !opt) {
    const tOne = target.one;
    const one = (i: Json, e: Env | null) => {
      const k = keyOne(i, e);
      return index(tOne(i, e), k);
    };
    return { one, gen: (i, e, emit) => emit(one(i, e)), paths };
  }
  const step = opt
    ? (t: Json, k: Json, emit: Emit) => {
        let v: Json = null;
        let ok = false;
        optional(() => ((v = index(t, k)), (ok = true)));
        if (ok) emit(v);
      }
    : (t: Json, k: Json, emit: Emit) => emit(index(t, k));
  return { gen: (i, e, emit) => keys(i, e, (k) => target.gen(i, e, (t) => step(t, k, emit))), paths };
}

function iterateValue(t: Json, emit: Emit): void {
  if (Array.isArray(t)) {
    tick(t.length);
    for (let k = 0; k < t.length; k++) emit(t[k]);
  } else if (isObject(t)) {
    const ks = Object.keys(t);
    tick(ks.length);
    for (const k of ks) emit(t[k]);
  } else throw cannotIterate(t);
}

export function cannotIterate(t: Json): ExprError {
  return runtimeError(`Cannot iterate over ${typeOf(t)} (${truncDump(t)})`);
}

function iteratePaths(t: Json, tp: Path | null, emit: PathEmit): void {
  if (tp === null) throw invalidPath(t);
  if (Array.isArray(t)) {
    tick(t.length);
    for (let k = 0; k < t.length; k++) emit(t[k], [...tp, k]);
  } else if (isObject(t)) {
    const ks = Object.keys(t);
    tick(ks.length);
    for (const k of ks) emit(t[k], [...tp, k]);
  } else throw cannotIterate(t);
}

export function iterate(target: Code, opt: boolean): Code {
  const each = opt
    ? (t: Json, emit: Emit) => {
        if (Array.isArray(t) || isObject(t)) iterateValue(t, emit);
      }
    : iterateValue;
  const eachPath = opt
    ? (t: Json, tp: Path | null, emit: PathEmit) => {
        if (Array.isArray(t) || isObject(t)) iteratePaths(t, tp, emit);
      }
    : iteratePaths;
  return {
    gen: target === identity ? (i, _e, emit) => each(i, emit) : (i, e, emit) => target.gen(i, e, (t) => each(t, emit)),
    paths: (i, p, e, emit) => target.paths(i, p, e, (t, tp) => eachPath(t, tp, emit)),
  };
}

/** `..`: every value, depth first, parents before children. */
export const recurseAll: Code = {
  gen(i, _e, emit) {
    const walk = (v: Json): void => {
      tick();
      emit(v);
      if (Array.isArray(v)) for (const x of v) walk(x);
      else if (isObject(v)) for (const k of Object.keys(v)) walk(v[k]);
    };
    walk(i);
  },
  paths(i, p, _e, emit) {
    const walk = (v: Json, vp: Path | null): void => {
      tick();
      emit(v, vp);
      if (Array.isArray(v)) v.forEach((x, k) => walk(x, vp && [...vp, k]));
      else if (isObject(v)) for (const k of Object.keys(v)) walk(v[k], vp && [...vp, k]);
    };
    walk(i, p);
  },
};
