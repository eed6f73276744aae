/**
 * jq runtime expressions: the jq 1.7.1 language compiled once to JavaScript closures.
 *
 *   compile(src)(input, vars)      all outputs       compile(src).first(input, vars)  the first output
 *   evaluate(src, input, vars)     the first output  evaluateAll(src, input, vars)    all outputs
 *
 * Variables (`$input`, `$context`, …) are plain named arguments. Every run is bounded (steps, string,
 * array and output sizes); failures are ExprErrors coded WEFT_ERR_EXPR_SYNTAX | _RUNTIME | _BUDGET.
 */
import { LruCache } from './cache.js';
import type { Json } from './json.js';
import { type Program, type RunOptions, type Vars, compileProgram } from './program.js';

export { EXPRESSION_ERROR_TYPE, EXPR_ERRORS, ExprError, type ExprErrorCode, type ExprProblem, type SourcePosition, toProblem } from './errors.js';
export type { Json, JsonObject } from './json.js';
export { DEFAULT_LIMITS, type Limits } from './budget.js';
export type { Program, RunOptions, Vars } from './program.js';
export { stringify } from './stringify.js';
export { compare, equals } from './compare.js';

const cache = new LruCache<string, Program>(1000);

/** Compiles a jq filter (cached by source text). Throws ExprError (WEFT_ERR_EXPR_SYNTAX) with a position. */
export function compile(src: string): Program {
  let p = cache.get(src);
  if (!p) {
    p = compileProgram(src);
    cache.set(src, p);
  }
  return p;
}

/** The first output of `src` on `input`, or undefined when it yields none. */
export function evaluate(src: string, input: Json, vars?: Vars, options?: RunOptions): Json | undefined {
  return compile(src).first(input, vars, options);
}

/** Every output of `src` on `input`. */
export function evaluateAll(src: string, input: Json, vars?: Vars, options?: RunOptions): Json[] {
  return compile(src)(input, vars, options);
}
