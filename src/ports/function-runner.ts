import type { Json } from '../shared/index.js';

/**
 * Invokes deployed functions (the default catalog). Failures are thrown as `{ problem }` (WorkflowError);
 * a failure after the version was resolved carries it as `problem.functionVersion`.
 */
export interface FunctionRunner {
  invoke(req: {
    name: string;
    /** A version or an alias. */
    ref: string;
    /** The version to use instead of resolving `ref` again (a run keeps what it resolved first). */
    pinned?: string;
    input: Json;
    idempotencyKey: string;
    runId: string;
    pointer: string;
    /**
     * Settles once what the run journaled before this call is durable. The function may run before that
     * (it is in-process), but its outbound I/O (fetch, emit) waits for it; a rejection refuses that I/O.
     */
    ready?: Promise<unknown>;
    /** W3C trace context of the caller; the invocation is a child span of it. */
    traceparent?: string;
  }): Promise<FunctionResult>;
}

export interface FunctionResult {
  version: string;
  output: Json;
  /**
   * The values this call's input and output hold where the function's manifest schemas mark
   * `x-weft-sensitive`: the run store seals what holds them, views mask them (never stored in clear).
   */
  sensitive?: string[];
}
