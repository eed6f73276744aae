/**
 * The per-run journal's record format: the contract between the engine, which writes and replays it, and
 * every store, which keeps it append-only. `started` carries the input and start time; `resolved`/`failed`
 * carry effect outcomes by key; the terminal entries record how the run ended.
 */
import type { Json } from '../shared/index.js';
import type { Problem } from './problem.js';

export type JournalEntry =
  | { kind: 'started'; at: number; input: Json }
  | { kind: 'resolved'; at: number; key: string; value: Json }
  | { kind: 'failed'; at: number; key: string; error: Problem }
  | { kind: 'completed'; at: number; output: Json }
  | { kind: 'faulted'; at: number; error: Problem }
  | { kind: 'cancelled'; at: number; reason?: string }
  /** Manual pause and resumption: the run's status becomes `suspended`, then `running` again. */
  | { kind: 'suspended'; at: number }
  | { kind: 'resumed'; at: number };
