/** Coded errors of the jq engine. A jq `error(v)` carries its value; budget errors are never catchable by `try`. */
import type { Json } from './json.js';
import { type ErrorFamily, defineErrors } from '../shared/index.js';

/** The DSL's error type for expressions: what a jq error is, in a workflow and from `weft expr`. */
export const EXPRESSION_ERROR_TYPE = 'https://serverlessworkflow.io/spec/1.0.0/errors/expression';

// No status: jq errors reach the API only as their caller's (a task's expression error, an invalid definition).
const Expr = defineErrors('ExprError', {
  syntax: {
    code: 'WEFT_ERR_EXPR_SYNTAX',
    title: 'Invalid jq expression',
    type: EXPRESSION_ERROR_TYPE,
    meaning: 'A jq filter does not compile; the message gives the line and column.',
    action: 'Fix the filter where the message points (Weft runs jq 1.7; the jq manual, https://jqlang.org/manual/v1.7/, has the syntax).',
  },
  runtime: {
    code: 'WEFT_ERR_EXPR_RUNTIME',
    title: 'jq expression failed',
    type: EXPRESSION_ERROR_TYPE,
    meaning: 'A jq filter failed while it ran: a type error (adding a string to a number, indexing a number), an `error(…)` it raised, or a builtin given a bad argument.',
    action: 'Make the filter fit the data it meets (`?`, `try … catch`, `// <default>`), and try it with `weft expr \'<filter>\' --input \'<json>\'`.',
  },
  budget: {
    code: 'WEFT_ERR_EXPR_BUDGET',
    title: 'jq expression exceeded its budget',
    type: EXPRESSION_ERROR_TYPE,
    meaning: 'A jq filter did too much work: over 2,000,000 evaluation steps, or a string, array or output over its size cap (8 Mi characters, 1 M elements, 16 MiB); `try` cannot catch it.',
    action: 'Make the filter do less: bound `range`, `recurse` and `until` (with `limit` or `first`), and select the part of the input it needs before the heavy work.',
  },
});

/** The jq engine's family, as the error catalog lists it. */
export const EXPR_ERRORS: ErrorFamily = Expr;

export type ExprErrorCode = (typeof Expr.codes)[keyof typeof Expr.codes];

/** A place in the filter's source text (1-based line and column, 0-based offset). */
export interface SourcePosition {
  offset: number;
  line: number;
  column: number;
}

export class ExprError extends Expr.Error {
  /** The jq error value: what `try … catch .` receives (a message string unless raised by `error(v)`). */
  readonly value: Json;
  readonly position?: SourcePosition;

  constructor(code: ExprErrorCode, message: string, opts: { value?: Json; position?: SourcePosition; cause?: unknown } = {}) {
    super(code, message, opts);
    this.value = opts.value === undefined ? message : opts.value;
    if (opts.position) this.position = opts.position;
  }

  /** Budget errors end the evaluation: `try`, `?` and `?//` let them through. */
  get catchable(): boolean {
    return this.code === 'WEFT_ERR_EXPR_RUNTIME';
  }
}

export function runtimeError(message: string): ExprError {
  return new ExprError('WEFT_ERR_EXPR_RUNTIME', message);
}

export function budgetError(message: string, cause?: unknown): ExprError {
  return new ExprError('WEFT_ERR_EXPR_BUDGET', message, { cause });
}

export function positionAt(src: string, offset: number): SourcePosition {
  let line = 1;
  let col = 1;
  for (let i = 0; i < offset && i < src.length; i++) {
    if (src.charCodeAt(i) === 10) {
      line++;
      col = 1;
    } else col++;
  }
  return { offset, line, column: col };
}

export function syntaxError(message: string, src: string, offset: number): ExprError {
  const position = positionAt(src, offset);
  return new ExprError('WEFT_ERR_EXPR_SYNTAX', `${message} at line ${position.line}, column ${position.column}`, { position });
}

/** RFC 9457 problem details, with the DSL's error type for expressions. */
export interface ExprProblem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ExprErrorCode;
  position?: SourcePosition;
}

export function toProblem(err: ExprError): ExprProblem {
  const problem: ExprProblem = { type: EXPRESSION_ERROR_TYPE, title: err.title, status: 400, detail: err.message, code: err.code };
  if (err.position) problem.position = err.position;
  return problem;
}
