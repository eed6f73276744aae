/**
 * Host inputs of an evaluation: variables supplied by the caller (`$input`, `$context`, … for the DSL). Free `$names` are resolved
 * at run time against the vars of the evaluation in progress (evaluation is synchronous).
 */
import { ExprError } from './errors.js';
import type { Json } from './json.js';

let current: Readonly<Record<string, Json>> = {};
// The one clock read in expr: jq's `now` for callers that pass no clock (the CLI's `weft expr`); the
// engine always passes its deterministic clock, so the pure rooms stay clock-free.
// eslint-disable-next-line no-restricted-properties -- jq's wall-clock default, documented above
const wallClock: () => number = Date.now;
let clock: () => number = wallClock;

/** Runs `fn` with the caller's variables and clock (milliseconds since the epoch, for `now`). */
export function withVars<T>(vars: Readonly<Record<string, Json>>, now: (() => number) | undefined, fn: () => T): T {
  const saved = current;
  const savedClock = clock;
  current = vars;
  clock = now ?? wallClock;
  try {
    return fn();
  } finally {
    current = saved;
    clock = savedClock;
  }
}

/** `now`: seconds since the epoch from the caller's clock (the engine passes its deterministic one). */
export function now(): number {
  return clock() / 1000;
}

export function freeVariable(name: string): Json {
  if (Object.prototype.hasOwnProperty.call(current, name)) {
    const v = current[name];
    if (v !== undefined) return v;
  }
  // jq rejects unknown variables when compiling; ours are known only when the caller runs the filter.
  throw new ExprError('WEFT_ERR_EXPR_SYNTAX', `$${name} is not defined`);
}
