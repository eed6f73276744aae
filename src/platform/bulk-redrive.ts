/**
 * Bulk redrive (docs/repair.md): the faulted or cancelled runs a filter matches, found page by page in the
 * store, then redriven one after another at a steady rate. Paced because the runs usually failed together
 * on one dependency: a thousand redrives at once would hit it with a thousand requests the moment it is back.
 */
import type { BulkRedriveItem } from '../contracts/index.js';
import type { Clock, RunFilter, RunRecord, Store } from '../ports/index.js';
import type { RunQuery } from './platform.js';

/** Redrives started per second unless WEFT_REDRIVE_RATE says otherwise. */
export const DEFAULT_REDRIVE_RATE = 20;

export interface BulkRedriveQuery extends Omit<RunQuery, 'cursor' | 'status'> {
  status?: ('faulted' | 'cancelled')[];
  /** The error's type URI, or its last segment (`communication`). */
  errorType?: string;
}

export interface BulkRedriveOptions {
  dryRun?: boolean;
  /** Who asks, listed with each run's redrives. */
  by?: string;
  /** Called after each redrive, with the problem when it was refused (another redrive won, …): for the audit. */
  onRedriven?: (item: BulkRedriveItem, err?: unknown) => Promise<void> | void;
}

export interface BulkRedriveStarted {
  dryRun: boolean;
  accepted: number;
  ratePerSecond?: number;
  items: BulkRedriveItem[];
  /** Settles once every run was redriven (or refused); never rejects. */
  done: Promise<void>;
}

/** Does the run's error have this type: the whole URI, or its last path segment? */
export function errorTypeMatches(type: string | undefined, wanted: string): boolean {
  if (!type) return false;
  return type === wanted || type.slice(type.lastIndexOf('/') + 1) === wanted;
}

/**
 * Calls `f` for each item, the i-th no earlier than i/rate seconds after the first, one at a time (a slow
 * redrive delays the rest rather than letting them bunch up afterwards). Stops, between calls, once
 * `signal` aborts (the server shuts down).
 */
export async function paced<T>(items: readonly T[], ratePerSecond: number, clock: Clock, f: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  const start = clock.now();
  const gap = 1000 / ratePerSecond;
  for (let i = 0; i < items.length && !signal?.aborted; i++) {
    const at = start + i * gap;
    if (at > clock.now()) {
      await new Promise<void>((resolve) => {
        const cancel = clock.setTimer(at, () => {
          signal?.removeEventListener('abort', stop);
          resolve();
        });
        const stop = () => {
          cancel();
          resolve();
        };
        signal?.addEventListener('abort', stop, { once: true });
      });
      if (signal?.aborted) return;
    }
    await f(items[i]);
  }
}

const PAGE = 500;

/** The matching runs, newest first, at most `limit`: the error type is not a store filter, so pages are read until enough match. */
export async function matchingRuns(store: Store, q: BulkRedriveQuery, limit: number): Promise<RunRecord[]> {
  const filter: RunFilter = {
    status: q.status?.length ? q.status : ['faulted'],
    ...(q.namespace ? { namespace: q.namespace } : {}),
    ...(q.namespaces ? { namespaces: q.namespaces } : {}),
    ...(q.name ? { name: q.name } : {}),
    ...(q.version ? { version: q.version } : {}),
    ...(q.from !== undefined ? { createdFrom: q.from } : {}),
    ...(q.to !== undefined ? { createdTo: q.to } : {}),
  };
  const out: RunRecord[] = [];
  let before: RunFilter['before'];
  for (;;) {
    const rows = await store.listRuns({ ...filter, ...(before ? { before } : {}), limit: PAGE });
    for (const r of rows) if (q.errorType === undefined || errorTypeMatches(r.error?.type, q.errorType)) out.push(r);
    if (out.length >= limit || rows.length < PAGE) return out.slice(0, limit);
    const last = rows[rows.length - 1];
    before = { createdAt: last.createdAt, id: last.id };
  }
}

export function bulkItem(r: RunRecord): BulkRedriveItem {
  return { id: r.id, workflow: `${r.namespace}/${r.name}`, version: r.version, status: r.status, ...(r.error?.type ? { errorType: r.error.type } : {}) };
}
