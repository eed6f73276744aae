/**
 * Builtins that take filters and need more than value arguments: generators with early exit (`limit`,
 * `first`, `isempty`), path-aware ones (`path`, `getpath`, `select`, `recurse`), loops that must not grow
 * the stack (`repeat`, `while`, `until`, `range`), and `error`/`empty`. Semantics follow jq 1.7.1's
 * definitions in builtin.jq; the loops run iteratively when the step filter yields one value.
 */
import { subtract } from './arith.js';
import { tick } from './budget.js';
import { compare, equals } from './compare.js';
import { ExprError, runtimeError } from './errors.js';
import { type Json, isObject, truthy } from './json.js';
import { getpath } from './paths.js';
import { BreakSignal, type Code, type Emit, type Env, type Path, type PathEmit, invalidPath, single, valuesOnly } from './runtime.js';
import { stringify } from './stringify.js';

export type Special = (args: Code[]) => Code;

function raise(v: Json): never {
  const message = typeof v === 'string' ? v : `${stringify(v)} (not a string)`;
  throw new ExprError('WEFT_ERR_EXPR_RUNTIME', message, { value: v });
}

/** Runs `body` until `stop()` is called from within it. */
function stoppable(body: (stop: () => never) => void): void {
  const token = {};
  const signal = new BreakSignal(token);
  try {
    body(() => {
      throw signal;
    });
  } catch (err) {
    if (!(err instanceof BreakSignal && err.token === token)) throw err;
  }
}

function both(gen: (i: Json, e: Env | null, emit: PathEmit, p: Path | null, pathMode: boolean) => void): Code {
  return {
    gen: (i, e, emit) => gen(i, e, (v) => emit(v), null, false),
    paths: (i, p, e, emit) => gen(i, e, emit, p, true),
  };
}

/**
 * jq 1.7.1: `if $n > 0 then label $out | foreach f as $x ($n; . - 1; $x, if . <= 0 then break $out
 * else empty end) elif $n == 0 then empty else f end` — including its comparisons for a non-number $n.
 */
function limit(n: Code, f: Code): Code {
  return both((i, e, emit, p, pm) =>
    n.gen(i, e, (count) => {
      if (compare(count, 0) <= 0) {
        if (!equals(count, 0)) run(f, i, p, e, emit, pm);
        return;
      }
      let left = count;
      stoppable((stop) =>
        run(f, i, p, e, (v, vp) => {
          left = subtract(left, 1);
          emit(v, vp);
          if (compare(left, 0) <= 0) stop();
        }, pm),
      );
    }),
  );
}

function run(f: Code, i: Json, p: Path | null, e: Env | null, emit: PathEmit, pathMode: boolean): void {
  if (pathMode) f.paths(i, p, e, emit);
  else f.gen(i, e, emit as Emit);
}

function recurse(f: Code, cond: Code | null): Code {
  return both((i, e, emit, p, pm) => {
    const r = (v: Json, vp: Path | null): void => {
      tick();
      emit(v, vp);
      run(f, v, vp, e, (w, wp) => {
        if (cond === null) r(w, wp);
        else cond.gen(w, e, (c) => truthy(c) && r(w, wp));
      }, pm);
    };
    r(i, p);
  });
}

/** Applies `step` repeatedly without recursion when it yields exactly one value. */
function iterateOne(step: (v: Json, e: Env | null) => Json, keepGoing: (v: Json) => boolean, v0: Json, e: Env | null, emit: Emit): void {
  let v = v0;
  while (keepGoing(v)) {
    tick();
    emit(v);
    v = step(v, e);
  }
}

function truthyOf(cond: Code, v: Json, e: Env | null): boolean[] {
  const out: boolean[] = [];
  cond.gen(v, e, (c) => out.push(truthy(c)));
  return out;
}

function numbers(...vs: Json[]): number[] {
  for (const v of vs) if (typeof v !== 'number') throw runtimeError('Range bounds must be numeric');
  return vs as number[];
}

function rangeGen(from: number, upto: number, by: number, emit: Emit): void {
  if (by > 0) {
    for (let x = from; x < upto; x += by) {
      tick();
      emit(x);
    }
  } else if (by < 0) {
    for (let x = from; x > upto; x += by) {
      tick();
      emit(x);
    }
  }
}

function tostream(v: Json, emit: Emit): void {
  const walk = (x: Json, p: Json[]): void => {
    tick();
    const entries: [Json, Json][] = Array.isArray(x) ? x.map((y, k) => [k, y]) : isObject(x) ? Object.keys(x).map((k) => [k, x[k]]) : [];
    if (entries.length === 0) {
      emit([p, x]);
    } else {
      for (const [k, y] of entries) walk(y, [...p, k]);
      emit([[...p, entries[entries.length - 1][0]]]);
    }
  };
  walk(v, []);
}

