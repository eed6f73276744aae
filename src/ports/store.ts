import type { Json } from '../shared/index.js';
import type { Problem, JournalEntry, RunStatus } from '../contracts/index.js';

export interface RunRecord {
  id: string;
  namespace: string;
  name: string;
  version: string;
  definition: Record<string, Json>;
  input: Json;
  status: RunStatus;
  output?: Json;
  error?: Problem;
  createdAt: number;
  endedAt?: number;
  /** The caller's `Idempotency-Key`: at most one run per (namespace, name, key). */
  idempotencyKey?: string;
  /** W3C trace context the run continues (its spans are children of it). */
  traceparent?: string;
}

/** Which runs to list; results are newest first (createdAt, then id, descending). */
export interface RunFilter {
  status?: RunStatus[];
  namespace?: string;
  /** Only runs of these namespaces (a set, like `status`: `[]` matches none). */
  namespaces?: string[];
  name?: string;
  version?: string;
  idempotencyKey?: string;
  /** Epoch ms bounds on createdAt: from inclusive, to exclusive. */
  createdFrom?: number;
  createdTo?: number;
  /** Cursor: only runs strictly older than this (createdAt, id) position. */
  before?: { createdAt: number; id: string };
  limit?: number;
}

/**
 * Durable runs and their journals. Writes resolve only once committed (adapters may group the writes of
 * one event-loop turn into one transaction). Contract suite: store/contracts/run-store-contract.ts.
 */
export interface RunStore {
  /**
   * Creates the run with its `started` journal entry, atomically; with `copied` (a rerun: outcomes copied
   * from its origin, `resolved`/`failed` only) journaled right after it in the same commit.
   */
  createRun(run: RunRecord, started: JournalEntry, copied?: JournalEntry[]): Promise<void>;
  /**
   * Appends entries to a run's journal; a terminal entry also sets the run's status, output or error. A
   * `redriven` entry (first of its call) reopens a faulted or cancelled run, atomically: status running,
   * output, error and end cleared, and the version, definition and input it carries set (a run in any
   * other status: WEFT_ERR_STORE_CONFLICT, so of two concurrent redrives one wins).
   */
  append(runId: string, entries: JournalEntry[]): Promise<void>;
  getRun(id: string): Promise<RunRecord | undefined>;
  listRuns(filter?: RunFilter): Promise<RunRecord[]>;
  journal(runId: string): Promise<JournalEntry[]>;
}

/**
 * A run's durable timers (`wait`, retry back-off, timeouts), kept with the run: a run's terminal append
 * deletes them. Contract suite: store/contracts/timer-store-contract.ts.
 */
export interface TimerStore {
  /** Registers a durable timer; if one exists for (run, key) its fire time wins. Returns the fire time. */
  putTimer(runId: string, key: string, fireAt: number): Promise<number>;
  deleteTimer(runId: string, key: string): Promise<void>;
}

/**
 * What the engine's driver holds: runs, journals and timers on one database (a timer and the journal
 * append that resolves it commit together), and closing it.
 */
export interface Store extends RunStore, TimerStore {
  close(): Promise<void>;
}
