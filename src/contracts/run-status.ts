/** A run's status as the engine, the stores, the HTTP API and the studio name it. */
export const RUN_STATUSES = ['pending', 'running', 'waiting', 'suspended', 'cancelled', 'faulted', 'completed'] as const;

export type RunStatus = (typeof RUN_STATUSES)[number];

/** The statuses a run never leaves. */
export const TERMINAL: ReadonlySet<RunStatus> = new Set(['cancelled', 'faulted', 'completed']);

/** The statuses of a run that has not ended (a run in one may still be cancelled, or recovered). */
export const LIVE: readonly RunStatus[] = RUN_STATUSES.filter((s) => !TERMINAL.has(s));

export function isRunStatus(value: unknown): value is RunStatus {
  return typeof value === 'string' && (RUN_STATUSES as readonly string[]).includes(value);
}
