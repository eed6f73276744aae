/**
 * Compiles the jq syntax tree to closures (see runtime.ts for the calling convention). Output order
 * follows jq: for binary operators and index keys the right operand is the outer loop; for object
 * construction and `$`-parameters the first one is.
 */
import * as arith from './arith.js';
import type { Node } from './ast.js';
import { checkArrayLength, checkString, tick } from './budget.js';
import { compileAssign } from './compile-assign.js';
import { compileAs, compileForeach, compileReduce } from './compile-bindings.js';
import { compileCall } from './compile-call.js';
import { compileTry, compileAlt } from './compile-try.js';
import { compare, equals } from './compare.js';
import { ExprError, runtimeError, syntaxError } from './errors.js';
import { type Json, type JsonObject, isObject, truthy, typeOf } from './json.js';
import { format as applyFormat, tostring } from './natives/formats.js';
import { index, putKey } from './paths.js';
import { BreakSignal, type Code, type Emit, type Env, type PathEmit, type Path, invalidPath, push, single, up, valuesOnly } from './runtime.js';
import { type FnInfo, type Scope, depthOf, extend, lookupFrame } from './scope.js';
import { truncDump } from './stringify.js';
import { freeVariable } from './vars.js';
import type { CompilerContext, NodeCompiler } from './node-compiler.js';

export type { CompilerContext };

