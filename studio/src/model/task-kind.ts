/**
 * Which of the DSL's twelve task kinds a task is, and where its nested task lists live. Both mirror the
 * server's walk (src/dsl/walk.ts), which the studio may not import (DESIGN.md §2).
 */
import { isObject } from './pointer.js';

export const TASK_KINDS = ['call', 'do', 'emit', 'for', 'fork', 'listen', 'raise', 'run', 'set', 'switch', 'try', 'wait'] as const;
export type TaskKind = (typeof TASK_KINDS)[number] | 'unknown';

// `for` and `listen` tasks also carry `do`/`foreach.do` bodies, so the specific keys are tested before `do`.
const DETECTION_ORDER: readonly TaskKind[] = ['for', 'try', 'fork', 'switch', 'call', 'emit', 'listen', 'raise', 'run', 'set', 'wait', 'do'];

export function taskKind(task: unknown): TaskKind {
  if (!isObject(task)) return 'unknown';
  for (const kind of DETECTION_ORDER) if (kind in task) return kind;
  return 'unknown';
}

/**
 * Paths (below the task) of the task lists directly inside a task, in a stable order: the `do` body
 * (of `do` and `for`), fork branches, try body, catch body, listen `foreach.do` and the AsyncAPI
 * subscription's `foreach.do`. Only arrays count: anything else is left in the task verbatim.
 */
export function childListPaths(task: Record<string, unknown>): string[][] {
  const candidates: string[][] = [
    ['do'],
    ['fork', 'branches'],
    ['try'],
    ['catch', 'do'],
    ['foreach', 'do'],
    ['with', 'subscription', 'foreach', 'do'],
  ];
  return candidates.filter((path) => Array.isArray(valueAt(task, path)));
}

function valueAt(root: unknown, path: readonly string[]): unknown {
  let node = root;
  for (const key of path) {
    if (!isObject(node)) return undefined;
    node = node[key];
  }
  return node;
}
