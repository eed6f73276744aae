/**
 * The per-run journal: append-only. A run's state is the replay of its definition against this journal:
 * `started` carries the input and start time; `resolved`/`failed` carry effect outcomes by key; the
 * terminal entries record how the run ended.
 */
import type { Json } from '../expr/index.js';
import type { Problem } from './errors.js';

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

export type RunStatus = 'pending' | 'running' | 'waiting' | 'suspended' | 'cancelled' | 'faulted' | 'completed';

export const TERMINAL: ReadonlySet<RunStatus> = new Set(['cancelled', 'faulted', 'completed']);
