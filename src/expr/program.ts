/**
 * Compiling a filter into a runnable Program, and running it within its budget. The prelude is
 * compiled once per process, on first use.
 */
import { DEFAULT_LIMITS, type Limits, checkArrayLength, checkOutput, currentLimits, withBudget } from './budget.js';
import { Compiler } from './compiler.js';
import { ExprError, budgetError, positionAt } from './errors.js';
import type { Json } from './json.js';
import { NATIVES } from './natives/index.js';
import { parse } from './parser.js';
import { PRELUDE, compilePrelude } from './prelude.js';
import { BreakSignal, type Code, single } from './runtime.js';
import type { FnInfo } from './scope.js';
import { SPECIALS } from './specials.js';
import { withVars } from './vars.js';

export type Vars = Readonly<Record<string, Json>>;

export interface RunOptions {
  /** Overrides of the default bounds (steps, string and array sizes, output size). */
  limits?: Partial<Limits>;
  /** Clock for `now`, in milliseconds since the epoch; defaults to Date.now. */
  now?: () => number;
}

export interface Program {
  /** All outputs. */
  (input: Json, vars?: Vars, options?: RunOptions): Json[];
  readonly source: string;
  /** Streams outputs to `emit`; outputs emitted before an error stay emitted. */
  run(input: Json, vars: Vars | undefined, emit: (v: Json) => void, options?: RunOptions): void;
  /** The first output, or undefined when there is none; stops the filter after it. */
  first(input: Json, vars?: Vars, options?: RunOptions): Json | undefined;
}

let globals: Map<string, FnInfo> | null = null;

function preludeGlobals(): Map<string, FnInfo> {
  if (globals) return globals;
  const g = new Map<string, FnInfo>();
  // The prelude is only definitions; jq's grammar wants a body after them.
  compilePrelude(new Compiler({ src: PRELUDE, globals: g }), parse(PRELUDE + '\n.'), g);
  const names = [...NATIVES.keys(), ...SPECIALS.keys(), ...g.keys(), 'builtins/0'].filter((k) => !k.startsWith('_')).sort();
  SPECIALS.set('builtins/0', () => single(() => names));
  globals = g;
  return g;
}

function limitsOf(options?: RunOptions): Limits {
  return options?.limits ? { ...DEFAULT_LIMITS, ...options.limits } : DEFAULT_LIMITS;
}

/** Maps failures of the host (stack overflow, bugs) to coded errors; ExprError and breaks pass as they are. */
function hostFailure(err: unknown): unknown {
  if (err instanceof ExprError || err instanceof BreakSignal) return err;
  if (err instanceof RangeError) return budgetError('expression recursed too deeply', err);
  return new ExprError('WEFT_ERR_EXPR_RUNTIME', `internal error: ${(err as Error)?.message ?? String(err)}`, { cause: err });
}

/**
 * The emit of the all-outputs API: gathered outputs are bounded like one array — their count by
 * maxArrayLength, their total size by maxOutputSize — else `repeat("x")` fills the heap until the
 * process dies long before the step budget ends it.
 */
function gatherInto(out: Json[]): (v: Json, size: number) => void {
  let total = 0;
  return (v, size) => {
    out.push(v);
    checkArrayLength(out.length);
    total += size;
    const max = currentLimits().maxOutputSize;
    if (total > max) throw budgetError(`expression outputs are larger than the limit of ${max} characters in all`);
  };
}

/** Runs compiled code with the budget, vars and clock in place. `emit` gets each output and its size. */
function execute(code: Code, input: Json, vars: Vars | undefined, emit: (v: Json, size: number) => void, options?: RunOptions): void {
  try {
    withBudget(limitsOf(options), () =>
      withVars(vars ?? {}, options?.now, () => {
        // Single-output filters (most DSL expressions) skip the callback machinery.
        if (code.one) {
          const v = code.one(input, null);
          emit(v, checkOutput(v));
          return;
        }
        code.gen(input, null, (v) => emit(v, checkOutput(v)));
      }),
    );
  } catch (err) {
    throw hostFailure(err);
  }
}

/** The first output without running the rest of the filter. */
function executeFirst(code: Code, input: Json, vars: Vars | undefined, options?: RunOptions): Json | undefined {
  if (code.one) {
    let out: Json | undefined;
    execute(code, input, vars, (v) => (out = v), options);
    return out;
  }
  let out: Json | undefined;
  const token = {};
  try {
    execute(code, input, vars, (v) => {
      out = v;
      throw new BreakSignal(token);
    }, options);
  } catch (err) {
    if (!(err instanceof BreakSignal && err.token === token)) throw err;
  }
  return out;
}

export function compileProgram(source: string): Program {
  const g = preludeGlobals();
  let code: Code;
  try {
    code = new Compiler({ src: source, globals: g }).compile(parse(source), null);
  } catch (err) {
    // The parser and the compiler recurse over the filter's nesting: a few thousand `[` or `(` overflow
    // the JS stack, which must reach the caller as the filter's fault, not as a RangeError.
    if (err instanceof RangeError) throw new ExprError('WEFT_ERR_EXPR_SYNTAX', 'the filter nests too deeply to compile', { position: positionAt(source, 0), cause: err });
    throw err;
  }
  const all = ((input: Json, vars?: Vars, options?: RunOptions) => {
    const out: Json[] = [];
    execute(code, input, vars, gatherInto(out), options);
    return out;
  }) as Program;
  Object.defineProperty(all, 'source', { value: source, enumerable: true });
  all.run = (input, vars, emit, options) => execute(code, input, vars, (v) => emit(v), options);
  all.first = (input, vars, options) => executeFirst(code, input, vars, options);
  return all;
}
