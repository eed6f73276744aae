/**
 * The per-run journal's record format: the contract between the engine, which writes and replays it, and
 * every store, which keeps it append-only. `started` carries the input and start time; `resolved`/`failed`
 * carry effect outcomes by key; the terminal entries record how the run ended. `redriven` reopens an ended
 * (faulted or cancelled) run: replay ignores the terminal entry and the `superseded` outcomes before it
 * (src/engine/core/redrive.ts), so those effects are performed again; everything else stays.
 */
import type { Json } from '../shared/index.js';
import type { Problem } from './problem.js';

export type JournalEntry =
  /** `origin`: a rerun (a new run that copied another run's outcomes before task `from`). */
  | { kind: 'started'; at: number; input: Json; origin?: { run: string; from: string } }
  | { kind: 'resolved'; at: number; key: string; value: Json }
  | { kind: 'failed'; at: number; key: string; error: Problem }
  | { kind: 'completed'; at: number; output: Json }
  | { kind: 'faulted'; at: number; error: Problem }
  | { kind: 'cancelled'; at: number; reason?: string }
  /** Manual pause and resumption: the run's status becomes `suspended`, then `running` again. */
  | { kind: 'suspended'; at: number }
  | { kind: 'resumed'; at: number }
  /**
   * The run goes on after its end (redrive). `superseded`: keys of outcomes before this entry that replay
   * ignores (the failed attempts, and what the run no longer reaches). `input`: the run's input from here
   * on when patched; `version`/`definition`: the workflow version it continues on when changed.
   */
  | { kind: 'redriven'; at: number; superseded: string[]; by?: string; version?: string; definition?: Record<string, Json>; input?: Json; patched?: boolean };
