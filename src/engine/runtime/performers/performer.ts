/**
 * What a performer is and what it may use. A performer carries out one kind of effect through the ports
 * and returns its outcome as a promise; the driver (dispatch.ts) journals that outcome and feeds it to the
 * run. It sees the effect and a narrow context — never the engine, the run's machine or its journal.
 */
import type { Json } from '../../../shared/index.js';
import type { Effect } from '../../core/effects.js';
import type { EngineOptions, RunResult } from '../engine-options.js';

/** The ports performers reach (the engine's own, as configured). */
export type EffectPorts = Pick<EngineOptions, 'store' | 'clock' | 'http' | 'bus' | 'registry' | 'functions' | 'scripts'>;

export interface PerformerContext {
  readonly ports: EffectPorts;
  /** The run performing the effect, and its namespace (what a sub-workflow is started from). */
  readonly runId: string;
  /** The `Idempotency-Key` of an effect: `<run>:<key>`, with `#redrive-<n>` when a redrive forgot its failure. */
  idempotencyKey(key: string): string;
  readonly namespace: string;
  /** CloudEvents `source` of the events the engine publishes. */
  readonly source: string;
  /** The W3C traceparent of the span the effect runs in (its task's, see lifecycle.ts). */
  traceparent(pointer: string): string;
  /**
   * Settles once what the run journaled so far is committed. Only a function call starts before it (its
   * outbound I/O waits for it); every other effect is performed after it settled (dispatch.ts).
   */
  readonly durable: Promise<void>;
  /** False once the run ended here, moved to another node, or the engine drains. */
  live(): boolean;
  /** Aborted when the engine drains or stops: a wait for function capacity gives up at once. */
  readonly halt: AbortSignal;
  /** Arms a timer for the run; it is cancelled when the run no longer waits on `key` or stops here. */
  arm(key: string, fireAt: number, fire: () => void): void;
  /** Registers a `listen` effect: the event it takes is its outcome, delivered by the event listeners. */
  listen(effect: Extract<Effect, { kind: 'event' }>): void;
  /** Starts a run under the given id, resolving once it is durable (a sub-workflow). */
  start(definition: Record<string, Json>, input: Json, runId: string): Promise<string>;
  /** A run's final result (waits for it to end, wherever it executes). */
  result(runId: string): Promise<RunResult>;
}

export interface Performer<E extends Effect> {
  /**
   * Only waits — on time, an event or another run: a run blocked only on such effects is `waiting`
   * (Engine.describe), and a draining stop need not wait for them (the next owner re-arms them from the
   * journal). Any other effect counts as in progress until its outcome arrives.
   */
  readonly waits?: boolean;
  /**
   * Starts the effect; resolves with its outcome, rejects with its failure (a WorkflowError's problem, or
   * any error as a `communication` problem). Returns nothing when the outcome arrives another way (an
   * event taken by a `listen`).
   */
  perform(effect: E, ctx: PerformerContext): Promise<Json> | undefined;
}
