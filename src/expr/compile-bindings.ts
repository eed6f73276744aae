/**
 * Variable bindings: `f as $x | body`, destructuring patterns with `?//` alternatives, `reduce` and
 * `foreach`. Every variable of every alternative gets a frame; those the matching pattern lacks are null.
 */
import type { Node, Pattern } from './ast.js';
import { tick } from './budget.js';
import type { NodeCompiler } from './node-compiler.js';
import { ExprError } from './errors.js';
import type { Json } from './json.js';
import { index } from './paths.js';
import { type Code, type Env, type Path, lastOutput, push } from './runtime.js';
import { type Scope, extend } from './scope.js';

/** Binds a source value to the pattern(s) and calls `k` with the extended environment, once per binding. */
type Binder = (v: Json, e: Env | null, k: (env: Env | null) => void) => void;

interface CompiledBinding {
  scope: Scope | null;
  bind: Binder;
}

function patternVars(p: Pattern, out: string[]): void {
  if (p.kind === 'var') {
    if (!out.includes(p.name)) out.push(p.name);
  } else if (p.kind === 'array') p.items.forEach((x) => patternVars(x, out));
  else
    for (const en of p.entries) {
      if (en.bind && !out.includes(en.bind)) out.push(en.bind);
      if (en.value) patternVars(en.value, out);
    }
}

type Destructure = (v: Json, e: Env | null, slots: Json[], k: () => void) => void;

function compilePattern(c: NodeCompiler, p: Pattern, names: string[], scope: Scope | null): Destructure {
  if (p.kind === 'var') {
    const slot = names.indexOf(p.name);
    return (v, _e, slots, k) => {
      slots[slot] = v;
      k();
    };
  }
  if (p.kind === 'array') {
    const items = p.items.map((x) => compilePattern(c, x, names, scope));
    return (v, e, slots, k) => {
      const go = (j: number): void => {
        if (j === items.length) k();
        else items[j](index(v, j), e, slots, () => go(j + 1));
      };
      go(0);
    };
  }
  const entries = p.entries.map((en) => ({
    key: c.compile(en.key, scope),
    slot: en.bind ? names.indexOf(en.bind) : -1,
    value: en.value ? compilePattern(c, en.value, names, scope) : null,
  }));
  return (v, e, slots, k) => {
    const go = (j: number): void => {
      if (j === entries.length) return k();
      const en = entries[j];
      // Key expressions see the value being destructured as their input.
      en.key.gen(v, e, (key) => {
        const sub = index(v, key);
        if (en.slot >= 0) slots[en.slot] = sub;
        if (en.value) en.value(sub, e, slots, () => go(j + 1));
        else go(j + 1);
      });
    };
    go(0);
  };
}

export function compileBinding(c: NodeCompiler, patterns: Pattern[], scope: Scope | null): CompiledBinding {
  const names: string[] = [];
  for (const p of patterns) patternVars(p, names);
  const alts = patterns.map((p) => compilePattern(c, p, names, scope));
  let inner = scope;
  for (const n of names) inner = extend(inner, { kind: 'var', name: n });
  const n = names.length;
  const bindWith = (alt: Destructure, v: Json, e: Env | null, k: (env: Env | null) => void) => {
    const slots: Json[] = new Array(n).fill(null);
    alt(v, e, slots, () => {
      let env = e;
      for (let s = 0; s < n; s++) env = push(env, slots[s]);
      k(env);
    });
  };
  if (alts.length === 1 && patterns[0].kind === 'var') {
    return { scope: inner, bind: (v, e, k) => k(push(e, v)) };
  }
  if (alts.length === 1) return { scope: inner, bind: (v, e, k) => bindWith(alts[0], v, e, k) };
  // `?//`: an error while destructuring or in the body moves on to the next alternative.
  return {
    scope: inner,
    bind: (v, e, k) => {
      for (let a = 0; a < alts.length; a++) {
        try {
          bindWith(alts[a], v, e, k);
          return;
        } catch (err) {
          if (a === alts.length - 1 || !(err instanceof ExprError && err.catchable)) throw err;
        }
      }
    },
  };
}

export function compileAs(c: NodeCompiler, node: Extract<Node, { kind: 'as' }>, scope: Scope | null): Code {
  const source = c.compile(node.source, scope);
  const b = compileBinding(c, node.patterns, scope);
  const body = c.compile(node.body, b.scope);
  const code: Code = {
    gen: (i, e, emit) => source.gen(i, e, (v) => b.bind(v, e, (env) => body.gen(i, env, emit))),
    paths: (i, p, e, emit) => source.gen(i, e, (v) => b.bind(v, e, (env) => body.paths(i, p, env, emit))),
  };
  if (source.one && body.one && node.patterns.length === 1 && node.patterns[0].kind === 'var') {
    const s = source.one;
    const bo = body.one;
    code.one = (i, e) => bo(i, push(e, s(i, e)));
  }
  return code;
}

export function compileReduce(c: NodeCompiler, node: Extract<Node, { kind: 'reduce' }>, scope: Scope | null): Code {
  const source = c.compile(node.source, scope);
  const init = c.compile(node.init, scope);
  const b = compileBinding(c, node.patterns, scope);
  const update = c.compile(node.update, b.scope);
  const run = (i: Json, e: Env | null, acc0: Json): Json => {
    let acc = acc0;
    source.gen(i, e, (v) =>
      b.bind(v, e, (env) => {
        tick();
        const r = lastOutput(update, acc, env);
        acc = r === undefined ? null : r;
      }),
    );
    return acc;
  };
  const code: Code = {
    gen: (i, e, emit) => init.gen(i, e, (a0) => emit(run(i, e, a0))),
    paths: (i, p, e, emit) =>
      init.paths(i, p, e, (a0, ap0) => {
        let acc = a0;
        let ap: Path | null = ap0;
        source.gen(i, e, (v) =>
          b.bind(v, e, (env) => {
            tick();
            let last: [Json, Path | null] | undefined;
            update.paths(acc, ap, env, (nv, np) => {
              last = [nv, np];
            });
            [acc, ap] = last ?? [null, null];
          }),
        );
        emit(acc, ap);
      }),
  };
  if (init.one) {
    const io = init.one;
    code.one = (i, e) => run(i, e, io(i, e));
  }
  return code;
}

export function compileForeach(c: NodeCompiler, node: Extract<Node, { kind: 'foreach' }>, scope: Scope | null): Code {
  const source = c.compile(node.source, scope);
  const init = c.compile(node.init, scope);
  const b = compileBinding(c, node.patterns, scope);
  const update = c.compile(node.update, b.scope);
  const extract = node.extract ? c.compile(node.extract, b.scope) : null;
  return {
    gen: (i, e, emit) =>
      init.gen(i, e, (s0) => {
        let state = s0;
        source.gen(i, e, (v) =>
          b.bind(v, e, (env) => {
            tick();
            update.gen(state, env, (u) => {
              state = u;
              if (extract) extract.gen(u, env, emit);
              else emit(u);
            });
          }),
        );
      }),
    paths: (i, p, e, emit) =>
      init.paths(i, p, e, (s0, sp0) => {
        let state = s0;
        let sp = sp0;
        source.gen(i, e, (v) =>
          b.bind(v, e, (env) => {
            tick();
            update.paths(state, sp, env, (u, up) => {
              state = u;
              sp = up;
              if (extract) extract.paths(u, up, env, emit);
              else emit(u, up);
            });
          }),
        );
      }),
  };
}
