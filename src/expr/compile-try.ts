/**
 * `try body catch handler`, postfix `?` and `a // b`. Errors raised downstream of a try body (by
 * whatever consumes its outputs) are not the body's errors: they pass the try untouched, as in jq 1.7.
 */
import { ExprError } from './errors.js';
import { type Json, truthy } from './json.js';
import { type Code, type Env, Passthrough } from './runtime.js';

/** Runs `body` with its downstream errors tagged, then decides what the try catches. */
function guarded(body: (wrap: <A extends unknown[]>(f: (...a: A) => void) => (...a: A) => void) => void, onError: (value: Json) => void): void {
  const owner = {};
  const wrap =
    <A extends unknown[]>(f: (...a: A) => void) =>
    (...a: A) => {
      try {
        f(...a);
      } catch (err) {
        throw new Passthrough(owner, err);
      }
    };
  try {
    body(wrap);
  } catch (err) {
    if (err instanceof Passthrough && err.owner === owner) throw err.error;
    if (err instanceof ExprError && err.catchable) onError(err.value);
    else throw err;
  }
}

export function compileTry(body: Code, handler: Code | null): Code {
  const handle = (e: Env | null, run: (h: Code, value: Json) => void) => (value: Json) => {
    if (handler) run(handler, value);
  };
  return {
    gen: (i, e, emit) =>
      guarded(
        (wrap) => body.gen(i, e, wrap(emit)),
        handle(e, (h, value) => h.gen(value, e, emit)),
      ),
    paths: (i, p, e, emit) =>
      guarded(
        (wrap) => body.paths(i, p, e, wrap(emit)),
        handle(e, (h, value) => h.paths(value, null, e, emit)),
      ),
  };
}

/** `a // b`: the truthy outputs of a, or else all outputs of b. */
export function compileAlt(left: Code, right: Code): Code {
  const code: Code = {
    gen: (i, e, emit) => {
      let any = false;
      left.gen(i, e, (v) => {
        if (truthy(v)) {
          any = true;
          emit(v);
        }
      });
      if (!any) right.gen(i, e, emit);
    },
    paths: (i, p, e, emit) => {
      let any = false;
      left.paths(i, p, e, (v, vp) => {
        if (truthy(v)) {
          any = true;
          emit(v, vp);
        }
      });
      if (!any) right.paths(i, p, e, emit);
    },
  };
  if (left.one && right.one) {
    const l = left.one;
    const r = right.one;
    code.one = (i, e) => {
      const v = l(i, e);
      return truthy(v) ? v : r(i, e);
    };
  }
  return code;
}