const BINARY: Record<string, (a: Json, b: Json) => Json> = {
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

const identity: Code = {
  one: (i) => i,
  gen: (i, _e, emit) => emit(i),
  paths: (i, p, _e, emit) => emit(i, p),
};

export class Compiler implements NodeCompiler {
  constructor(readonly ctx: CompilerContext) {}

  fail(message: string, node: { pos: number }): never {
    throw syntaxError(message, this.ctx.src, node.pos);
  }

  compile(node: Node, scope: Scope | null): Code {
    switch (node.kind) {
      case 'identity':
        return identity;
      case 'recurseDefault':
        return recurseAll;
      case 'literal': {
        const value = node.value;
        return single(() => value);
      }
      case 'loc': {
        const line = node.line;
        return single(() => ({ file: '<top-level>', line }));
      }
      case 'string':
        return this.compileString(node.parts, node.format, scope);
      case 'format': {
        const name = node.name; // an unknown format fails when applied, as in jq
        return single((i) => checkString(applyFormat(name, i)));
      }
      case 'index':
        return this.compileIndex(this.compile(node.target, scope), this.compile(node.key, scope), node.key, node.opt === true);
      case 'slice':
        return this.compileSlice(node, scope);
      case 'iterate':
        return iterate(this.compile(node.target, scope), node.opt === true);
      case 'pipe':
        return pipe(this.compile(node.left, scope), this.compile(node.right, scope));
      case 'comma':
        return comma(this.compile(node.left, scope), this.compile(node.right, scope));
      case 'neg':
        return unary(this.compile(node.operand, scope), arith.negate);
      case 'binary':
        return binary(this.compile(node.left, scope), this.compile(node.right, scope), BINARY[node.op]);
      case 'and':
      case 'or':
        return logical(node.kind, this.compile(node.left, scope), this.compile(node.right, scope));
      case 'alt':
        return compileAlt(this.compile(node.left, scope), this.compile(node.right, scope));
      case 'assign':
        return compileAssign(node.op, this.compile(node.left, scope), this.compile(node.right, scope));
      case 'array':
        return node.body ? collectArray(this.compile(node.body, scope)) : single(() => []);
      case 'object':
        return this.compileObject(node.entries, scope);
      case 'if':
        return ifThenElse(this.compile(node.cond, scope), this.compile(node.then, scope), node.else ? this.compile(node.else, scope) : identity);
      case 'try':
        return compileTry(this.compile(node.body, scope), node.handler ? this.compile(node.handler, scope) : null);
      case 'reduce':
        return compileReduce(this, node, scope);
      case 'foreach':
        return compileForeach(this, node, scope);
      case 'as':
        return compileAs(this, node, scope);
      case 'label':
        return label(this.compile(node.body, extend(scope, { kind: 'label', name: node.name })));
      case 'break': {
        const hops = lookupFrame(scope, 'label', node.name);
        if (hops === undefined) this.fail(`$*label-${node.name} is not defined`, node);
        return valuesOnly((_i, e) => {
          throw new BreakSignal(up(e, hops)!.v as object);
        });
      }
      case 'var':
        return this.compileVar(node.name, scope, node);
      case 'call':
        return compileCall(this, node, scope);
      case 'def':
        return this.compile(node.rest, this.define(node.def, scope));
    }
  }

  /** Adds a function to the scope and compiles its body (which sees itself, for recursion). */
  define(def: Extract<Node, { kind: 'def' }>['def'], scope: Scope | null, info?: FnInfo): Scope {
    const fn: FnInfo = info ?? { name: def.name, params: def.params, depth: depthOf(scope), code: null };
    const withFn = extend(scope, { kind: 'fn', name: def.name, arity: def.params.length, fn });
    let body = withFn;
    for (const p of def.params) body = extend(body, { kind: 'param', name: p.name });
    for (const p of def.params) if (p.isVar) body = extend(body, { kind: 'var', name: p.name });
    // Optimistically compile recursive calls as single-valued; if the body then is not, compile again.
    fn.assumeOne = true;
    let code = this.compile(def.body, body);
    if (!code.one) {
      fn.assumeOne = false;
      code = this.compile(def.body, body);
    }
    fn.assumeOne = undefined;
    fn.code = code;
    return withFn;
  }

  private compileVar(name: string, scope: Scope | null, node: { pos: number }): Code {
    const hops = lookupFrame(scope, 'var', name);
    if (hops === undefined) {
      if (name === 'ENV') return single(() => ({}));
      if (name === '__prog_args') this.fail(`$${name} is not defined`, node);
      return single(() => freeVariable(name));
    }
    if (hops === 0) return single((_i, e) => e!.v as Json);
    if (hops === 1) return single((_i, e) => e!.p!.v as Json);
    return single((_i, e) => up(e, hops)!.v as Json);
  }

  private compileIndex(target: Code, key: Code, keyNode: Node, opt: boolean): Code {
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

  private compileSlice(node: Extract<Node, { kind: 'slice' }>, scope: Scope | null): Code {
    const from = node.from ? this.compile(node.from, scope) : single(() => null);
    const to = node.to ? this.compile(node.to, scope) : single(() => null);
    const target = this.compile(node.target, scope);
    const keys = (i: Json, e: Env | null, f: (k: Json) => void) =>
      from.gen(i, e, (s) => to.gen(i, e, (t) => f({ start: s, end: t })));
    const one = from.one && to.one ? (i: Json, e: Env | null) => ({ start: from.one!(i, e), end: to.one!(i, e) }) : undefined;
    return indexBy(target, keys, node.opt ? undefined : one, node.opt === true);
  }

  private compileString(parts: (string | Node)[], format: string | null, scope: Scope | null): Code {
    const fmt = format ?? 'text';
    const lits: string[] = [];
    const codes: Code[] = [];
    let buf = '';
    for (const part of parts) {
      if (typeof part === 'string') buf += part;
      else {
        lits.push(buf);
        buf = '';
        codes.push(this.compile(part, scope));
      }
    }
    lits.push(buf);
    const render = (v: Json) => (fmt === 'text' ? tostring(v) : applyFormat(fmt, v));
    if (codes.every((c) => c.one)) {
      return single((i, e) => {
        let s = lits[0];
        for (let k = 0; k < codes.length; k++) s += render(codes[k].one!(i, e)) + lits[k + 1];
        return checkString(s);
      });
    }
    // The last interpolation is the outer loop, as in jq.
    return valuesOnly((i, e, emit) => {
      const go = (k: number, acc: string): void => {
        if (k < 0) {
          emit(checkString(lits[0] + acc));
          return;
        }
        codes[k].gen(i, e, (v) => go(k - 1, render(v) + lits[k + 1] + acc));
      };
      go(codes.length - 1, '');
    });
  }

  private compileObject(entries: { key: Node; value: Node }[], scope: Scope | null): Code {
    const keys: Code[] = [];
    const values: Code[] = [];
    for (const en of entries) {
      if (en.key.kind === 'literal' && typeof en.key.value !== 'string') {
        const v = en.key.value;
        this.fail(`Cannot use ${typeOf(v)} (${truncDump(v)}) as object key`, en.key);
      }
      keys.push(this.compile(en.key, scope));
      values.push(this.compile(en.value, scope));
    }
    const n = entries.length;
    if (keys.every((k) => k.one) && values.every((v) => v.one)) {
      const literalKeys = entries.map((en) => (en.key.kind === 'literal' && en.key.value !== '__proto__' ? (en.key.value as string) : null));
      return single((i, e) => {
        const o: JsonObject = {};
        for (let k = 0; k < n; k++) {
          const lk = literalKeys[k];
          if (lk !== null) o[lk] = values[k].one!(i, e);
          else putKey(o, objectKey(keys[k].one!(i, e)), values[k].one!(i, e));
        }
        return o;
      });
    }
    // First entry outermost; within an entry the key is the outer loop.
    return valuesOnly((i, e, emit) => {
      const kv: [string, Json][] = new Array(n);
      const go = (k: number): void => {
        if (k === n) {
          const o: JsonObject = {};
          for (const [key, v] of kv) putKey(o, key, v);
          emit(o);
          return;
        }
        keys[k].gen(i, e, (key) => {
          const ks = objectKey(key);
          values[k].gen(i, e, (v) => {
            kv[k] = [ks, v];
            go(k + 1);
          });
        });
      };
      go(0);
    });
  }
}

function objectKey(k: Json): string {
  if (typeof k !== 'string') {
    throw runtimeError(`Cannot use ${typeOf(k)} (${truncDump(k)}) as object key`);
  }
  return k;
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

function iterate(target: Code, opt: boolean): Code {
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
const recurseAll: Code = {
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

function comma(left: Code, right: Code): Code {
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

function unary(operand: Code, f: (v: Json) => Json): Code {
  if (operand.one) {
    const o = operand.one;
    return single((i, e) => f(o(i, e)));
  }
  return valuesOnly((i, e, emit) => operand.gen(i, e, (v) => emit(f(v))));
}

function binary(left: Code, right: Code, op: (a: Json, b: Json) => Json): Code {
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

function logical(kind: 'and' | 'or', left: Code, right: Code): Code {
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

function collectArray(body: Code): Code {
  if (body.one) {
    const b = body.one;
    return single((i, e) => [b(i, e)]);
  }
  return single((i, e) => {
    const out: Json[] = [];
    body.gen(i, e, (v) => {
      if (out.push(v) % 65536 === 0) checkArrayLength(out.length);
    });
    checkArrayLength(out.length);
    return out;
  });
}

function ifThenElse(cond: Code, then: Code, otherwise: Code): Code {
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

function label(body: Code): Code {
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

export { identity };
