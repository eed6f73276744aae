/**
 * Coded function errors (DESIGN.md §9). `kind` is the DSL error type a workflow sees when a `call:` of a
 * function fails, so `try`/`catch`/`retry` filter on it; `status` is the HTTP status the gateway answers
 * with; `retryable` means the function did not run at all, so the same call may simply be sent again.
 */
import { ErrorTypes } from '../contracts/index.js';

export const FN_ERROR_CODES = {
  /** The wall-clock timeout (manifest `timeoutMs`, or the caller's deadline) elapsed, or an infinite loop. */
  timeout: 'WEFT_ERR_FN_TIMEOUT',
  /** The function threw, its output is not JSON, it exceeded its memory cap, or its bundle is unusable. */
  runtime: 'WEFT_ERR_FN_RUNTIME',
  /** Every instance is busy and the queue is full: nothing ran, try again later (HTTP 429). */
  throttled: 'WEFT_ERR_FN_THROTTLED',
  /** Input or output does not match the manifest's schemas. */
  validation: 'WEFT_ERR_FN_VALIDATION',
  /** `ctx.fetch` was refused by the egress policy or the remote call failed. */
  egress: 'WEFT_ERR_FN_EGRESS',
  /** `ctx.secrets.get` of a name the manifest does not grant. */
  secret: 'WEFT_ERR_FN_SECRET',
} as const;

export type FunctionErrorCode = (typeof FN_ERROR_CODES)[keyof typeof FN_ERROR_CODES];

/** The DSL error types (dsl-reference §Errors) function failures map to. */
export type FunctionErrorKind = 'timeout' | 'runtime' | 'validation' | 'communication';

const KIND: Record<FunctionErrorCode, FunctionErrorKind> = {
  WEFT_ERR_FN_TIMEOUT: 'timeout',
  WEFT_ERR_FN_RUNTIME: 'runtime',
  // A refusal to run is about reaching the function, like an HTTP 429 from a remote service.
  WEFT_ERR_FN_THROTTLED: 'communication',
  WEFT_ERR_FN_VALIDATION: 'validation',
  WEFT_ERR_FN_EGRESS: 'communication',
  // Reading an ungranted secret is a defect of the function (or its manifest), not of the caller.
  WEFT_ERR_FN_SECRET: 'runtime',
};

const STATUS: Record<FunctionErrorCode, number> = {
  WEFT_ERR_FN_TIMEOUT: 408,
  WEFT_ERR_FN_RUNTIME: 500,
  WEFT_ERR_FN_THROTTLED: 429,
  WEFT_ERR_FN_VALIDATION: 400,
  WEFT_ERR_FN_EGRESS: 502,
  WEFT_ERR_FN_SECRET: 500,
};

const CODES = new Set<string>(Object.values(FN_ERROR_CODES));

export function isFunctionErrorCode(code: unknown): code is FunctionErrorCode {
  return typeof code === 'string' && CODES.has(code);
}

/** What the pool measured for an invocation; attached to errors too, so failures are recorded alike. */
export interface InvocationTiming {
  cold: boolean;
  queueMs: number;
  durationMs: number;
}

export class FunctionError extends Error {
  readonly code: FunctionErrorCode;
  /** Set by the pool on errors of an invocation it ran (absent when the call was refused outright). */
  timing?: InvocationTiming;

  constructor(code: FunctionErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'FunctionError';
    this.code = code;
  }

  get kind(): FunctionErrorKind {
    return KIND[this.code];
  }

  /** The DSL error type URI (what a WorkflowError's problem.type carries). */
  get type(): string {
    return ErrorTypes[this.kind];
  }

  get status(): number {
    return STATUS[this.code];
  }

  get retryable(): boolean {
    return this.code === FN_ERROR_CODES.throttled;
  }
}

export const fnTimeout = (what: string, ms: number): FunctionError =>
  new FunctionError(FN_ERROR_CODES.timeout, `${what} timed out after ${ms} ms`);

export const fnRuntime = (message: string, cause?: unknown): FunctionError =>
  new FunctionError(FN_ERROR_CODES.runtime, message, cause === undefined ? undefined : { cause });

export const fnThrottled = (what: string, limit: number, queued: number): FunctionError =>
  new FunctionError(
    FN_ERROR_CODES.throttled,
    `${what} is at its concurrency limit (${limit} busy, ${queued} queued): try again later`,
  );

export const fnOutOfMemory = (what: string, memoryMb: number): FunctionError =>
  new FunctionError(FN_ERROR_CODES.runtime, `${what} exceeded its memory limit of ${memoryMb} MB and was stopped`);

export const fnSecretNotGranted = (name: string): FunctionError =>
  new FunctionError(FN_ERROR_CODES.secret, `secret ${JSON.stringify(name)} is not granted to this function (manifest "secrets")`);
