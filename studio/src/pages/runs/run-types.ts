/**
 * The API's shapes the runs pages read (src/platform/platform.ts RunView, the runs list page and
 * the run's lifecycle CloudEvents). Run statuses come from src/contracts, the one list the server
 * uses; the rest is restated here until the API's shapes are contracts too (DESIGN.md §2).
 */
import type { Problem } from '../../api/client.js';
import { RUN_STATUSES, type RunStatus, TERMINAL } from '../../../../src/contracts/index.js';

export type { RunStatus };

/** The status filter's order: the live statuses, then the ended ones from the happy end (completed first). */
export const STATUS_FILTER_ORDER: readonly RunStatus[] = [...RUN_STATUSES.filter((s) => !TERMINAL.has(s)), ...RUN_STATUSES.filter((s) => TERMINAL.has(s)).reverse()];

/** Statuses after which nothing changes any more: live refresh stops there. */
export const ENDED: ReadonlySet<string> = TERMINAL;

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
