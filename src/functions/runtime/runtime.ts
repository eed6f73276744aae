/**
 * The function runtime port: turns one deployed version into instances that run invocations. Two adapters
 * pass the same contract suite (contract.ts): isolated-vm isolates (isolate-runtime.ts, the default) and
 * worker threads (worker-runtime.ts, the fallback when isolated-vm cannot load). The pool (../pool) decides
 * how many instances exist; an instance never serves another version.
 */
import type { Json } from '../../shared/index.js';
import type { CloudEvent, FunctionVersion } from '../../ports/index.js';
import type { LogLimits } from './log-budget.js';

export interface FunctionRuntime {
  readonly kind: 'isolate' | 'worker';
  /** What runs the sandboxes, with its version where it has one (said at start: `isolated-vm 7.0.2`). */
  readonly engine: string;
  /**
   * Starts an instance: fresh sandbox, bundle compiled and evaluated once. Rejects with a FunctionError
   * (WEFT_ERR_FN_RUNTIME) when the bundle throws at load or does not define `__weft.default`.
   */
  create(version: FunctionVersion): Promise<Instance>;
}

export interface Instance {
  /**
   * Runs the function once. Resolves with its output (JSON), rejects with a FunctionError. A timeout or a
   * memory overrun disposes the instance (`disposed` becomes true); any other error leaves it usable.
   * The pool sends one invocation at a time; concurrent calls work but share the sandbox's globals.
   */
  invoke(input: Json, ctx: HostContext): Promise<Json>;
  /** Heap in use by the instance (best effort; 0 once disposed). */
  readonly memoryBytes: number;
  /** True once the instance can no longer run anything (timed out, out of memory, disposed). */
  readonly disposed: boolean;
  /** Frees the sandbox; pending invocations reject. Idempotent. */
  dispose(): void;
}

export interface FetchInit {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}

export interface FetchResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * What the host gives one invocation. The runtime only routes calls: egress policy, trace and
 * Idempotency-Key headers, the vault and the event bus live behind these callbacks.
 */
export interface HostContext {
  invocationId: string;
  idempotencyKey: string;
  /** Epoch ms; the runtime stops the invocation at min(deadline, start + manifest.timeoutMs). */
  deadline: number;
  traceparent?: string;
  logLimits?: LogLimits;
  /** Rejects (ideally with a FunctionError WEFT_ERR_FN_EGRESS) when the host refuses or the call fails. */
  fetch(url: string, init: FetchInit): Promise<FetchResponse>;
  /**
   * A granted secret's value, or undefined when the vault has none. Only called for names the manifest
   * grants: the runtime refuses the others itself (WEFT_ERR_FN_SECRET thrown inside the function).
   */
  secret(name: string): string | undefined;
  /**
   * Structured logs of the invocation: `console.*` and `ctx.log.*` both land here, within `logLimits`
   * (default DEFAULT_LOG_LIMITS); what is over ends in one marker line when the invocation ends.
   */
  log(level: LogLevel, message: string, fields?: Json): void;
  emit(event: CloudEvent): Promise<void>;
}
