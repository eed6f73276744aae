/**
 * What the engine is configured with (its ports and hooks) and what starting a run takes and gives back,
 * apart from the driver itself (engine.ts).
 */
export { DEFAULT_MAX_PAYLOAD_BYTES, oversize } from '../../contracts/index.js';
import type { Json } from '../../shared/index.js';
import type { Problem } from '../core/errors.js';
import type { Clock, CloudEvent, EventBus, FunctionRunner, HttpClient, Ids, RunRecord, ScriptRunner, Secrets, Store, WorkflowRegistry } from '../../ports/index.js';
import type { RuntimeInfo } from '../core/run-context.js';

export interface EngineOptions {
  store: Store;
  clock: Clock;
  http: HttpClient;
  bus: EventBus;
  ids: Ids;
  secrets?: Secrets;
  /** Definitions for `run: workflow`. */
  registry?: WorkflowRegistry;
  /** Deployed functions, for `call: name:version@default`. */
  functions?: FunctionRunner;
  /** Sandboxed JavaScript, for `run: script`. */
  scripts?: ScriptRunner;
  runtime?: RuntimeInfo;
  /** CloudEvents `source` for events the engine publishes. */
  source?: string;
  /** Lifecycle events (workflow and task started/completed/faulted/…), as CloudEvents. */
  onLifecycle?: (event: CloudEvent) => void;
  /** A run ended here (completed, faulted or cancelled): cheaper than onLifecycle for who needs only that. */
  onRunEnded?: (run: RunRecord) => void;
  /** Largest workflow output, as UTF-8 JSON (default 1 MB); a larger one faults the run. */
  maxPayloadBytes?: number;
  /** Most tasks one run may execute (default 100,000, WEFT_RUN_MAX_TRANSITIONS); past it the run faults. */
  maxTransitions?: number;
  /** A run computing without waiting pauses between tasks after this much event-loop time (default 10 ms). */
  sliceMs?: number;
  /** Runs re-activated at a time by recover() and adopt() (default 32; pacing.ts). */
  recoveryConcurrency?: number;
  /**
   * Multi-node mode. `executes: false` (an api-only node) creates runs without executing them: workers
   * pick them up. `awaitEnd` settles when a run executing on another node has ended (result() waits on
   * it); `onAbandon` hears of a run this process stopped driving (so its lease can be given back).
   */
  executes?: boolean;
  awaitEnd?: (runId: string) => Promise<void>;
  onAbandon?: (runId: string, reason: Error) => void;
}

export const DEFAULT_SLICE_MS = 10;
/** A slice also ends after this many tasks, so a run pauses even where the clock stands still (tests). */
export const DEFAULT_SLICE_TASKS = 1000;


export interface StartOptions {
  runId?: string;
  /** At most one run per workflow and key: the store refuses a second (WEFT_ERR_STORE_DUPLICATE_RUN). */
  idempotencyKey?: string;
  /** The caller's W3C trace context; the run's spans continue its trace. */
  traceparent?: string;
}

export interface RunResult {
  id: string;
  status: 'completed' | 'faulted' | 'cancelled';
  output?: Json;
  error?: Problem;
  endedAt?: number;
}
