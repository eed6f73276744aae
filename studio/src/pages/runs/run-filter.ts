/** The runs list's filter and the list endpoint's query string for it. Pure (unit-tested). */
import type { RunStatus } from './run-types.js';

export interface RunFilter {
  /** `namespace/name`, or '' for every workflow. */
  workflow: string;
  statuses: RunStatus[];
  /** `datetime-local` values (local time), '' for open ends. */
  from: string;
  to: string;
}

export const NO_FILTER: RunFilter = { workflow: '', statuses: [], from: '', to: '' };

/** The filter as the list endpoint's query string (times sent as ISO 8601). */
export function filterQuery(f: RunFilter): URLSearchParams {
  const q = new URLSearchParams();
  if (f.workflow.trim()) q.set('workflow', f.workflow.trim());
  if (f.statuses.length) q.set('status', f.statuses.join(','));
  if (f.from) q.set('from', new Date(f.from).toISOString());
  if (f.to) q.set('to', new Date(f.to).toISOString());
  return q;
}
