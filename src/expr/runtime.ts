/**
 * The shape of compiled jq: every syntax node becomes a `Code` of closures in continuation-passing
 * style. `gen` streams values to `emit`; `paths` streams (value, path) pairs for path expressions
 * (`path(f)`, assignments, `del`); `one`, when present, computes a filter that always yields exactly
 * one value without callbacks (the fast path for `.a.b` and object construction).
 */
import { ExprError, runtimeError } from './errors.js';
import type { Json } from './json.js';
import { truncDump } from './stringify.js';

export type Emit = (v: Json) => void;
/** A path is null when the value did not come from a path expression (`path(1)` is an error). */
export type Path = Json[];
export type PathEmit = (v: Json, p: Path | null) => void;

/** Runtime environment: one frame per variable, closure parameter or label, innermost first. */
export interface Env {
  readonly v: unknown;
  readonly p: Env | null;
}

export interface Code {
  gen(input: Json, env: Env | null, emit: Emit): void;
  paths(input: Json, path: Path | null, env: Env | null, emit: PathEmit): void;
  one?: (input: Json, env: Env | null) => Json;
}

/** A filter argument bound to the environment of its call site. */
export interface Closure {
  code: Code;
  env: Env | null;
}

export function push(env: Env | null, v: unknown): Env {
  return { v, p: env };
}

/** The environment `hops` frames out (null past the outermost frame). */
export function up(env: Env | null, hops: number): Env | null {
  let e = env;
  for (let i = 0; i < hops; i++) e = e!.p;
  return e;
}

/** `break $label` and early exits (`limit`, `first`): unwinds to the owner of `token`, never caught by `try`. */
export class BreakSignal {
  constructor(readonly token: object) {}
}

/** Wraps an error raised downstream of a `try` body so that this `try` lets it pass. */
export class Passthrough {
  constructor(
    readonly owner: object,
    readonly error: unknown,
  ) {}
}

export function invalidPath(v: Json): ExprError {
  return runtimeError(`Invalid path expression with result ${truncDump(v, 30)}`);
}

/** Builds a Code for a filter that always yields exactly one value. */
export function single(one: (input: Json, env: Env | null) => Json): Code {
  return {
    one,
    gen: (i, e, emit) => emit(one(i, e)),
    paths: (i, _p, e, emit) => emit(one(i, e), null),
  };
}

/** Builds a Code whose outputs are never paths. */
export function valuesOnly(gen: Code['gen']): Code {
  return { gen, paths: (i, _p, e, emit) => gen(i, e, (v) => emit(v, null)) };
}

/** The first output of a filter, or undefined when it yields none. */
export function firstOutput(code: Code, input: Json, env: Env | null): Json | undefined {
  if (code.one) return code.one(input, env);
  let out: Json | undefined;
  const token = {};
  const stop = new BreakSignal(token);
  try {
    code.gen(input, env, (v) => {
      out = v;
      throw stop;
    });
  } catch (err) {
    if (!(err instanceof BreakSignal && err.token === token)) throw err;
  }
  return out;
}

/** The last output of a filter, or undefined when it yields none. */
export function lastOutput(code: Code, input: Json, env: Env | null): Json | undefined {
  if (code.one) return code.one(input, env);
  let out: Json | undefined;
  code.gen(input, env, (v) => {
    out = v;
  });
  return out;
}

export function collect(code: Code, input: Json, env: Env | null): Json[] {
  if (code.one) return [code.one(input, env)];
  const out: Json[] = [];
  code.gen(input, env, (v) => {
    out.push(v);
  });
  return out;
}
