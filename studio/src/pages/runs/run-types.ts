/**
 * The API's shapes the runs pages read (src/platform/platform.ts RunView, the runs list page and
 * the run's lifecycle CloudEvents), restated here because the studio may not import src/ (DESIGN.md §2).
 */
import type { Problem } from '../../api/client.js';

export type RunStatus = 'pending' | 'running' | 'waiting' | 'suspended' | 'cancelled' | 'faulted' | 'completed';

export const RUN_STATUSES: readonly RunStatus[] = ['pending', 'running', 'waiting', 'suspended', 'completed', 'faulted', 'cancelled'];

/** Statuses after which nothing changes any more: live refresh stops there. */
export const ENDED: ReadonlySet<string> = new Set(['completed', 'faulted', 'cancelled']);

export interface Run {
  id: string;
  /** `namespace/name`. */
  workflow: string;
  namespace: string;
  name: string;
  version: string;
  status: RunStatus;
  input: unknown;
  output?: unknown;
  error?: Problem;
  createdAt: string;
  startedAt: string;
  endedAt?: string;
  idempotencyKey?: string;
}

export interface RunPage {
  items: Run[];
  /** The cursor of the next (older) page; absent on the last one. */
  next?: string;
}

/** One lifecycle event of a run (`GET /api/v1/runs/:id/events`), oldest first. */
export interface RunEvent {
  id: string;
  type: string;
  /** ISO 8601: when the journal entry that caused the event was written. */
  time: string;
  data: { task?: string; output?: unknown; error?: Problem; input?: unknown; attempt?: number; reason?: string; [k: string]: unknown };
}

/** The workflow version a run used (`GET /api/v1/workflows/:ns/:name/versions/:version`). */
export interface WorkflowVersion {
  namespace: string;
  name: string;
  version: string;
  /** The parsed DSL document: what the model's `toGraph` takes. */
  definition: Record<string, unknown>;
  source: string;
}
