/**
 * Function calls. Resolution order: the lexical scope (user `def`s and closure parameters), then the
 * special forms (builtins that take filters, in specials.ts), the prelude (builtins written in jq),
 * then the natives (builtins on values). `$`-parameters bind their argument's outputs first-outermost.
 */
import type { Node } from './ast.js';
import { tick } from './budget.js';
import type { NodeCompiler } from './node-compiler.js';
import type { Json } from './json.js';
import { NATIVES, type Native } from './natives/index.js';
import { type Closure, type Code, type Env, push, single, up, valuesOnly } from './runtime.js';
import { type FnInfo, type Scope, depthOf, lookupCallable } from './scope.js';
import { SPECIALS } from './specials.js';

export function compileCall(c: NodeCompiler, node: Extract<Node, { kind: 'call' }>, scope: Scope | null): Code {
  const arity = node.args.length;
  const key = `${node.name}/${arity}`;
  const found = lookupCallable(scope, node.name, arity);
  const args = () => node.args.map((a) => c.compile(a, scope));
  if (found?.kind === 'param') return callClosure(found.hops);
  if (found?.kind === 'fn') return callFunction(found.fn, args(), depthOf(scope));
  const special = SPECIALS.get(key);
  if (special) return special(args());
  const global = c.ctx.globals.get(key);
  if (global) return callFunction(global, args(), depthOf(scope));
  const native = NATIVES.get(key);
  if (native) return callNative(native, args());
  return c.fail(`${key} is not defined`, node);
}

function callClosure(hops: number): Code {
  const closure = (e: Env | null) => up(e, hops)!.v as Closure;
  return {
    gen: (i, e, emit) => {
      const cl = closure(e);
      cl.code.gen(i, cl.env, emit);
    },
    paths: (i, p, e, emit) => {
      const cl = closure(e);
      cl.code.paths(i, p, cl.env, emit);
    },
  };
}

export function callFunction(fn: FnInfo, args: Code[], siteDepth: number): Code {
  const hops = siteDepth - fn.depth;
  const enter = (e: Env | null): Env | null => {
    let env = fn.depth === 0 ? null : up(e, hops);
    for (const a of args) env = push(env, { code: a, env: e } satisfies Closure);
    return env;
  };
  const varParams = fn.params.flatMap((p, k) => (p.isVar ? [k] : []));
  /** Binds the `$`-parameters (cartesian, first outermost), then runs `k` in the body's environment. */
  const bind = (i: Json, e: Env | null, k: (env: Env | null) => void): void => {
    tick();
    const base = enter(e);
    if (varParams.length === 0) return k(base);
    const go = (j: number, env: Env | null): void => {
      if (j === varParams.length) k(env);
      else args[varParams[j]].gen(i, e, (v) => go(j + 1, push(env, v)));
    };
    go(0, base);
  };
  const code: Code = {
    gen: (i, e, emit) => bind(i, e, (env) => fn.code!.gen(i, env, emit)),
    paths: (i, p, e, emit) => bind(i, e, (env) => fn.code!.paths(i, p, env, emit)),
  };
  // Single-valued when the body is (known once compiled, or assumed while compiling a recursive call).
  const bodyOne = fn.code ? fn.code.one : fn.assumeOne ? (i: Json, e: Env | null) => fn.code!.one!(i, e) : undefined;
  if (bodyOne && varParams.every((k) => args[k].one)) {
    code.one = (i, e) => {
      tick();
      let env = enter(e);
      for (const k of varParams) env = push(env, args[k].one!(i, e));
      return bodyOne(i, env);
    };
    code.gen = (i, e, emit) => emit(code.one!(i, e));
  }
  return code;
}

function callNative(native: Native, args: Code[]): Code {
  const n = args.length;
  if (n === 0) {
    const f = native as (i: Json) => Json;
    return { one: f, gen: (i, _e, emit) => emit(f(i)), paths: (i, _p, _e, emit) => emit(f(i), null) };
  }
  if (args.every((a) => a.one)) {
    const ones = args.map((a) => a.one!);
    if (n === 1) {
      const a0 = ones[0];
      const f = native as (i: Json, a: Json) => Json;
      return single((i, e) => f(i, a0(i, e)));
    }
    return single((i, e) => {
      const vals = new Array<Json>(n);
      for (let k = n - 1; k >= 0; k--) vals[k] = ones[k](i, e);
      return native(i, ...vals);
    });
  }
  // Like jq's C functions: the last argument is the outer loop.
  return valuesOnly((i, e, emit) => {
    const vals = new Array<Json>(n);
    const go = (k: number): void => {
      if (k < 0) emit(native(i, ...vals));
      else
        args[k].gen(i, e, (v) => {
          vals[k] = v;
          go(k - 1);
        });
    };
    go(n - 1);
  });
}
