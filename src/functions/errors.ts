/**
 * Coded function errors (DESIGN.md §9). `kind` is the DSL error type a workflow sees when a `call:` of a
 * function fails, so `try`/`catch`/`retry` filter on it; `status` is the HTTP status the gateway answers
 * with; `retryable` means the function did not run at all, so the same call may simply be sent again.
 */
import { ErrorTypes, type ErrorFamily, ProblemError, type Problem, defineErrors } from '../contracts/index.js';

/** The DSL error types (dsl-reference §Errors) function failures map to. */
export type FunctionErrorKind = 'timeout' | 'runtime' | 'validation' | 'communication';

const Fn = defineErrors('FunctionError', {
  /** The wall-clock timeout (manifest `timeoutMs`, or the caller's deadline) elapsed, or an infinite loop. */
  timeout: {
    code: 'WEFT_ERR_FN_TIMEOUT',
    status: 408,
    kind: 'timeout',
    type: ErrorTypes.timeout,
    meaning: 'The function ran past its timeout (its manifest\'s `timeoutMs`, or the time its caller had left), or waited that long for a free instance; a running isolate is discarded.',
    action: 'Make the function faster or raise `timeoutMs` in `weft.json` (up to the operator\'s `WEFT_FN_MAX_TIMEOUT_MS`).',
  },
  /** The function threw, its output is not JSON, it exceeded its memory cap, or its bundle is unusable. */
  runtime: {
    code: 'WEFT_ERR_FN_RUNTIME',
    status: 500,
    kind: 'runtime',
    type: ErrorTypes.runtime,
    meaning: 'The function failed: it threw, returned something that is not JSON, exceeded its memory cap, could not be loaded, or its instance was stopped (the server shutting down).',
    action: 'Read the message and the invocation\'s logs (`weft fn logs <name>`); for memory, raise `memoryMb` in `weft.json` (up to the operator\'s `WEFT_FN_MAX_MEMORY_MB`).',
  },
  /**
   * Every instance is busy and the queue is full: nothing ran, try again later (HTTP 429). A refusal to
   * run is about reaching the function, like an HTTP 429 from a remote service.
   */
  throttled: {
    code: 'WEFT_ERR_FN_THROTTLED',
    status: 429,
    kind: 'communication',
    type: ErrorTypes.communication,
    meaning: 'Nothing ran: every instance of the function is busy and its queue is full (its `maxConcurrency`), or the node has no free instance slot (`WEFT_FN_NODE_MAX_CONCURRENCY`).',
    action: 'Try again later (a workflow\'s call waits and retries by itself); if calls often wait, raise `maxConcurrency` in `weft.json` (up to the operator\'s `WEFT_FN_MAX_CONCURRENCY`).',
  },
  /** Input or output does not match the manifest's schemas. */
  validation: {
    code: 'WEFT_ERR_FN_VALIDATION',
    status: 400,
    kind: 'validation',
    type: ErrorTypes.validation,
    meaning: 'The function\'s input or output does not match its manifest\'s `input` or `output` JSON Schema, or is over the 1 MiB payload limit.',
    action: 'Send input that matches the `input` schema (`GET /api/v1/functions/{name}` shows the manifest); for output, fix the function or its `output` schema.',
  },
  /** `ctx.fetch` was refused by the egress policy or the remote call failed. */
  egress: {
    code: 'WEFT_ERR_FN_EGRESS',
    status: 502,
    kind: 'communication',
    type: ErrorTypes.communication,
    meaning: 'The function\'s `ctx.fetch` was refused (a host not in the manifest\'s `egress`, a private address) or failed (DNS, connection, the size or time cap); the message ends with the `WEFT_ERR_EGRESS_*` code.',
    action: 'Add the host to `egress` in `weft.json` (a private address also needs the operator\'s `WEFT_EGRESS_ALLOW`), or catch the error in the function.',
  },
  /**
   * `ctx.secrets.get` of a name the manifest does not grant: a defect of the function (or its manifest),
   * not of the caller.
   */
  secret: {
    code: 'WEFT_ERR_FN_SECRET',
    status: 500,
    kind: 'runtime',
    type: ErrorTypes.runtime,
    meaning: 'The function asked `ctx.secrets.get` for a secret its manifest does not list in `secrets`.',
    action: 'Add the name to `secrets` in `weft.json` and deploy a new version (the operator sets the value as `WEFT_SECRET_<NAME>`).',
  },
});

export const FN_ERROR_CODES = Fn.codes;

/** The functions' family, as the error catalog lists it. */
export const FN_ERRORS: ErrorFamily = Fn;

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

  /** The DSL error type a workflow sees (`type` is its URI, what a WorkflowError's problem.type carries). */
  get kind(): FunctionErrorKind {
    return Fn.definition(this.code).kind;
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
