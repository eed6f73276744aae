/**
 * The DSL's twelve task kinds, each named by the property that defines it (`call`, `do`, `set`, …), and
 * the order in which a task's kind is detected. Written once for the engine, the DSL checks and the
 * studio (src/contracts/task-kinds.ts re-exports it; it lives here because the DSL module, which may
 * import only shared, needs it too).
 */

/** Every task kind, in the DSL reference's (alphabetical) order. */
export const TASK_KINDS = ['call', 'do', 'emit', 'for', 'fork', 'listen', 'raise', 'run', 'set', 'switch', 'try', 'wait'] as const;

export type TaskKind = (typeof TASK_KINDS)[number];

/**
 * The order in which a task's kind is recognised: `for` tasks also carry `do` (and `listen`, `try` may
 * hold nested `do` lists), so `do` comes last.
 */
export const TASK_KIND_DETECTION_ORDER: readonly TaskKind[] = [...TASK_KINDS.filter((k) => k !== 'do'), 'do'];

/** The kind of a task (the first detected kind property it has), or undefined when it is not a task. */
export function taskKindOf(task: unknown): TaskKind | undefined {
  if (typeof task !== 'object' || task === null || Array.isArray(task)) return undefined;
  for (const kind of TASK_KIND_DETECTION_ORDER) if (kind in task) return kind;
  return undefined;
}
