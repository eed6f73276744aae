/** `weft expr '<filter>' [--input <json>] [--arg name=<json> …]`: runs a jq filter, prints all outputs. */
import { type Json, ExprError, compile, stringify, toProblem } from '../expr/index.js';
import { type Io, type Problem, exitStatusOf, problemOf, reportProblem, usageProblem } from './problem.js';
import { CLI_ERROR_CODES } from './errors.js';

export interface ExprOptions {
  input?: string;
  arg?: string[];
  /** Problems as RFC 9457 JSON (for scripts) instead of a line for people. */
  json?: boolean;
}

function parseJson(text: string, what: string): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (err) {
    throw usageProblem(CLI_ERROR_CODES.json, `${what} is not valid JSON: ${(err as Error).message}`);
  }
}

function parseArgs(args: string[] = []): Record<string, Json> {
  const vars: Record<string, Json> = {};
  for (const a of args) {
    const eq = a.indexOf('=');
    const name = eq > 0 ? a.slice(0, eq) : '';
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) {
      throw usageProblem(CLI_ERROR_CODES.arg, `--arg expects name=<json>, got '${a}'`);
    }
    vars[name] = parseJson(a.slice(eq + 1), `--arg ${name}`);
  }
  return vars;
}

/**
 * Returns the exit status: 0 with the outputs as one JSON array on stdout; else a problem on stderr and 1
 * when the filter failed on this input (a runtime error, the budget), 2 when the filter does not compile
 * or an input or --arg is not JSON, 3 for an internal error.
 */
export function runExpr(filter: string, opts: ExprOptions, io: Io): number {
  try {
    const input = opts.input === undefined ? null : parseJson(opts.input, '--input');
    const vars = parseArgs(opts.arg);
    const outputs = compile(filter)(input, vars);
    io.out(stringify(outputs));
    return 0;
  } catch (err) {
    if (err instanceof ExprError) {
      reportProblem(io, toProblem(err) as Problem, opts.json);
      return err.code === 'WEFT_ERR_EXPR_SYNTAX' ? 2 : 1;
    }
    const problem = (err as Problem).type ? (err as Problem) : problemOf(err);
    reportProblem(io, problem, opts.json);
    return exitStatusOf(problem);
  }
}
