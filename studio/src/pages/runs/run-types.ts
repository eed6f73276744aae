/**
 * The API's shapes the runs pages read: the contract's (src/contracts/api, derived from the route
 * schemas), named as these pages use them.
 */
import type { CloudEventView, RunPage as ContractRunPage, RunStatus, RunView, WorkflowDetail, WorkflowErrorView } from '../../../../src/contracts/index.js';
import { RUN_STATUSES, TERMINAL } from '../../../../src/contracts/index.js';

export type { RunStatus };

/** The status filter's order: the live statuses, then the ended ones from the happy end (completed first). */
export const STATUS_FILTER_ORDER: readonly RunStatus[] = [...RUN_STATUSES.filter((s) => !TERMINAL.has(s)), ...RUN_STATUSES.filter((s) => TERMINAL.has(s)).reverse()];

/** Statuses after which nothing changes any more: live refresh stops there. */
export const ENDED: ReadonlySet<string> = TERMINAL;

export type Run = RunView;

export type RunPage = ContractRunPage;

/** One lifecycle event of a run (`GET /api/v1/runs/:id/events`), oldest first. */
export type RunEvent = Pick<CloudEventView, 'id' | 'type'> & {
  /** ISO 8601: when the journal entry that caused the event was written. */
  time: string;
  data: { task?: string; output?: unknown; error?: WorkflowErrorView; input?: unknown; attempt?: number; reason?: string; [k: string]: unknown };
};

/** The workflow version a run used (`GET /api/v1/workflows/:ns/:name/versions/:version`). */
export type WorkflowVersion = WorkflowDetail;
