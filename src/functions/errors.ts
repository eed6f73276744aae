/**
 * Coded function errors (DESIGN.md §9). `kind` is the DSL error type a workflow sees when a `call:` of a
 * function fails, so `try`/`catch`/`retry` filter on it; `status` is the HTTP status the gateway answers
 * with; `retryable` means the function did not run at all, so the same call may simply be sent again.
 */
import { ErrorTypes, ProblemError, type Problem, defineErrors } from '../contracts/index.js';

/** The DSL error types (dsl-reference §Errors) function failures map to. */
export type FunctionErrorKind = 'timeout' | 'runtime' | 'validation' | 'communication';

const Fn = defineErrors('FunctionError', {
  /** The wall-clock timeout (manifest `timeoutMs`, or the caller's deadline) elapsed, or an infinite loop. */
  timeout: { code: 'WEFT_ERR_FN_TIMEOUT', status: 408, kind: 'timeout' },
  /** The function threw, its output is not JSON, it exceeded its memory cap, or its bundle is unusable. */
  runtime: { code: 'WEFT_ERR_FN_RUNTIME', status: 500, kind: 'runtime' },
  /**
   * Every instance is busy and the queue is full: nothing ran, try again later (HTTP 429). A refusal to
   * run is about reaching the function, like an HTTP 429 from a remote service.
   */
  throttled: { code: 'WEFT_ERR_FN_THROTTLED', status: 429, kind: 'communication' },
  /** Input or output does not match the manifest's schemas. */
  validation: { code: 'WEFT_ERR_FN_VALIDATION', status: 400, kind: 'validation' },
  /** `ctx.fetch` was refused by the egress policy or the remote call failed. */
  egress: { code: 'WEFT_ERR_FN_EGRESS', status: 502, kind: 'communication' },
  /**
   * `ctx.secrets.get` of a name the manifest does not grant: a defect of the function (or its manifest),
   * not of the caller.
   */
  secret: { code: 'WEFT_ERR_FN_SECRET', status: 500, kind: 'runtime' },
});

export const FN_ERROR_CODES = Fn.codes;

export type FunctionErrorCode = (typeof FN_ERROR_CODES)[keyof typeof FN_ERROR_CODES];

export const isFunctionErrorCode = Fn.isCode;

/** What the pool measured for an invocation; attached to errors too, so failures are recorded alike. */
export interface InvocationTiming {
  cold: boolean;
  queueMs: number;
  durationMs: number;
}

export class FunctionError extends Fn.Error {
  /** Set by the pool on errors of an invocation it ran (absent when the call was refused outright). */
  timing?: InvocationTiming;

  get kind(): FunctionErrorKind {
    return Fn.definition(this.code).kind;
  }

  /** The DSL error type URI (what a WorkflowError's problem.type carries). */
  override get type(): string {
    return ErrorTypes[this.kind];
  }

  get retryable(): boolean {
    return this.code === FN_ERROR_CODES.throttled;
  }
}

/**
 * How a call of a function fails, as the FunctionRunner port rejects (and the script runner): the
 * problem a workflow's task faults with, and the underlying error as its `cause`.
 */
export class FunctionFailure extends ProblemError {
  constructor(problem: Problem, options?: { cause?: unknown }) {
    super(problem, options);
    this.name = 'FunctionFailure';
  }
}

export const fnTimeout = (what: string, ms: number): FunctionError =>
  new FunctionError(FN_ERROR_CODES.timeout, `${what} timed out after ${ms} ms`);

export const fnRuntime = (message: string, cause?: unknown): FunctionError =>
  new FunctionError(FN_ERROR_CODES.runtime, message, { cause });

export const fnThrottled = (what: string, limit: number, queued: number): FunctionError =>
  new FunctionError(
    FN_ERROR_CODES.throttled,
    `${what} is at its concurrency limit (${limit} busy, ${queued} queued): try again later`,
  );

export const fnOutOfMemory = (what: string, memoryMb: number): FunctionError =>
  new FunctionError(FN_ERROR_CODES.runtime, `${what} exceeded its memory limit of ${memoryMb} MB and was stopped`);

export const fnSecretNotGranted = (name: string): FunctionError =>
  new FunctionError(FN_ERROR_CODES.secret, `secret ${JSON.stringify(name)} is not granted to this function (manifest "secrets")`);
