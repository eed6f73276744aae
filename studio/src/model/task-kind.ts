/**
 * Which of the DSL's twelve task kinds a task is (detected as the engine does: src/contracts), and where
 * its nested task lists live, mirroring the server's walk (src/dsl/walk.ts, which the studio may not
 * import: DESIGN.md §2).
 */
import { TASK_KINDS, type TaskKind as DslTaskKind, taskKindOf } from '../../../src/contracts/index.js';
import { isObject } from './pointer.js';

export { TASK_KINDS };
export type TaskKind = DslTaskKind | 'unknown';

export function taskKind(task: unknown): TaskKind {
  return taskKindOf(task) ?? 'unknown';
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
