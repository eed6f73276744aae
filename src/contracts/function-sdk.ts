/**
 * What a Weft function sees: the handler's signature and its `ctx` (src/functions/runtime/README.md,
 * "What the function sees", is the behaviour; these are its types). Published as `weft/sdk` so editors
 * complete `ctx.fetch`, `ctx.secrets.get`, `ctx.log` and `ctx.emit` in a function folder:
 *
 *   import type { Handler } from 'weft/sdk';
 *   const handler: Handler<{ n: number }, { double: number }> = async (input, ctx) => ({ double: input.n * 2 });
 *   export default handler;
 *
 * Types only: a function imports them with `import type`, so nothing of Weft ends up in its bundle.
 */

/** A JSON value: what crosses into and out of a function. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** `ctx.fetch`'s options. A body that is not a string is sent as JSON. */
export interface FunctionFetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string | JsonValue;
}

/** `ctx.fetch`'s answer, read in full (within the egress size cap). */
export interface FunctionFetchResponse {
  status: number;
  ok: boolean;
  headers: Record<string, string>;
  body: string;
  text(): Promise<string>;
  json<T = JsonValue>(): Promise<T>;
}

/** `ctx.log.<level>(message, fields?)`: structured lines kept with the invocation (`weft fn logs`). */
export interface FunctionLog {
  debug(message: string, fields?: Record<string, JsonValue>): void;
  info(message: string, fields?: Record<string, JsonValue>): void;
  warn(message: string, fields?: Record<string, JsonValue>): void;
  error(message: string, fields?: Record<string, JsonValue>): void;
}

/** A CloudEvent for `ctx.emit`: `type` and `source` at least; id and time are filled in when absent. */
export interface FunctionEvent {
  type: string;
  source: string;
  id?: string;
  subject?: string;
  datacontenttype?: string;
  data?: JsonValue;
  [extension: string]: JsonValue | undefined;
}

/** The second argument of every function. */
export interface FunctionContext {
  /**
   * An HTTP call to a host the manifest's `egress` lists (refused otherwise: an Error with code
   * `WEFT_ERR_FN_EGRESS`, which the function may catch).
   */
  fetch(url: string, init?: FunctionFetchInit): Promise<FunctionFetchResponse>;
  /** Secrets the manifest's `secrets` grants; any other name throws `WEFT_ERR_FN_SECRET`. */
  secrets: { get(name: string): string | undefined };
  log: FunctionLog;
  /** Publishes a CloudEvent on Weft's bus (subscriptions and `listen` tasks receive it). */
  emit(event: FunctionEvent): Promise<void>;
  /** This invocation's id, and the key a retried call repeats (pass it on to make calls idempotent). */
  invocationId: string;
  idempotencyKey: string;
  /** W3C trace context of the caller, to pass on to what this function calls. */
  traceparent?: string;
  /** Epoch milliseconds by which the function must have answered. */
  deadline: number;
}

/** A function: `export default` one. What it returns (or throws) is its result. */
export type Handler<Input = JsonValue, Output = JsonValue> = (input: Input, ctx: FunctionContext) => Output | Promise<Output>;