export const SPECIALS = new Map<string, Special>([
  ['empty/0', () => ({ gen: () => {}, paths: () => {} })],
  ['error/0', () => single((i) => raise(i))],
  ['error/1', ([m]) => valuesOnly((i, e) => m.gen(i, e, raise))],
  ['not/0', () => single((i) => !truthy(i))],
  [
    'path/1',
    ([f]) =>
      valuesOnly((i, e, emit) =>
        f.paths(i, [], e, (v, p) => {
          if (p === null) throw invalidPath(v);
          emit(p);
        }),
      ),
  ],
  [
    'getpath/1',
    ([pf]) => ({
      gen: (i, e, emit) => pf.gen(i, e, (p) => emit(getpath(i, p))),
      paths: (i, p, e, emit) =>
        pf.gen(i, e, (q) => {
          if (p === null) throw invalidPath(i);
          const v = getpath(i, q);
          emit(v, [...p, ...(q as Json[])]);
        }),
    }),
  ],
  [
    'select/1',
    ([c]) => ({
      gen: (i, e, emit) => c.gen(i, e, (v) => truthy(v) && emit(i)),
      paths: (i, p, e, emit) => c.gen(i, e, (v) => truthy(v) && emit(i, p)),
    }),
  ],
  ['recurse/1', ([f]) => recurse(f, null)],
  ['recurse/2', ([f, c]) => recurse(f, c)],
  ['limit/2', ([n, f]) => limit(n, f)],
  ['first/1', ([f]) => limit(single(() => 1), f)],
  [
    'isempty/1',
    ([g]) =>
      single((i, e) => {
        let empty = true;
        stoppable((stop) =>
          g.gen(i, e, () => {
            empty = false;
            stop();
          }),
        );
        return empty;
      }),
  ],
  [
    'repeat/1',
    // jq 1.6 and 1.7.1 both yield f's outputs on the same input, over and over (`1|repeat(.*2)` is 2, 2, …).
    ([f]) =>
      valuesOnly((i, e, emit) => {
        for (;;) {
          tick();
          f.gen(i, e, emit);
        }
      }),
  ],
  [
    'while/2',
    ([cond, update]) =>
      valuesOnly((i, e, emit) => {
        if (cond.one && update.one) {
          const c = cond.one;
          return iterateOne(update.one, (v) => truthy(c(v, e)), i, e, emit);
        }
        const r = (v: Json): void => {
          tick();
          for (const ok of truthyOf(cond, v, e)) {
            if (!ok) continue;
            emit(v);
            update.gen(v, e, r);
          }
        };
        r(i);
      }),
  ],
  [
    'until/2',
    ([cond, next]) =>
      valuesOnly((i, e, emit) => {
        if (cond.one && next.one) {
          const c = cond.one;
          const n = next.one;
          let v = i;
          while (!truthy(c(v, e))) {
            tick();
            v = n(v, e);
          }
          return emit(v);
        }
        const r = (v: Json): void => {
          tick();
          for (const ok of truthyOf(cond, v, e)) {
            if (ok) emit(v);
            else next.gen(v, e, r);
          }
        };
        r(i);
      }),
  ],
  [
    'range/1',
    ([n]) => valuesOnly((i, e, emit) => n.gen(i, e, (upto) => rangeGen(0, numbers(upto)[0], 1, emit))),
  ],
  [
    'range/2',
    ([from, upto]) =>
      valuesOnly((i, e, emit) =>
        from.gen(i, e, (f) =>
          upto.gen(i, e, (u) => {
            const [a, b] = numbers(f, u);
            rangeGen(a, b, 1, emit);
          }),
        ),
      ),
  ],
  [
    'range/3',
    ([from, upto, by]) =>
      valuesOnly((i, e, emit) =>
        from.gen(i, e, (f) =>
          upto.gen(i, e, (u) =>
            by.gen(i, e, (b) => {
              const [x, y, z] = numbers(f, u, b);
              rangeGen(x, y, z, emit);
            }),
          ),
        ),
      ),
  ],
  ['tostream/0', () => valuesOnly((i, _e, emit) => tostream(i, emit))],
  ['env/0', () => single(() => ({}))],
  ['debug/0', () => ({ one: (i) => i, gen: (i, _e, emit) => emit(i), paths: (i, p, _e, emit) => emit(i, p) })],
  ['stderr/0', () => ({ one: (i) => i, gen: (i, _e, emit) => emit(i), paths: (i, p, _e, emit) => emit(i, p) })],
]);
